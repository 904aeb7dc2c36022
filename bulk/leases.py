"""Who runs a job: a worker holds it under a lease it renews with every commit; a lapsed lease
lets another worker take the job over."""

import os
import socket
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from bulk.models import RUNNABLE, ImportJob, ImportState
from core.clock import utcnow
from core.extensions import db


class LeaseLost(RuntimeError):
    """Another worker took the job over (this one was silent longer than the lease)."""


def worker_name() -> str:
    """This thread's name as a job's lease holder."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{threading.get_ident()}"


def claim_next(owner: str) -> int | None:
    """Take the oldest runnable job nobody holds (or whose holder went silent); its id."""
    now = utcnow()
    free = or_(ImportJob.lease_until.is_(None), ImportJob.lease_until < now)
    runnable = (ImportJob.state.in_(RUNNABLE), free)
    candidates = db.session.scalars(
        select(ImportJob.id).where(*runnable).order_by(ImportJob.id).limit(5)
    ).all()
    for job_id in candidates:
        taken = db.session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id, *runnable)
            .values(lease_owner=owner, lease_until=now + lease_length())
        )
        db.session.commit()
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return job_id
    return None


def lease_length() -> timedelta:
    """How long a silent worker keeps a job."""
    return timedelta(seconds=current_app.config["IMPORT_LEASE_SECONDS"])


def renew(job: ImportJob, owner: str) -> None:
    """Extend the lease in the current transaction, or raise LeaseLost."""
    renewed = db.session.execute(
        update(ImportJob)
        .where(ImportJob.id == job.id, ImportJob.lease_owner == owner)
        .values(lease_until=utcnow() + lease_length())
        .execution_options(synchronize_session=False)
    )
    if renewed.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(job.id)


def release(job: ImportJob, state: ImportState) -> None:
    """Let go of the job in `state` (a finished one gets its end time)."""
    job.state = state
    job.lease_owner = job.lease_until = None
    if state not in RUNNABLE:
        job.finished_at = utcnow()
