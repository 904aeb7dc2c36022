"""Page arguments, the {"items", "meta"} envelope, and paginating a SELECT."""

import math
from functools import cache
from typing import Any

import marshmallow as ma
from sqlalchemy import Select, func, select

from core.extensions import db

MAX_PER_PAGE = 100
MAX_PAGE = 100_000


class PaginationArgs(ma.Schema):
    """`page` (from 1) and `per_page` (1 to 100) query arguments."""

    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=MAX_PAGE))
    per_page = ma.fields.Integer(
        load_default=20, validate=ma.validate.Range(min=1, max=MAX_PER_PAGE)
    )


class PageMetaSchema(ma.Schema):
    """Where a page sits in the whole result."""

    page = ma.fields.Integer()
    per_page = ma.fields.Integer()
    total = ma.fields.Integer()
    pages = ma.fields.Integer()


@cache
def page_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The envelope schema `{"items": [item_schema], "meta": PageMeta}` (one class per item)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema)),
            "meta": ma.fields.Nested(PageMetaSchema),
        },
        name=name,
    )


def page_meta(page: int, per_page: int, total: int) -> dict[str, int]:
    """The `meta` block for a page of `total` results."""
    return {
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page),
    }


def paginate(statement: Select, page: int, per_page: int, *load_options: Any) -> dict[str, Any]:
    """Count the whole result, then load one page with `load_options` (eager loads)."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    page_statement = statement.options(*load_options).limit(per_page).offset((page - 1) * per_page)
    items = db.session.scalars(page_statement).all()
    return {"items": items, "meta": page_meta(page, per_page, total or 0)}


def page_of_ids(
    model, ids: list[int], total: int, page: int, per_page: int, *load_options: Any
) -> dict[str, Any]:
    """The envelope of `model` rows with `ids`, in that order (rows deleted since: skipped)."""
    rows = db.session.scalars(select(model).where(model.id.in_(ids)).options(*load_options))
    by_id = {row.id: row for row in rows}
    return {
        "items": [by_id[i] for i in ids if i in by_id],
        "meta": page_meta(page, per_page, total),
    }
