"""Exporting products as spreadsheet downloads, read in batches so memory stays flat."""

from collections.abc import Iterator
from typing import Any

from flask import Response, stream_with_context
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from bulk.columns import EXPORTED, export_rows
from bulk.writing import csv_chunks, xlsx_chunks
from catalog.models import Product, Variant
from catalog.queries import NOT_FILTERS
from core.extensions import db
from core.worker_heartbeat import still_working
from search import service as search_service

BATCH = 500
EXPORT_OPTIONS = (
    joinedload(Product.brand),
    joinedload(Product.category),
    selectinload(Product.variants).joinedload(Variant.finish),
    selectinload(Product.certifications),
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    """The export's column names."""
    return [column.name for column in EXPORTED]


def export_response(args: dict[str, Any], file_format: str) -> Response:
    """The products the listing filters in `args` leave as a `file_format` (csv or xlsx)
    download, streamed so that any catalogue size takes little memory."""
    rows = product_rows(args)
    if file_format == "csv":
        body, mimetype = csv_chunks(header(), rows), "text/csv; charset=utf-8"
    else:
        body, mimetype = xlsx_chunks(header(), rows), XLSX
    response = Response(stream_with_context(_sent_working(body)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="products.{file_format}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _sent_working(chunks: Iterator[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk
        still_working()  # a slow client too can make a download outlast the server's timeout


def product_rows(args: dict[str, Any]) -> Iterator[list[Any]]:
    """Every product the listing filters in `args` leave (any status unless one is named), one
    row per variant; batches are read in a session of their own and let go once written."""
    with Session(db.engine) as session:
        for batch in _batches(session, args):
            for product in batch:
                yield from export_rows(product)
            session.expunge_all()
            still_working()  # a large export outlasts the server's timeout for hung workers


def _batches(session: Session, args: dict[str, Any]) -> Iterator[list[Product]]:
    filters = {name: value for name, value in args.items() if name not in NOT_FILTERS}
    if args.get("q") or any(value not in (None, []) for value in filters.values()):
        yield from _matching(session, args, filters)
        return
    after = 0
    while True:
        statement = select(Product).where(Product.id > after).order_by(Product.id).limit(BATCH)
        if args.get("status") is not None:
            statement = statement.where(Product.status == args["status"])
        batch = list(session.scalars(statement.options(*EXPORT_OPTIONS)).unique())
        if not batch:
            return
        after = batch[-1].id
        yield batch


def _matching(
    session: Session, args: dict[str, Any], filters: dict[str, Any]
) -> Iterator[list[Product]]:
    """The products the search engine finds for the filters (as the staff listing does)."""
    page = 1
    while True:
        found = search_service.search(
            args.get("q") or "",
            types=["product"],
            filters=filters,
            sort="newest",
            page=page,
            per_page=BATCH,
            staff=True,
            status=args.get("status"),
            with_snippets=False,
            with_facets=False,
            with_listings=False,
        )
        ids = [hit.id for hit in found.hits]
        if not ids:
            return
        rows = session.scalars(select(Product).where(Product.id.in_(ids)).options(*EXPORT_OPTIONS))
        by_id = {product.id: product for product in rows.unique()}
        yield [by_id[i] for i in ids if i in by_id]
        page += 1
