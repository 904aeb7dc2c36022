"""Running import jobs: claimed under a lease, checked in full, then written a few whole products
per commit.

A worker holds a job by its lease and renews it with every commit; a worker that dies stops
renewing, and once the lease lapses any other worker resumes the job. Checking starts over;
writing carries on from the first product not yet written, because each commit writes whole
products together with the job's progress.
"""

import logging

from bulk.applying import apply
from bulk.checking import Progress, check
from bulk.leases import LeaseLost, claim_next, release, worker_name
from bulk.models import RUNNABLE, ImportJob, ImportState
from core.auth.guards import act_as
from core.extensions import db
from core.observability import working_as
from search import service as search_service

__all__ = ["claim_next", "run", "work_until_idle", "worker_name"]  # what workers call
log = logging.getLogger(__name__)


def work_until_idle(progress: Progress | None = None) -> int:
    """Run runnable jobs one after another until none is left; how many were run."""
    owner, done = worker_name(), 0
    while (job_id := claim_next(owner)) is not None:
        run(job_id, owner, progress)
        done += 1
    return done


def run(job_id: int, owner: str, progress: Progress | None = None) -> None:
    """Run a job this worker holds until it waits for a person, is over, or is taken over."""
    session = db.session()
    session.expire_on_commit = False  # rows read for a batch stay usable across its commits
    job = db.session.get(ImportJob, job_id)
    if job is None:
        return
    if job.created_by is not None:
        act_as(job.created_by)
    with working_as(job.work_id), search_service.bulk_writing(session):
        try:
            while job.state in RUNNABLE:
                if job.state is ImportState.VALIDATING:
                    check(job, owner, progress or _quiet)
                else:
                    apply(job, owner, progress or _quiet)
        except LeaseLost:
            db.session.rollback()
            log.warning("import %s was taken over by another worker", job_id)
        except Exception:
            db.session.rollback()
            log.exception("import %s failed", job_id)
            _fail(job_id, "An unexpected error stopped the import; the log says more.")


def _quiet(job: ImportJob) -> None:
    pass


def _fail(job_id: int, reason: str) -> None:
    job = db.session.get(ImportJob, job_id)
    if job is not None:
        release(job, ImportState.FAILED)
        job.failure = reason
        db.session.commit()
