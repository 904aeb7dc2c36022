"""What the product writes of one open transaction have read, so several products written in
it (an import's batch) read each term, slug and SKU once rather than once per product."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast
from weakref import WeakKeyDictionary

from sqlalchemy import select
from sqlalchemy.orm import SessionTransaction

from catalog.models import (
    Brand,
    Category,
    Certification,
    Finish,
    Product,
    ProductSlugRedirect,
    Variant,
)
from core.extensions import db
from core.problems import validation_problem

# A product written in this transaction but not flushed yet holds its slug and SKUs as this id.
UNFLUSHED = 0


@dataclass
class _Reads:
    terms: dict[tuple[type, str], Any] = field(default_factory=dict)
    # {slug or SKU: id of the product holding it, or None when it was free}
    slug_holders: dict[str, int | None] = field(default_factory=dict)
    sku_holders: dict[str, int | None] = field(default_factory=dict)


_READS: WeakKeyDictionary[SessionTransaction, _Reads] = WeakKeyDictionary()


def _reads() -> _Reads:
    db.session.connection()  # begins the transaction if nothing has yet
    return _READS.setdefault(cast(SessionTransaction, db.session().get_transaction()), _Reads())


def term_by_slug(model, slug: str, field_name: str):
    """The live term of `model` called `slug` (read once per transaction), or a 422 problem."""
    read = _reads().terms
    _read_terms(read, model, [slug])
    term = read[(model, slug)]
    if term is None or term.archived_at is not None:
        raise validation_problem(
            {field_name: [f"No such {model.__name__.lower()}."]},
            f"Unknown {model.__name__.lower()} '{slug}'.",
        )
    return term


def read_ahead(products: Sequence[Mapping[str, Any]]) -> None:
    """Read at once what writing these products (inputs as the catalogue's service takes them)
    checks: who holds their slugs and SKUs, and their terms. The writes that follow in this
    transaction then read none of it; the unique constraints still refuse, at commit, a slug or
    SKU someone else took meanwhile."""
    variants = [variant for data in products for variant in data.get("variants", ())]
    wanted: dict[Any, set[str]] = {
        Brand: {data["brand"] for data in products if "brand" in data},
        Category: {data["category"] for data in products if "category" in data},
        Certification: {slug for data in products for slug in data.get("certifications", ())},
        Finish: {variant["finish"] for variant in variants},
    }
    reads = _reads()
    for model, slugs in wanted.items():
        _read_terms(reads.terms, model, slugs)
    _read_holders(
        reads.slug_holders,
        [data["slug"] for data in products if "slug" in data],
        (Product.slug, Product.id),
        (ProductSlugRedirect.slug, ProductSlugRedirect.product_id),
    )
    _read_holders(
        reads.sku_holders,
        [variant["sku"] for variant in variants],
        (Variant.sku, Variant.product_id),
    )


def _read_terms(read: dict[tuple[type, str], Any], model, slugs: Iterable[str]) -> None:
    """Record the terms of `model` called `slugs` (None for a missing one), reading those
    not read yet in one query."""
    unread = [slug for slug in slugs if (model, slug) not in read]
    if unread:
        found = {
            term.slug: term
            for term in db.session.scalars(select(model).where(model.slug.in_(unread)))
        }
        read.update({(model, slug): found.get(slug) for slug in unread})


def _read_holders(holders: dict[str, int | None], values: list[str], *sources) -> None:
    """Record who holds each unread value of `values`: (value column, holder column) pairs."""
    unread = [value for value in values if value not in holders]
    if unread:
        holders.update(dict.fromkeys(unread))
        for column, holder in sources:
            found = db.session.execute(select(column, holder).where(column.in_(unread)))
            holders.update({row[0]: row[1] for row in found})


def slug_holders() -> dict[str, int | None]:
    """The product slugs `read_ahead` read in this transaction, and which products hold them
    (as their slug or as an old one that redirects)."""
    return _reads().slug_holders


def skus_held_by_others(skus: list[str], product_id: int | None) -> set[str]:
    """Which of `skus` a product other than `product_id` holds (read unless read before)."""
    holders = _reads().sku_holders
    _read_holders(holders, skus, (Variant.sku, Variant.product_id))
    return {sku for sku in skus if holders[sku] is not None and holders[sku] != product_id}


def hold(product: Product) -> None:
    """Record that `product` now holds its slug and SKUs, for the checks later in this
    transaction that would otherwise trust an earlier read."""
    reads = _reads()
    holder = product.id or UNFLUSHED
    # Its old slugs need no record: each was its slug before, so held by it already.
    if product.slug in reads.slug_holders:
        reads.slug_holders[product.slug] = holder
    for variant in product.variants:
        if variant.sku in reads.sku_holders:
            reads.sku_holders[variant.sku] = holder
