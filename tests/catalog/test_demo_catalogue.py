"""`flask demo load` fills an empty database with a realistic catalogue, once."""

import io

from PIL import Image
from sqlalchemy import func, select

from catalog.models import Product, ProductImage, Variant
from core.extensions import db


def test_the_demo_catalogue_loads_once_however_often_it_runs(runner, client, db):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    products = db.session.scalar(select(func.count(Product.id)))
    variants = db.session.scalar(select(func.count(Variant.id)))
    assert products >= 40

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    nothing = "0 brands, 0 categories, 0 finishes, 0 certifications, 0 markets, 0 products added"
    assert f"catalogue: {nothing}" in second.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Product.id))) == products
    assert db.session.scalar(select(func.count(Variant.id))) == variants

    skipped = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "catalogue: already has data" in skipped.output


def test_shoppers_find_jenor_gunmetal_twin_handle_kitchen_faucets(runner, client):
    runner.invoke(args=["demo", "load"])
    response = client.get(
        "/api/v1/products?brand=jenor&finish=gunmetal&handle_type=twin&category=kitchen-faucets"
    )
    assert response.json["meta"]["total"] >= 5
    for finish in (
        "chrome",
        "gunmetal",
        "brushed-nickel",
        "matte-black",
        "polished-brass",
        "stainless-steel",
    ):
        assert client.get(f"/api/v1/products?finish={finish}").json["meta"]["total"] >= 1
    assert len(client.get("/api/v1/categories").json["items"]) >= 2


def test_every_demo_product_has_a_photo_per_finish_and_every_article_a_cover(app, runner, client):
    """The demo ships its own pictures, processed like uploads: nothing points off the site."""
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    products = client.get("/api/v1/products?per_page=100").json["items"]
    for summary in products:
        product = client.get(f"/api/v1/products/{summary['slug']}").json
        finishes = [offer["slug"] for offer in product["finishes"]]
        assert [photo["finishes"] for photo in product["images"]] == [[f] for f in finishes]
        for offer in product["finishes"]:
            assert offer["image"]["url"].startswith("/media/")
            assert offer["name"].lower() in offer["image"]["alt"]
    articles = client.get("/api/v1/articles?per_page=100").json["items"]
    assert articles and all(a["cover_image"]["url"].startswith("/media/") for a in articles)
    # Every picture is a real image file of the size the API states.
    some = products[0]["image"]["sizes"] + articles[0]["cover_image"]["sizes"]
    for size in some:
        response = client.get(size["url"])
        picture = Image.open(io.BytesIO(response.get_data()))
        response.close()
        assert picture.size == (size["width"], size["height"])
    with app.app_context():
        linked = db.session.scalar(
            select(func.count()).select_from(ProductImage).where(ProductImage.url.is_not(None))
        )
        assert linked == 0
