"""Catalogue reads: listing statements, visibility rules and lookups by slug."""

from typing import Any

from sqlalchemy import ColumnElement, Select, nulls_last, select
from sqlalchemy.orm import joinedload, selectinload

from catalog.models import (
    Brand,
    Category,
    Certification,
    Finish,
    Product,
    ProductStatus,
    Variant,
    product_certifications,
)
from core.clock import utcnow
from core.extensions import db
from core.problems import Problem
from search import service as search_service

LISTING_LOAD_OPTIONS = (
    joinedload(Product.brand),
    joinedload(Product.category),
    selectinload(Product.variants).joinedload(Variant.finish),
    selectinload(Product.images),
)
DETAIL_LOAD_OPTIONS = (*LISTING_LOAD_OPTIONS, selectinload(Product.certifications))

SEARCH_ARGUMENTS = ("q", "sort", "status", "page", "per_page")
SORT_ORDERS: dict[str, tuple[ColumnElement, ...]] = {
    "newest": (nulls_last(Product.published_at.desc()), Product.id.desc()),
    "price": (nulls_last(Product.price_min.asc()), Product.id.asc()),
    "-price": (nulls_last(Product.price_min.desc()), Product.id.desc()),
    "name": (Product.name.asc(), Product.id.asc()),
}
# Shoppers only see live products with variants, so published_at and price_min are never NULL for
# them: plain orders give the same rows, and every database can walk the listing indexes for them
# (PostgreSQL cannot use an ascending index for DESC NULLS LAST, and then sorts every product).
PUBLIC_SORT_ORDERS: dict[str, tuple[ColumnElement, ...]] = {
    "newest": (Product.published_at.desc(), Product.id.desc()),
    "price": (Product.price_min.asc(), Product.id.asc()),
    "-price": (Product.price_min.desc(), Product.id.desc()),
    "name": SORT_ORDERS["name"],
}


def visible(statement: Select, *, staff: bool, status: ProductStatus | None = None) -> Select:
    """Restrict to what the caller may see: shoppers only published, already-live products."""
    if status is not None and status != ProductStatus.PUBLISHED and not staff:
        raise Problem(
            403, "Only editors and admins may see unpublished products.", kind="forbidden"
        )
    if staff:
        return statement.where(Product.status == status) if status else statement
    return statement.where(
        Product.status == ProductStatus.PUBLISHED, Product.published_at <= utcnow()
    )


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


def filtered(statement: Select, args: dict[str, Any]) -> Select:
    """Apply the listing filters in `args` to a SELECT of products."""
    if args.get("category"):
        statement = statement.where(
            Product.category_id.in_(category_ids_below(Category.slug.in_(args["category"])))
        )
    if args.get("brand"):
        statement = statement.where(
            Product.brand_id.in_(select(Brand.id).where(Brand.slug.in_(args["brand"])))
        )
    if args.get("finish"):
        finish_ids = select(Finish.id).where(Finish.slug.in_(args["finish"]))
        statement = statement.where(
            Product.id.in_(select(Variant.product_id).where(Variant.finish_id.in_(finish_ids)))
        )
    if args.get("certification"):
        certification_ids = select(Certification.id).where(
            Certification.slug.in_(args["certification"])
        )
        statement = statement.where(
            Product.id.in_(
                select(product_certifications.c.product_id).where(
                    product_certifications.c.certification_id.in_(certification_ids)
                )
            )
        )
    if args.get("handle_type"):
        statement = statement.where(Product.handle_type.in_(args["handle_type"]))
    if args.get("mounting"):
        statement = statement.where(Product.mounting.in_(args["mounting"]))
    if args.get("min_price") is not None:
        statement = statement.where(Product.price_min >= args["min_price"])
    if args.get("max_price") is not None:
        statement = statement.where(Product.price_min <= args["max_price"])
    if args.get("in_stock") is True:
        statement = statement.where(Product.stock_total > 0)
    elif args.get("in_stock") is False:
        statement = statement.where(Product.stock_total <= 0)
    return statement


def product_listing(args: dict[str, Any], *, staff: bool) -> Select:
    """The SELECT behind GET /products for these filters and sort."""
    statement = visible(select(Product), staff=staff, status=args.get("status"))
    statement = filtered(statement, args)
    orders = SORT_ORDERS if staff else PUBLIC_SORT_ORDERS
    return statement.order_by(*orders.get(args.get("sort") or "newest", orders["newest"]))


def searched_products(args: dict[str, Any], *, staff: bool) -> dict[str, Any]:
    """A page of GET /products?q=…: the search engine ranks, the database supplies the rows."""
    filters = {name: value for name, value in args.items() if name not in SEARCH_ARGUMENTS}
    return search_service.page_of_rows(
        Product,
        args["q"],
        page=args["page"],
        per_page=args["per_page"],
        load_options=LISTING_LOAD_OPTIONS,
        types=["product"],
        filters=filters,
        sort=args.get("sort"),
        staff=staff,
        status=args.get("status"),
    )


def get_product(slug: str, *, staff: bool) -> Product:
    """The product at `slug` with everything its page needs, or a 404 problem."""
    statement = visible(select(Product).where(Product.slug == slug), staff=staff)
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
