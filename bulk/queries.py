"""Reading imports: one job with its report, the list of jobs, a job's products."""

from typing import Any

from sqlalchemy import Select, or_, select

from bulk.models import ImportItem, ImportJob, ImportState, ItemAction, ItemOutcome
from core.extensions import db
from core.problems import Problem

REPORTED_ERRORS = 1000


def get_job(job_id: int) -> ImportJob:
    """The import with `job_id`, or a 404 problem."""
    job = db.session.get(ImportJob, job_id)
    if job is None:
        raise Problem(404, f"No import with id {job_id}.", kind="not-found")
    return job


def jobs() -> Select:
    """Every import, newest first."""
    return select(ImportJob).order_by(ImportJob.id.desc())


def items_of(job: ImportJob, args: dict[str, Any]) -> Select:
    """The job's products in file order, narrowed by `action` and `outcome` when given."""
    statement = select(ImportItem).where(ImportItem.job_id == job.id)
    if args.get("action") is not None:
        statement = statement.where(ImportItem.action == args["action"])
    if args.get("outcome") is not None:
        statement = statement.where(ImportItem.outcome == args["outcome"])
    return statement.order_by(ImportItem.position)


def report(job: ImportJob) -> dict[str, Any]:
    """The job as the API and the console show it: state, progress, summary and errors."""
    product_errors = _with_errors(job)
    errors = [{**error, "product": None} for error in job.errors]
    count = len(errors) + _count_errors(product_errors)
    for item in db.session.scalars(product_errors.limit(REPORTED_ERRORS)):
        errors.extend({**error, "product": item.slug} for error in item.errors)
    errors.sort(key=lambda error: error["line"])
    return {
        "id": job.id,
        "filename": job.filename,
        "format": job.file_format,
        "state": job.state,
        "dry_run": not job.apply_when_valid,
        "create_terms": job.create_terms,
        "valid_only": job.valid_only,
        "created_by": job.created_by.email if job.created_by else None,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "progress": {
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "products_done": job.products_done,
            "products_total": job.products_total,
        },
        "summary": job.counts,
        "terms_to_create": job.new_terms,
        "can_apply": job.state is ImportState.VALIDATED and not job.file_refused,
        "error_count": count,
        "errors": errors[:REPORTED_ERRORS],
        "failure": job.failure,
    }


def _with_errors(job: ImportJob) -> Select:
    return (
        select(ImportItem)
        .where(
            ImportItem.job_id == job.id,
            or_(ImportItem.action == ItemAction.INVALID, ImportItem.outcome == ItemOutcome.FAILED),
        )
        .order_by(ImportItem.position)
    )


def _count_errors(statement: Select) -> int:
    counted = 0
    for errors in db.session.scalars(statement.with_only_columns(ImportItem.errors)):
        counted += len(errors)
    return counted
