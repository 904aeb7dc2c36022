"""Products side by side: a selection of slugs read in order, and the attributes that differ."""

from typing import Any

from sqlalchemy import or_, select

from catalog.comparison_schemas import ComparedProductSchema
from catalog.models import Product, ProductSlugRedirect
from catalog.queries import DETAIL_LOAD_OPTIONS, visible
from core.extensions import db

# The rows a comparison may highlight; name, brand and photo say which product a column is.
COMPARED = (
    "price_range",
    "finishes",
    "flow_rate",
    "spout_height",
    "spout_reach",
    "installation_holes",
    "mounting",
    "handle_type",
    "spout_type",
    "valve",
    "body_material",
    "certifications",
    "markets",
    "in_stock",
)


def selected_products(slugs: list[str], *, staff: bool) -> dict[str, Product]:
    """The product each of `slugs` names (its slug now or one it had), for those the caller may
    see, keyed by the slug asked for, in the order asked."""
    if not slugs:
        return {}
    moved = dict(
        db.session.execute(
            select(ProductSlugRedirect.slug, ProductSlugRedirect.product_id).where(
                ProductSlugRedirect.slug.in_(slugs)
            )
        ).all()
    )
    statement = select(Product).where(
        or_(Product.slug.in_(slugs), Product.id.in_(list(moved.values())))
    )
    found = db.session.scalars(visible(statement, staff=staff).options(*DETAIL_LOAD_OPTIONS))
    by_slug = {product.slug: product for product in found}
    by_id = {product.id: product for product in by_slug.values()}
    named = {slug: by_slug.get(slug) or by_id.get(moved.get(slug, 0)) for slug in slugs}
    return {slug: product for slug, product in named.items() if product is not None}


def comparison(slugs: list[str], *, staff: bool) -> dict[str, Any]:
    """The products `slugs` name, each once and in order, the attributes that differ between
    them (as ComparisonSchema shows them) and the slugs that named nothing the caller may see."""
    named = selected_products(slugs, staff=staff)
    products = list({product.id: product for product in named.values()}.values())
    return {
        "products": products,
        "differences": differing(ComparedProductSchema(many=True).dump(products)),
        "missing": [slug for slug in slugs if slug not in named],
    }


def differing(products: list[dict]) -> list[str]:
    """The compared attributes whose values are not the same for every product."""
    return [
        name
        for name in COMPARED
        if any(product[name] != products[0][name] for product in products[1:])
    ]
