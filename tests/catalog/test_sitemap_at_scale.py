"""A catalogue past 50,000 public products gets a second products sitemap: no child sitemap
holds more addresses than the protocol allows."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from catalog.models import Brand, Category, HandleType, Mounting, Product, ProductStatus, SpoutType
from core.extensions import db
from tests.conftest import PUBLIC_BASE_URL
from tests.sitemaps import sitemap_locations

pytestmark = pytest.mark.slow
PROTOCOL_LIMIT = 50_000


def add_products(count: int, status: ProductStatus, first: int) -> None:
    """Insert `count` bare products at once (the services would take minutes for this many)."""
    brand = db.session.scalar(select(Brand.id))
    category = db.session.scalar(select(Category.id))
    published = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        {
            "name": f"Tap {n}",
            "slug": f"tap-{n}",
            "brand_id": brand,
            "category_id": category,
            "summary": "",
            "description": "",
            "description_html": "",
            "handle_type": HandleType.SINGLE,
            "mounting": Mounting.DECK,
            "installation_holes": 1,
            "spout_type": SpoutType.FIXED,
            "status": status,
            "published_at": published if status is ProductStatus.PUBLISHED else None,
            "stock_total": 0,
            "version": 1,
            "created_at": published,
            "updated_at": published + timedelta(minutes=n),
        }
        for n in range(first, first + count)
    ]
    db.session.execute(insert(Product), rows)
    db.session.commit()


def locations(client, path: str) -> list[str]:
    return [location for location, _ in sitemap_locations(client, path)]


def test_fifty_thousand_and_one_public_products_take_two_sitemaps(app, client, taxonomy):
    with app.app_context():
        add_products(PROTOCOL_LIMIT + 1, ProductStatus.PUBLISHED, first=1)
        add_products(10, ProductStatus.DRAFT, first=PROTOCOL_LIMIT + 2)

    index = locations(client, "/sitemap.xml")
    products = [location for location in index if "/sitemaps/products-" in location]
    assert products == [
        f"{PUBLIC_BASE_URL}/sitemaps/products-1.xml",
        f"{PUBLIC_BASE_URL}/sitemaps/products-2.xml",
    ]
    first, second = (
        locations(client, "/sitemaps/products-1.xml"),
        locations(client, "/sitemaps/products-2.xml"),
    )
    assert len(first) == PROTOCOL_LIMIT and len(set(first)) == PROTOCOL_LIMIT
    assert second == [f"{PUBLIC_BASE_URL}/p/tap-{PROTOCOL_LIMIT + 1}"]
    assert client.get("/sitemaps/products-3.xml").status_code == 404
