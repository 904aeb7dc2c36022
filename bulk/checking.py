"""Checking a job's file: read in full, every product planned against the catalogue, nothing
of the catalogue written; the report is stored with the job."""

from collections.abc import Callable, Iterable, Iterator

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from bulk.formats import EXCEL_CELL_CHARS
from bulk.grouping import (
    CellError,
    GroupedRows,
    HeaderRefused,
    ProductRows,
    group_rows,
    header_columns,
)
from bulk.leases import release, renew
from bulk.models import ImportItem, ImportJob, ImportState, ItemAction
from bulk.planning import Context, plan_product
from bulk.reading import FileRefused, open_sheet
from bulk.terms import TermIndex
from catalog.models import Product, ProductSlugRedirect, Variant
from core.clock import utcnow
from core.extensions import db

BATCH = 200  # products read and checked together (and committed together while checking)
Progress = Callable[[ImportJob], None]


def check(job: ImportJob, owner: str, progress: Progress) -> None:
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
        context, stored = load_context(job, terms, batch)
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
        renew(job, owner)
        db.session.commit()
        progress(job)
    job.new_terms = terms.terms_to_create()
    job.counts = {action.value: count for action, count in counts.items()}
    job.source = None
    if job.apply_when_valid and not job.errors and not counts[ItemAction.INVALID]:
        job.state = ImportState.APPLYING  # still held: this worker goes on to write it
        job.rows_done = job.products_done = 0
    else:
        release(job, ImportState.VALIDATED)
    db.session.commit()
    progress(job)


def _refuse(job: ImportJob, owner: str, errors: list[CellError]) -> None:
    """End the check of a file that cannot be used at all."""
    job.errors = [_scoped(error, "file") for error in errors]
    job.source = None
    renew(job, owner)
    release(job, ImportState.VALIDATED)
    db.session.commit()


def _scoped(error: CellError, scope: str) -> dict:
    return {"scope": scope, **error.as_dict()}


def _chunks(groups: list[ProductRows]) -> Iterator[tuple[int, list[ProductRows]]]:
    for start in range(0, len(groups), BATCH):
        yield start, groups[start : start + BATCH]


def load_context(
    job: ImportJob, terms: TermIndex, groups: Iterable[ProductRows]
) -> tuple[Context, dict[str, Product]]:
    """What a batch of the job's products is checked against: their stored selves and their
    SKUs' owners."""
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
    owner_of = {row.sku: row.slug for row in owners}
    moved = db.session.execute(
        select(ProductSlugRedirect.slug, Product.slug.label("now"))
        .join(Product)
        .where(ProductSlugRedirect.slug.in_(slugs))
    ).all()
    limit = EXCEL_CELL_CHARS if job.file_format == "xlsx" else None
    renamed = {row.slug: row.now for row in moved}
    context = Context(frozenset(job.columns), terms, owner_of, limit, renamed)
    return context, {product.slug: product for product in stored}
