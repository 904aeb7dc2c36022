"""Listings are filtered, sorted and counted by the search index, yet never show an item older
than its last committed write, and writes that bypass the services still reach them."""

from sqlalchemy import delete, select, update

from catalog.models import Product, Variant
from core.extensions import db as _db
from search.outbox import SearchOutbox
from tests.catalog.conftest import variant
from tests.search.indexing import product_index_dir, read_only


def items(client, query: str = "", headers=None) -> list[dict]:
    response = client.get(f"/api/v1/products?{query}", headers=headers or {})
    assert response.status_code == 200, response.json
    return response.json["items"]


def test_an_edit_the_index_has_not_taken_in_is_listed_as_the_database_has_it(
    app, client, editor, make_product
):
    made = make_product(name="Heritage", variants=[variant("H-1", "chrome", "189.00", 4)])
    make_product(name="Bridge", variants=[variant("B-1", "gunmetal", "299.00")])
    write = {**editor, "If-Match": "*"}
    with read_only(product_index_dir(app)):
        changed = client.patch(
            f"/api/v1/products/{made['slug']}",
            json={"name": "Heritage Mk II", "variants": [variant("H-1", "matte-black", "149.00")]},
            headers=write,
        )
        assert changed.status_code == 200, changed.json
        for headers in (None, editor):
            listed = {item["slug"]: item for item in items(client, headers=headers)}
            fresh = listed[made["slug"]]
            assert fresh["name"] == "Heritage Mk II"
            assert fresh["price_range"]["min"]["amount"] == "149.00"
            assert [finish["slug"] for finish in fresh["finishes"]] == ["matte-black"]
        page = client.get("/products").get_data(as_text=True)
        assert "Heritage Mk II" in page


def test_names_sort_without_regard_to_case(client, make_product):
    for name in ("cedar Basin Mixer", "Birch Kitchen Tap", "apex Bar Faucet"):
        make_product(name=name, variants=[variant(name[:3].upper(), "chrome", "99.00")])
    assert [item["name"] for item in items(client, "sort=name")] == [
        "apex Bar Faucet",
        "Birch Kitchen Tap",
        "cedar Basin Mixer",
    ]


def test_bulk_statements_through_the_session_reach_filters_sorts_and_counts(
    app, client, make_product
):
    make_product(name="Heritage", variants=[variant("H-1", "chrome", "189.00", 3)])
    make_product(name="Bridge", variants=[variant("B-1", "gunmetal", "299.00", 2)])
    make_product(name="Arc", variants=[variant("A-1", "chrome", "99.00", 5)])
    assert len(items(client, "finish=gunmetal")) == 1

    with app.app_context():
        _db.session.execute(delete(Variant).where(Variant.sku == "B-1"))
        _db.session.execute(
            update(Product).where(Product.slug == "arc").values(price_min=500, stock_total=0)
        )
        _db.session.commit()
        remaining = set(_db.session.scalars(select(Product.slug)))
    assert remaining == {"heritage", "bridge", "arc"}
    assert items(client, "finish=gunmetal") == []
    assert [item["slug"] for item in items(client, "sort=-price")][0] == "arc"
    assert {item["slug"] for item in items(client, "in_stock=false")} == {"arc"}

    with app.app_context():
        _db.session.execute(delete(Product).where(Product.slug == "heritage"))
        _db.session.commit()
    response = client.get("/api/v1/products")
    assert {item["slug"] for item in response.json["items"]} == {"bridge", "arc"}
    assert response.json["meta"]["total"] == 2


def test_a_bulk_update_by_primary_key_queues_just_its_rows(app, client, runner, make_product):
    made = make_product(name="Heritage", variants=[variant("H-1", "chrome", "189.00", 3)])
    make_product(name="Bridge", variants=[variant("B-1", "gunmetal", "299.00", 2)])
    app.extensions["search"].drain_on_commit = False
    with app.app_context():
        key, version = _db.session.execute(
            select(Product.id, Product.version).where(Product.slug == made["slug"])
        ).one()
        rows = [{"id": key, "version": version, "stock_total": 0}]
        _db.session.execute(update(Product), rows)
        _db.session.commit()
        assert list(_db.session.scalars(select(SearchOutbox.doc_id))) == [key]
    assert runner.invoke(args=["search", "worker", "--once"]).exit_code == 0
    assert [item["slug"] for item in items(client, "in_stock=false")] == [made["slug"]]
    assert [item["slug"] for item in items(client, "in_stock=true")] == ["bridge"]
