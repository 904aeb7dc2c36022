"""Writing a checked job: its products handed to the catalogue's services a few whole ones per
commit, each commit carrying the job's progress, so a resumed job carries on where it stopped."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from bulk.checking import BATCH, Progress, load_context
from bulk.grouping import ProductRows
from bulk.leases import release, renew
from bulk.models import ImportItem, ImportJob, ImportState, ItemAction, ItemOutcome
from bulk.planning import Context, Plan, plan_product
from bulk.terms import TermIndex, create_missing_terms
from catalog import services
from catalog.models import Product
from catalog.transaction_reads import read_ahead
from core.clock import utcnow
from core.extensions import HoldableSession, db, hold_commits, stop_holding_commits
from core.problems import Problem

WRITE_BATCH = 50  # whole products written in one commit with the job's progress
WRITE_REFUSALS = (Problem, StaleDataError, IntegrityError)


def apply(job: ImportJob, owner: str, progress: Progress) -> None:
    """Write the job's products that are not written yet, a few whole products per commit."""
    job.started_at = job.started_at or utcnow()
    if job.create_terms and job.new_terms:
        create_missing_terms(job.new_terms)
    terms = TermIndex.load(create_missing=False)
    while True:
        items = db.session.scalars(
            select(ImportItem)
            .where(ImportItem.job_id == job.id, ImportItem.outcome == ItemOutcome.PENDING)
            .order_by(ImportItem.position)
            .limit(BATCH)
        ).all()
        if not items:
            break
        groups = {item.id: _rows_of(item) for item in items}
        context, stored = load_context(job, terms, groups.values())
        for start in range(0, len(items), WRITE_BATCH):
            chunk = [
                (item, groups[item.id], stored.get(item.slug))
                for item in items[start:][:WRITE_BATCH]
            ]
            if not _write_together(job, owner, chunk, context):
                for item, group, product in chunk:  # one by one: the failing ones say why
                    if item.outcome is ItemOutcome.PENDING:
                        _write_alone(job, owner, item, group, product, context)
            progress(job)
    renew(job, owner)
    release(job, ImportState.APPLIED)
    db.session.commit()
    progress(job)


def _rows_of(item: ImportItem) -> ProductRows:
    return ProductRows(item.slug, [(line, cells) for line, cells in item.rows])


Chunk = list[tuple[ImportItem, ProductRows, Product | None]]


def _write_together(job: ImportJob, owner: str, chunk: Chunk, context: Context) -> bool:
    """Write whole products and the job's progress in one commit; False (nothing written) if
    the catalogue refused any of them."""
    try:
        # One flush for the lot: the file was checked against itself (slugs and SKUs appear
        # once), so no product needs to see another in the database before the commit.
        with _one_commit(flush_each=False), db.session.no_autoflush:
            renew(job, owner)
            plans = [_plan(item, group, product, context) for item, group, product in chunk]
            read_ahead([plan.data for plan in plans if plan and plan.data])
            for (item, _, product), plan in zip(chunk, plans, strict=True):
                _write(job, item, product, plan)
        return True
    except WRITE_REFUSALS:
        return False


def _write_alone(
    job: ImportJob,
    owner: str,
    item: ImportItem,
    group: ProductRows,
    product: Product | None,
    context: Context,
) -> None:
    """Write one product with the job's progress in one commit, or record why it was refused."""
    try:
        with _one_commit():
            renew(job, owner)
            _write(job, item, product, _plan(item, group, product, context))
    except WRITE_REFUSALS as refused:
        with _one_commit():
            renew(job, owner)
            _advance(job, item)
            _failed(
                job, item, [{"line": item.first_line, "column": None, "message": _why(refused)}]
            )


@contextmanager
def _one_commit(*, flush_each: bool = True) -> Iterator[None]:
    """Hold the service's commits in the block and commit once at its end (roll back on error)."""
    hold_commits(flush_each=flush_each)
    try:
        yield
        cast(HoldableSession, db.session()).commit_held()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        stop_holding_commits()


def _plan(
    item: ImportItem, group: ProductRows, product: Product | None, context: Context
) -> Plan | None:
    """Check one product again against the catalogue as it is now (None: it was invalid)."""
    return plan_product(group, product, context) if item.action is not ItemAction.INVALID else None


def _write(job: ImportJob, item: ImportItem, product: Product | None, plan: Plan | None) -> None:
    """Hand one checked product to the catalogue's service; its progress is recorded after, so
    it is flushed with the next product or the commit (raises what the service does)."""
    if plan is None or plan.action is ItemAction.UNCHANGED:
        item.outcome = ItemOutcome.SKIPPED
    elif plan.action is ItemAction.INVALID:
        _failed(job, item, [error.as_dict() for error in plan.errors])
    else:
        if product is None:
            services.create_product(plan.data)
        else:
            services.update_product(product, plan.data)
        item.outcome = ItemOutcome.APPLIED
        _count(job, "created" if plan.action is ItemAction.CREATE else "updated")
    _advance(job, item)


def _advance(job: ImportJob, item: ImportItem) -> None:
    job.rows_done += len(item.rows)
    job.products_done += 1


def _failed(job: ImportJob, item: ImportItem, errors: list[dict]) -> None:
    item.outcome = ItemOutcome.FAILED
    item.errors = errors
    _count(job, "failed")


def _count(job: ImportJob, name: str) -> None:
    job.counts = {**job.counts, name: job.counts.get(name, 0) + 1}


def _why(refused: Exception) -> str:
    if isinstance(refused, Problem):
        return refused.detail
    if isinstance(refused, StaleDataError):
        return "Someone else changed this product while it was being imported; import it again."
    return "The catalogue refused this product (a slug or SKU was taken meanwhile)."
