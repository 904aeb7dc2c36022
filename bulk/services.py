"""Import jobs started and applied; each public function owns its transaction."""

from datetime import datetime

from flask import current_app
from sqlalchemy import update

from bulk.leases import lease_length
from bulk.models import ImportJob, ImportState
from bulk.worker import wake_workers_after_commit
from core.auth.models import User
from core.clock import utcnow
from core.extensions import db
from core.problems import Problem

MAX_FILENAME = 255


def start_import(
    filename: str,
    data: bytes,
    *,
    user: User | None,
    dry_run: bool = True,
    create_terms: bool = False,
    held_by: str | None = None,
) -> ImportJob:
    """Queue the check of an uploaded file (and, without `dry_run`, its writing if it is clean).

    `held_by` names the worker that will run it itself (the command line), so no other takes it.
    """
    if len(data) > current_app.config["IMPORT_MAX_BYTES"]:
        raise too_large()
    job = ImportJob(
        filename=(filename or "upload")[:MAX_FILENAME],
        state=ImportState.VALIDATING,
        apply_when_valid=not dry_run,
        create_terms=create_terms,
        source=data,
        created_by=user,
        counts={},
        errors=[],
        new_terms=[],
        columns=[],
    )
    _hold(job, held_by)
    db.session.add(job)
    wake_workers_after_commit()
    db.session.commit()
    return job


def apply_import(
    job: ImportJob, *, valid_only: bool = False, held_by: str | None = None
) -> ImportJob:
    """Queue the writing of a checked import (409 while it cannot be applied)."""
    if job.state is not ImportState.VALIDATED:
        raise Problem(
            409,
            f"The import is {job.state.value}: only a checked import is applied.",
            kind="conflict",
        )
    if job.file_refused:
        raise Problem(409, "Nothing in this file can be imported; see its errors.", kind="conflict")
    invalid = job.counts.get("invalid", 0) + len(job.errors)
    if invalid and not valid_only:
        raise Problem(
            409,
            f"{invalid} products or rows have errors, so nothing was applied. Fix the file and "
            "import it again, or apply with valid_only to write the valid products only.",
            kind="conflict",
        )
    lease = _lease_of(held_by)
    # Only the first of two people pressing Apply together moves the job on.
    moved = db.session.execute(
        update(ImportJob)
        .where(ImportJob.id == job.id, ImportJob.state == ImportState.VALIDATED)
        .values(
            state=ImportState.APPLYING,
            valid_only=valid_only,
            rows_done=0,
            products_done=0,
            lease_owner=held_by,
            lease_until=lease,
        )
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise Problem(409, "The import is being applied already.", kind="conflict")
    wake_workers_after_commit()
    db.session.commit()
    db.session.refresh(job)
    return job


def _hold(job: ImportJob, worker: str | None) -> None:
    job.lease_owner, job.lease_until = worker, _lease_of(worker)


def _lease_of(worker: str | None) -> datetime | None:
    """Until when a worker running the job itself holds it (None: any worker may take it)."""
    return None if worker is None else utcnow() + lease_length()


def too_large() -> Problem:
    """The 413 problem for a file over IMPORT_MAX_BYTES."""
    limit = current_app.config["IMPORT_MAX_BYTES"] // (1024 * 1024)
    return Problem(
        413,
        f"The file is larger than {limit} MB; split it into smaller files.",
        kind="payload-too-large",
    )
