"""Benchmarkers fill the catalogue with synthetic products from the shell."""

from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalog import services
from catalog.models import Product
from core.markup import render_markdown

DERIVED = ("price_min", "price_max", "currency", "stock_total")


def generate(runner, count: int) -> str:
    result = runner.invoke(args=["demo", "generate", "--products", str(count)])
    assert result.exit_code == 0, result.output
    return result.output


def stored_products(db) -> list[Product]:
    statement = (
        select(Product)
        .order_by(Product.id)
        .options(
            selectinload(Product.variants),
            selectinload(Product.images),
            selectinload(Product.certifications),
        )
    )
    return list(db.session.scalars(statement))


def content(product: Product) -> tuple:
    """What a product is, apart from the slug and SKUs that tell runs apart."""
    return (
        product.name,
        product.brand_id,
        product.category_id,
        product.summary,
        product.handle_type,
        product.flow_rate_lpm,
        product.published_at,
        product.price_min,
        product.stock_total,
        [(v.finish_id, v.price, v.compare_at_price, v.stock) for v in product.variants],
        [certification.id for certification in product.certifications],
        len(product.images),
    )


def test_generating_twice_adds_the_same_products_again_under_fresh_skus(runner, db):
    output = generate(runner, 30)
    assert "30 products added" in output and "100%" in output
    generate(runner, 30)

    products = stored_products(db)
    first, second = products[:30], products[30:]
    assert len(second) == 30
    assert [content(p) for p in first] == [content(p) for p in second]
    skus = [variant.sku for product in products for variant in product.variants]
    assert len(skus) == len(set(skus)) and len(skus) >= 60
    assert {p.slug for p in first}.isdisjoint(p.slug for p in second)


def test_generated_products_carry_the_columns_the_services_would_derive(runner, db):
    generate(runner, 50)

    for product in stored_products(db):
        expected = SimpleNamespace(variants=product.variants)
        services._derive_prices(expected)
        assert [getattr(product, name) for name in DERIVED] == [
            getattr(expected, name) for name in DERIVED
        ]
        assert 1 <= len(product.variants) <= 4
        assert len({variant.finish_id for variant in product.variants}) == len(product.variants)
        assert product.description_html == render_markdown(product.description)
        assert product.is_public


def test_shoppers_browse_generated_products_through_the_api(runner, client):
    generate(runner, 120)

    listing = client.get("/api/v1/products?per_page=100&sort=price")
    assert listing.status_code == 200
    assert listing.json["meta"]["total"] == 120
    prices = [item["price_range"]["min"]["amount"] for item in listing.json["items"]]
    assert prices == sorted(prices, key=float)

    product = client.get(f"/api/v1/products/{listing.json['items'][0]['slug']}").json
    assert product["variants"] and product["images"] and product["description_html"]
    brands = {item["brand"]["slug"] for item in listing.json["items"]}
    assert len(brands) >= 5
    kitchen = client.get("/api/v1/products?category=kitchen-faucets").json["meta"]["total"]
    assert 0 < kitchen < 120
    series = product["name"].split()[0]
    searched = client.get(f"/api/v1/products?q={series}").json["items"]
    assert searched and all(series in item["name"] for item in searched)


def test_generating_into_a_catalogue_with_its_own_terms_reuses_them(runner, client, taxonomy):
    generate(runner, 80)

    assert len(client.get("/api/v1/brands").json["items"]) == len(taxonomy["brands"])
    items = client.get("/api/v1/products?per_page=100").json["items"]
    assert {item["brand"]["slug"] for item in items} == {"jenor", "aquaverde"}
    leaves = {"kitchen-twin-handle", "kitchen-single-lever", "bathroom-faucets"}
    assert {item["category"]["slug"] for item in items} == leaves
    finishes = {finish["slug"] for item in items for finish in item["finishes"]}
    assert finishes == {finish["slug"] for finish in taxonomy["finishes"]}
