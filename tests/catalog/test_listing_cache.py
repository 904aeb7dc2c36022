"""Shoppers' listings are cached, yet every write and every launch shows up on the next request."""

from datetime import timedelta

from sqlalchemy import update

from app import create_app
from catalog.models import Product
from core import clock
from core.extensions import db as _db
from tests.catalog.conftest import variant

SHARED_SETTINGS = ("TESTING", "DATABASE_URL", "SECRET_KEY", "SEARCH_INDEX_DIR", "SEARCH_BACKEND")


def listed(client, query: str = "") -> dict[str, dict]:
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 200, response.json
    return {item["slug"]: item for item in response.json["items"]}


def test_new_products_edits_and_archives_reach_a_listing_already_seen(client, editor, make_product):
    make_product(name="Heritage", variants=[variant("H-1", "chrome", "189.00")])
    assert list(listed(client)) == list(listed(client)) == ["heritage"]

    make_product(name="Bridge", variants=[variant("B-1", "gunmetal", "299.00")])
    assert set(listed(client)) == {"heritage", "bridge"}

    etag = client.get("/api/v1/products/bridge").headers["ETag"]
    changes = {"variants": [variant("B-1", "gunmetal", "249.00", stock=0)]}
    client.patch("/api/v1/products/bridge", json=changes, headers={**editor, "If-Match": etag})
    bridge = listed(client)["bridge"]
    assert bridge["price_range"]["min"]["amount"] == "249.00" and bridge["in_stock"] is False

    etag = client.get("/api/v1/products/bridge").headers["ETag"]
    client.delete("/api/v1/products/bridge", headers={**editor, "If-Match": etag})
    assert set(listed(client)) == {"heritage"}


def test_renaming_a_brand_or_finish_shows_in_a_listing_already_seen(client, editor, make_product):
    make_product(name="Heritage", variants=[variant("H-1", "chrome", "189.00")])
    assert listed(client)["heritage"]["brand"]["name"] == "Kaiping Jenor Sanitary Ware Co., Ltd"

    for path, name in (("brands/jenor", "Jenor"), ("finishes/chrome", "Bright chrome")):
        etag = client.get(f"/api/v1/{path}").headers["ETag"]
        response = client.patch(
            f"/api/v1/{path}", json={"name": name}, headers={**editor, "If-Match": etag}
        )
        assert response.status_code == 200, response.json

    heritage = listed(client)["heritage"]
    assert heritage["brand"]["name"] == "Jenor"
    assert [(f["slug"], f["name"]) for f in heritage["finishes"]] == [("chrome", "Bright chrome")]


def test_a_scheduled_product_joins_a_cached_listing_when_its_time_comes(
    client, make_product, set_clock
):
    now = clock.utcnow()
    set_clock(now)
    make_product(name="Today", variants=[variant("T-1", "chrome", "99.00")])
    launch = (now + timedelta(hours=2)).isoformat()
    make_product(name="Tomorrow", published_at=launch, variants=[variant("M-1", "chrome", "9.00")])
    assert set(listed(client, "sort=price")) == {"today"}

    set_clock(now + timedelta(hours=3))
    assert list(listed(client, "sort=price")) == ["tomorrow", "today"]
    set_clock(now + timedelta(hours=1))
    assert list(listed(client, "sort=price")) == ["today"]


def test_a_write_through_another_worker_reaches_this_workers_cache(app, client, make_product):
    make_product(name="Heritage", variants=[variant("H-1", "chrome", "189.00")])
    other_worker = create_app({name: app.config[name] for name in SHARED_SETTINGS})
    other_client = other_worker.test_client()
    try:
        assert set(listed(other_client)) == {"heritage"}
        make_product(name="Bridge", variants=[variant("B-1", "gunmetal", "299.00")])
        assert set(listed(other_client)) == {"heritage", "bridge"}
    finally:
        with other_worker.app_context():
            _db.engine.dispose()


def test_bulk_statements_and_generated_products_reach_a_listing_already_seen(
    app, client, runner, make_product
):
    make_product(name="Heritage", variants=[variant("H-1", "chrome", "189.00")])
    assert listed(client)["heritage"]["in_stock"] is True

    with app.app_context():
        _db.session.execute(update(Product).values(stock_total=0))
        _db.session.commit()
    assert listed(client)["heritage"]["in_stock"] is False
    # Listings filter in the search index: the bulk statement reached it too.
    assert listed(client, "in_stock=true") == {}
    assert set(listed(client, "in_stock=false")) == {"heritage"}

    assert runner.invoke(args=["demo", "generate", "--products", "3"]).exit_code == 0
    assert client.get("/api/v1/products").json["meta"]["total"] == 4
