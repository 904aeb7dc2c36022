"""Benchmarkers fill the catalogue with synthetic products from the shell."""

import math
import re
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalog.models import Product, ProductStatus
from core.extensions import db as _db
from core.markup import render_markdown

WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
TAG = re.compile(r"<[^>]+>")


def generate(runner, count: int, *options: str) -> str:
    result = runner.invoke(args=["demo", "generate", "--products", str(count), *options])
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
        product.description,
        product.handle_type,
        product.flow_rate_lpm,
        product.published_at,
        product.price_min,
        product.stock_total,
        [(v.finish_id, v.price, v.compare_at_price, v.stock) for v in product.variants],
        [certification.id for certification in product.certifications],
        len(product.images),
    )


def words_of(html: str) -> list[str]:
    """The words a reader sees in rendered HTML, lowercased."""
    return WORD.findall(TAG.sub(" ", html).lower())


def test_generating_twice_adds_the_same_products_again_under_fresh_skus(runner, db):
    output = generate(runner, 30)
    assert "30 products added" in output and "100%" in output
    generate(runner, 30)

    products = stored_products(db)
    first, second = products[:30], products[30:]
    assert len(second) == 30
    assert [content(p) for p in first] == [content(p) for p in second]
    assert len({p.name for p in first}) == 30 and len({p.description for p in first}) == 30
    skus = [variant.sku for product in products for variant in product.variants]
    assert len(skus) == len(set(skus)) and len(skus) >= 60
    assert {p.slug for p in first}.isdisjoint(p.slug for p in second)


def test_generated_products_carry_their_variants_price_range_and_stock(runner, db):
    generate(runner, 50)

    for product in stored_products(db):
        prices = [variant.price for variant in product.variants]
        assert (product.price_min, product.price_max) == (min(prices), max(prices))
        assert product.stock_total == sum(variant.stock for variant in product.variants)
        assert {product.currency} == {variant.currency for variant in product.variants}
        assert 1 <= len(product.variants) <= 4
        assert len({variant.finish_id for variant in product.variants}) == len(product.variants)
        assert product.description_html == render_markdown(product.description)
        assert product.is_public


def test_generated_text_has_a_long_tailed_vocabulary_like_a_real_catalogue(app, runner):
    generate(runner, 2_000, "--no-reindex")
    with app.app_context():
        rows = _db.session.execute(
            select(Product.name, Product.summary, Product.description, Product.description_html)
        ).all()
        statuses = set(_db.session.scalars(select(Product.status).distinct()))

    assert statuses == {ProductStatus.PUBLISHED}
    assert len(rows) == 2_000
    descriptions = [words_of(row.description_html) for row in rows]
    assert all(40 <= len(words) <= 200 for words in descriptions)
    assert all(row.description_html == render_markdown(row.description) for row in rows)
    assert all("<p>" in row.description_html and "<li>" in row.description_html for row in rows)
    assert all(row.summary.endswith(".") and ". " not in row.summary for row in rows)

    frequency = Counter(word for words in descriptions for word in words)
    assert len(frequency) >= 3_000
    counts = sorted(frequency.values(), reverse=True)
    assert counts[0] >= 20 * counts[99]
    # Zipf: log(frequency) falls about as fast as log(rank) rises, across the middle ranks.
    slope = math.log(counts[999] / counts[9]) / math.log(1000 / 10)
    assert -1.4 <= slope <= -0.6
    common = {word for word, _ in frequency.most_common(300)}
    assert {"faucet", "tap", "cartridge", "brass", "kitchen"} <= common

    series = Counter(row.name.split()[0] for row in rows)
    assert len(series) >= 150
    assert series.most_common(1)[0][1] >= 10 * sorted(series.values(), reverse=True)[99]
    assert len({row.name for row in rows}) >= 1_990
    assert {"Faucet", "Tap", "Mixer"} <= {row.name.split()[-1] for row in rows}


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
