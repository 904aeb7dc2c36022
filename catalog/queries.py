"""Catalogue reads: listings, visibility rules and lookups by slug."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from catalog.models import (
    Category,
    Product,
    ProductImage,
    ProductSlugRedirect,
    ProductStatus,
    Variant,
)
from core.clock import utcnow
from core.extensions import db
from core.problems import Problem
from search import service as search_service

LISTING_LOAD_OPTIONS = (
    joinedload(Product.brand),
    joinedload(Product.category),
    selectinload(Product.variants).joinedload(Variant.finish),
    selectinload(Product.images).options(
        joinedload(ProductImage.asset), joinedload(ProductImage.finishes)
    ),
)
DETAIL_LOAD_OPTIONS = (*LISTING_LOAD_OPTIONS, selectinload(Product.certifications))

# Arguments that are not filters: the engine takes them as its own parameters.
NOT_FILTERS = ("q", "sort", "status", "page", "per_page")


def visible(statement: Select, *, staff: bool) -> Select:
    """Restrict to what the caller may see: staff everything, shoppers live products only."""
    return statement if staff else statement.where(live_at(utcnow()))


def public_addresses() -> Select:
    """The products shoppers see, as (id, slug, updated_at) rows: what a sitemap lists."""
    return visible(select(Product.id, Product.slug, Product.updated_at), staff=False)


def live_at(now) -> ColumnElement[bool]:
    """Whether shoppers see a product at `now` (a datetime or a bound parameter)."""
    return and_(Product.status == ProductStatus.PUBLISHED, Product.published_at <= now)


def category_ids_below(top: ColumnElement[bool]) -> Select:
    """A subquery of the ids of the categories matching `top` and of everything below them."""
    tree = select(Category.id).where(top).cte("category_tree", recursive=True)
    tree = tree.union_all(select(Category.id).where(Category.parent_id == tree.c.id))
    return select(tree.c.id)


def category_path(category: Category | None) -> list[Category]:
    """The category and its ancestors, top level first (a loop in the tree ends the walk)."""
    path: list[Category] = []
    while category is not None and category not in path:
        path.insert(0, category)
        category = category.parent
    return path


def listed_products(
    args: Mapping[str, Any],
    *,
    staff: bool,
    page: int,
    per_page: int,
    with_facets: bool = False,
    observed: bool = False,
) -> dict[str, Any]:
    """A page of product summaries for the storefront listings and GET /products.

    The search engine filters, counts, sorts and pages over its columns (and, with `q`, matches
    and ranks); the items are the summaries it stores, read from the database for products with
    a change it has not taken in yet (see `search.listings`). With `with_facets`, the envelope
    also holds the facet counts of what the filters leave. With `observed` (a shopper asked),
    a search with `q` is reported to the search log.
    """
    return search_service.listing_page(
        args.get("q") or "",
        page=page,
        per_page=per_page,
        with_facets=with_facets,
        **_listing_options(args, staff, observed),
    )


def listed_products_json(
    args: Mapping[str, Any], *, staff: bool, page: int, per_page: int, observed: bool = False
) -> str:
    """`listed_products` as the JSON text GET /products answers (summaries spliced in as stored)."""
    return search_service.listing_page_json(
        args.get("q") or "",
        page=page,
        per_page=per_page,
        **_listing_options(args, staff, observed),
    )


def _listing_options(args: Mapping[str, Any], staff: bool, observed: bool) -> dict[str, Any]:
    return {
        "types": ["product"],
        "filters": {name: value for name, value in args.items() if name not in NOT_FILTERS},
        "sort": args.get("sort"),
        "staff": staff,
        "status": args.get("status"),
        "observed": observed,
    }


def get_product(slug: str, *, staff: bool, old_slugs: bool = False) -> Product:
    """The product at `slug` (or, with `old_slugs`, the one that used to be there) with
    everything its page needs, or a 404 problem."""
    matches = Product.slug == slug
    if old_slugs:
        moved = select(ProductSlugRedirect.product_id).where(ProductSlugRedirect.slug == slug)
        matches = or_(matches, Product.id.in_(moved))
    statement = visible(select(Product).where(matches), staff=staff)
    product = db.session.scalar(statement.options(*DETAIL_LOAD_OPTIONS))
    if product is None:
        raise Problem(404, f"No product with slug '{slug}'.", kind="not-found")
    return product


def term_listing(model, *, include_archived: bool) -> Select:
    """Brands, finishes, certifications or categories by name, archived ones only on request."""
    statement = select(model).order_by(model.name, model.id)
    return statement if include_archived else statement.where(model.archived_at.is_(None))


def get_term(model, slug: str):
    """The term at `slug`, or a 404 problem."""
    term = db.session.scalar(select(model).where(model.slug == slug))
    if term is None:
        raise Problem(404, f"No {model.__name__.lower()} with slug '{slug}'.", kind="not-found")
    return term


def category_tree(*, include_archived: bool) -> list[dict[str, Any]]:
    """Every category as nested dicts with `children`, siblings by position then name."""
    categories = db.session.scalars(
        term_listing(Category, include_archived=include_archived)
        .order_by(None)
        .order_by(Category.position, Category.name)
    ).all()
    nodes = {category.id: {"category": category, "children": []} for category in categories}
    roots: list[dict] = []
    for category in categories:
        parent = nodes.get(category.parent_id)
        (parent["children"] if parent else roots).append(nodes[category.id])
    return roots
