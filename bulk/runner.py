"""Running import jobs: claimed under a lease, checked in full, then written a product at a time.

A worker holds a job by its lease and renews it with every commit; a worker that dies stops
renewing, and once the lease lapses any other worker resumes the job. Checking starts over;
writing carries on from the first product not yet written, because each product is written in
one transaction together with the job's progress.
"""

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import cast

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from bulk.grouping import (
    CellError,
    GroupedRows,
    HeaderRefused,
    ProductRows,
    group_rows,
    header_columns,
)
from bulk.models import RUNNABLE, ImportItem, ImportJob, ImportState, ItemAction, ItemOutcome
from bulk.planning import Context, plan_product
from bulk.reading import FileRefused, open_sheet
from bulk.terms import TermIndex, create_missing_terms
from catalog import services
from catalog.models import Product, Variant
from core.auth.guards import act_as
from core.clock import utcnow
from core.extensions import HoldableSession, db, hold_commits, stop_holding_commits
from core.observability import working_as
from core.problems import Problem
from search import service as search_service
from search.outbox import defer_indexing

log = logging.getLogger(__name__)
BATCH = 200  # products read and checked together (and committed together while checking)
WRITE_BATCH = 25  # whole products written in one commit with the job's progress
WRITE_REFUSALS = (Problem, StaleDataError, IntegrityError)
Progress = Callable[[ImportJob], None]


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
            .values(lease_owner=owner, lease_until=now + _lease())
        )
        db.session.commit()
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return job_id
    return None


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
    defer_indexing(session)
    job = db.session.get(ImportJob, job_id)
    if job is None:
        return
    if job.created_by is not None:
        act_as(job.created_by)
    with working_as(job.work_id):
        try:
            while job.state in RUNNABLE:
                if job.state is ImportState.VALIDATING:
                    _check(job, owner, progress or _quiet)
                else:
                    _apply(job, owner, progress or _quiet)
        except LeaseLost:
            db.session.rollback()
            log.warning("import %s was taken over by another worker", job_id)
        except Exception:
            db.session.rollback()
            log.exception("import %s failed", job_id)
            _fail(job_id, "An unexpected error stopped the import; the log says more.")
        finally:
            search_service.catch_up()


def _quiet(job: ImportJob) -> None:
    pass


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config["IMPORT_LEASE_SECONDS"])


def _renew(job: ImportJob, owner: str) -> None:
    """Extend the lease in the current transaction, or raise LeaseLost."""
    renewed = db.session.execute(
        update(ImportJob)
        .where(ImportJob.id == job.id, ImportJob.lease_owner == owner)
        .values(lease_until=utcnow() + _lease())
        .execution_options(synchronize_session=False)
    )
    if renewed.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(job.id)


def _release(job: ImportJob, state: ImportState) -> None:
    job.state = state
    job.lease_owner = job.lease_until = None
    if state not in RUNNABLE:
        job.finished_at = utcnow()


def _fail(job_id: int, reason: str) -> None:
    job = db.session.get(ImportJob, job_id)
    if job is not None:
        _release(job, ImportState.FAILED)
        job.failure = reason
        db.session.commit()


# ---- checking ----------------------------------------------------------------------------


def _check(job: ImportJob, owner: str, progress: Progress) -> None:
    """Read the whole file and check every product against the catalogue; write nothing else."""
    db.session.execute(delete(ImportItem).where(ImportItem.job_id == job.id))
    job.started_at = job.started_at or utcnow()
    job.rows_done = job.products_done = 0
    try:
        sheet = open_sheet(job.source or b"", current_app.config["IMPORT_MAX_ROWS"])
        job.file_format = sheet.format
        grouped = group_rows(header_columns(sheet.header), sheet.rows)
    except FileRefused as refused:
        return _refuse(job, owner, [CellError(0, "", str(refused))])
    except HeaderRefused as refused:
        return _refuse(job, owner, refused.errors)
    if grouped.rows_total == 0:
        return _refuse(job, owner, [CellError(0, "", "The file has a header row but no rows.")])
    _check_products(job, owner, grouped, progress)


def _check_products(job: ImportJob, owner: str, grouped: GroupedRows, progress: Progress) -> None:
    job.columns = grouped.columns
    job.rows_total, job.products_total = grouped.rows_total, len(grouped.products)
    job.errors = [_scoped(error, "row") for error in grouped.stray_errors]
    terms = TermIndex.load(job.create_terms)
    counts = dict.fromkeys(ItemAction, 0)
    for start, batch in _chunks(grouped.products):
        context, stored = _context(frozenset(job.columns), terms, batch)
        for position, group in enumerate(batch, start):
            plan = plan_product(group, stored.get(group.slug), context)
            counts[plan.action] += 1
            db.session.add(
                ImportItem(
                    job_id=job.id,
                    position=position,
                    slug=group.slug,
                    first_line=group.first_line,
                    rows=[[line, cells] for line, cells in group.rows],
                    action=plan.action,
                    changes=plan.changes,
                    errors=[error.as_dict() for error in plan.errors],
                )
            )
        job.rows_done += sum(len(group.rows) for group in batch)
        job.products_done += len(batch)
        _renew(job, owner)
        db.session.commit()
        progress(job)
    job.new_terms = terms.terms_to_create()
    job.counts = {action.value: count for action, count in counts.items()}
    job.source = None
    if job.apply_when_valid and not job.errors and not counts[ItemAction.INVALID]:
        job.state = ImportState.APPLYING  # still held: this worker goes on to write it
        job.rows_done = job.products_done = 0
    else:
        _release(job, ImportState.VALIDATED)
    db.session.commit()
    progress(job)


def _refuse(job: ImportJob, owner: str, errors: list[CellError]) -> None:
    """End the check of a file that cannot be used at all."""
    job.errors = [_scoped(error, "file") for error in errors]
    job.source = None
    _renew(job, owner)
    _release(job, ImportState.VALIDATED)
    db.session.commit()


def _scoped(error: CellError, scope: str) -> dict:
    return {"scope": scope, **error.as_dict()}


def _chunks(groups: list[ProductRows]) -> Iterator[tuple[int, list[ProductRows]]]:
    for start in range(0, len(groups), BATCH):
        yield start, groups[start : start + BATCH]


def _context(
    columns: frozenset[str], terms: TermIndex, groups: Iterable[ProductRows]
) -> tuple[Context, dict[str, Product]]:
    """What a batch of products is checked against: their stored selves and their SKUs' owners."""
    groups = list(groups)
    slugs = [group.slug for group in groups]
    stored = db.session.scalars(
        select(Product)
        .where(Product.slug.in_(slugs))
        .options(
            selectinload(Product.variants).joinedload(Variant.finish),
            selectinload(Product.certifications),
            selectinload(Product.brand),
            selectinload(Product.category),
        )
    ).all()
    skus = {cells["sku"] for group in groups for _, cells in group.rows if cells.get("sku")}
    owners = db.session.execute(
        select(Variant.sku, Product.slug).join(Product).where(Variant.sku.in_(skus))
    ).all()
    context = Context(columns, terms, {row.sku: row.slug for row in owners})
    return context, {product.slug: product for product in stored}


# ---- writing -----------------------------------------------------------------------------


def _apply(job: ImportJob, owner: str, progress: Progress) -> None:
    """Write the job's products that are not written yet, a few whole products per commit."""
    job.started_at = job.started_at or utcnow()
    if job.create_terms and job.new_terms:
        create_missing_terms(job.new_terms)
    terms = TermIndex.load(create_missing=False)
    columns = frozenset(job.columns)
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
        context, stored = _context(columns, terms, groups.values())
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
    _renew(job, owner)
    _release(job, ImportState.APPLIED)
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
            _renew(job, owner)
            for item, group, product in chunk:
                _write(job, item, group, product, context)
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
            _renew(job, owner)
            _write(job, item, group, product, context)
    except WRITE_REFUSALS as refused:
        with _one_commit():
            _renew(job, owner)
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


def _write(
    job: ImportJob, item: ImportItem, group: ProductRows, product: Product | None, context: Context
) -> None:
    """Check one product again and hand it to the catalogue's service; its progress is recorded
    after, so it is flushed with the next product or the commit (raises what the service does)."""
    plan = plan_product(group, product, context) if item.action is not ItemAction.INVALID else None
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
