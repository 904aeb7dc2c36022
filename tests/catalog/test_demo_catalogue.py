"""`flask demo load` fills an empty database with a realistic catalogue, once."""

from sqlalchemy import func, select

from catalog.models import Product, Variant


def test_the_demo_catalogue_loads_once_however_often_it_runs(runner, client, db):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    products = db.session.scalar(select(func.count(Product.id)))
    variants = db.session.scalar(select(func.count(Variant.id)))
    assert products >= 40

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert "catalogue: 0 brands, 0 categories, 0 finishes, 0 certifications, 0 products added" in (
        second.output
    )
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
