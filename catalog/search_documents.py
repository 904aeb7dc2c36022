"""How the catalogue feeds search: one document per product, re-indexed when any part changes."""

import html
from decimal import Decimal

import nh3
from flask import Flask
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from catalog.markets import approved_markets, live_markets, products_a_market_change_affects
from catalog.models import (
    Brand,
    Category,
    Certification,
    Finish,
    HandleType,
    Market,
    Mounting,
    Product,
    ProductImage,
    ProductStatus,
    Variant,
    product_certifications,
)
from catalog.queries import DETAIL_LOAD_OPTIONS, category_ids_below, category_path, live_at
from catalog.schemas import ProductSummarySchema
from core.clock import utcnow
from core.extensions import db
from core.models import UTCDateTime
from media.schemas import thumbnail
from search.registry import DocumentType, Exact, Keyword, Number, Sort, Text, Watch, register

# One instance for every document: a schema built per dump rebuilds its nested schemas too.
LISTING = ProductSummarySchema()

PRICE_BANDS = (
    (None, Decimal("49.99")),
    (Decimal("50"), Decimal("99.99")),
    (Decimal("100"), Decimal("199.99")),
    (Decimal("200"), Decimal("499.99")),
    (Decimal("500"), None),
)
HANDLE_WORDS = {
    HandleType.SINGLE: "single handle",
    HandleType.TWIN: "twin handle",
    HandleType.TOUCHLESS: "touchless sensor",
}


def register_product_documents(app: Flask) -> None:
    """Declare products to `app`'s search engine."""
    register(
        app,
        DocumentType(
            name="product",
            fields=(
                Text("name", boost=5.0, highlight=True, suggest=True),
                Text("brand_name", boost=2.0, suggest=True),
                Text("finish_names", boost=2.0, suggest=True),
                Text("category_path", boost=1.5, suggest=True),
                Text("features", boost=1.5, suggest=True),
                Text("certification_names"),
                Text("summary"),
                Text("description", highlight=True, near=False),
                Exact("sku"),
                Keyword("brand"),
                Keyword("category", multiple=True),
                Keyword("finish", multiple=True),
                Keyword("certification", multiple=True),
                Keyword("market", multiple=True),
                Keyword("handle_type", choices=tuple(handle.value for handle in HandleType)),
                Keyword("mounting", choices=tuple(mounting.value for mounting in Mounting)),
                Keyword("sort_name", facet=False),
                Number("price", range_args=("min_price", "max_price"), bands=PRICE_BANDS),
                Number("stock", flag_arg="in_stock"),
                Number("spout_height_mm", dimension="length"),
                Number("spout_reach_mm", dimension="length"),
                Number("flow_rate_lpm", dimension="flow"),
            ),
            statuses=tuple(status.value for status in ProductStatus),
            public_statuses=(ProductStatus.PUBLISHED.value,),
            load=load_products,
            all_ids=lambda session: session.scalars(select(Product.id).order_by(Product.id)),
            public_ids=public_product_ids,
            brief=product_brief,
            sorts={
                "price": Sort("price"),
                "-price": Sort("price", descending=True),
                "name": Sort("sort_name"),
            },
            watches=(
                Watch(Product, lambda product: [product.id]),
                Watch(Variant, lambda variant: [variant.product_id]),
                Watch(ProductImage, lambda image: [image.product_id]),
                Watch(Brand, lambda brand: select(Product.id).where(Product.brand_id == brand.id)),
                Watch(Category, _products_below),
                Watch(
                    Finish,
                    lambda finish: (
                        select(Variant.product_id).where(Variant.finish_id == finish.id).distinct()
                    ),
                ),
                Watch(Market, products_a_market_change_affects),
                Watch(
                    Certification,
                    lambda certification: select(product_certifications.c.product_id).where(
                        product_certifications.c.certification_id == certification.id
                    ),
                ),
            ),
        ),
    )


def load_products(session: Session, ids: list[int]) -> dict[int, dict]:
    """The search documents of the products `ids` as the database holds them now."""
    if not ids:
        return {}
    categories = {category.id: category for category in session.scalars(select(Category)).all()}
    markets = live_markets(session)
    statement = select(Product).where(Product.id.in_(ids)).options(*DETAIL_LOAD_OPTIONS)
    products = session.scalars(statement)
    return {product.id: _document(product, categories, markets) for product in products}


def _document(product: Product, categories: dict[int, Category], markets: list[Market]) -> dict:
    # Every category is in the session, so walking up to the top level reads nothing more.
    path = category_path(categories.get(product.category_id))
    finishes = product.finishes
    return {
        "name": product.name,
        "brand_name": product.brand.name,
        "finish_names": [finish.name for finish in finishes],
        "category_path": [category.name for category in path],
        "features": [
            HANDLE_WORDS[product.handle_type],
            f"{product.mounting.value} mounted",
            f"{product.spout_type.value} spout",
            product.valve or "",
            product.body_material or "",
        ],
        "certification_names": [f"{c.code} {c.name}" for c in product.certifications],
        "summary": product.summary,
        "description": html.unescape(nh3.clean(product.description_html, tags=set())),
        "sku": [variant.sku.lower() for variant in product.variants],
        "brand": (product.brand.slug, product.brand.name),
        "category": [(category.slug, category.name) for category in path],
        "finish": [(finish.slug, finish.name) for finish in finishes],
        "certification": [(c.slug, c.name) for c in product.certifications],
        "market": [(m.slug, m.name) for m in approved_markets(product.certifications, markets)],
        "handle_type": product.handle_type.value,
        "mounting": product.mounting.value,
        "sort_name": product.name.casefold(),
        "price": product.price_min,
        "stock": product.stock_total,
        "spout_height_mm": product.spout_height_mm,
        "spout_reach_mm": product.spout_reach_mm,
        "flow_rate_lpm": product.flow_rate_lpm,
        "status": product.status.value,
        "published_at": product.published_at,
        "listing": LISTING.dump(product),
    }


def product_brief(listing: dict) -> dict:
    """A product in the search box's list: name, a small photo and its lowest price."""
    lowest = (listing.get("price_range") or {}).get("min")
    return {"title": listing["name"], "image": thumbnail(listing.get("image")), "price": lowest}


def _products_below(category: Category):
    return select(Product.id).where(
        Product.category_id.in_(category_ids_below(Category.id == category.id))
    )


# Searches and listings check suspect documents with this: prebuilt, and run as Core on the
# session's connection (same transaction), it skips the ORM's per-statement work.
PUBLIC_AMONG = select(Product.id).where(
    Product.id.in_(bindparam("ids", expanding=True)),
    live_at(bindparam("now", type_=UTCDateTime)),
)


def public_product_ids(ids: list[int]) -> set[int]:
    """Which of `ids` shoppers may see right now, by the database."""
    if not ids:
        return set()
    return set(db.session.connection().scalars(PUBLIC_AMONG, {"ids": ids, "now": utcnow()}))
