"""Editors create and maintain listings; ETags stop them overwriting each other."""

from tests.catalog.conftest import variant
from tests.conftest import if_match_now


def test_an_editor_creates_a_product_and_gets_its_location_and_etag(client, make_product, editor):
    product = make_product()
    assert product["slug"] == "heritage-twin-handle-kitchen-faucet"
    assert product["version"] == 1
    assert product["price_range"]["min"] == {"amount": "189.00", "currency": "USD"}
    assert product["in_stock"] is True
    response = client.get(f"/api/v1/products/{product['slug']}")
    assert response.json == product
    assert response.headers["ETag"]


def test_slugs_are_unique_and_stay_put_when_the_name_changes(client, make_product, editor):
    first = make_product(variants=[variant("A1", "chrome", "10.00")])
    second = make_product(variants=[variant("A2", "chrome", "10.00")])
    assert second["slug"] == first["slug"] + "-2"
    url = f"/api/v1/products/{first['slug']}"
    renamed = client.patch(
        url, json={"name": "A new name"}, headers=if_match_now(client, url, editor)
    )
    assert renamed.status_code == 200
    assert renamed.json["slug"] == first["slug"]
    assert renamed.json["name"] == "A new name"


def test_a_patch_needs_if_match_and_a_stale_one_changes_nothing(client, make_product, editor):
    slug = make_product()["slug"]
    url = f"/api/v1/products/{slug}"

    missing = client.patch(url, json={"summary": "x"}, headers=editor)
    assert missing.status_code == 428
    assert missing.content_type == "application/problem+json"

    read = client.get(url, headers=editor).headers["ETag"]
    updated = client.patch(url, json={"summary": "new"}, headers={**editor, "If-Match": read})
    assert updated.status_code == 200
    assert updated.headers["ETag"] not in ("", read)
    assert client.get(url).headers["ETag"] == updated.headers["ETag"]

    stale = client.patch(url, json={"summary": "lost"}, headers={**editor, "If-Match": read})
    assert stale.status_code == 412
    assert client.get(url).json["summary"] == "new"
    stale_delete = client.delete(url, headers={**editor, "If-Match": read})
    assert stale_delete.status_code == 412

    chained = {**editor, "If-Match": updated.headers["ETag"]}
    assert client.patch(url, json={"summary": "newer"}, headers=chained).status_code == 200


def test_variants_are_replaced_by_sku_and_prices_follow(client, make_product, editor):
    url = f"/api/v1/products/{make_product()['slug']}"
    response = client.patch(
        url,
        json={
            "variants": [
                variant("HER-GM", "gunmetal", "259.00", 4),
                variant("HER-MB", "matte-black", "279.00", 0),
            ]
        },
        headers=if_match_now(client, url, editor),
    )
    assert response.status_code == 200, response.json
    assert [v["sku"] for v in response.json["variants"]] == ["HER-GM", "HER-MB"]
    assert response.json["price_range"]["min"]["amount"] == "259.00"
    assert response.json["price_range"]["max"]["amount"] == "279.00"
    listing = client.get("/api/v1/products?finish=chrome")
    assert listing.json["meta"]["total"] == 0


def test_flow_rate_may_be_given_in_gpm_and_is_stored_in_litres(client, make_product):
    product = make_product(flow_rate_lpm=None, flow_rate_gpm="1.5")
    assert product["specs"]["flow_rate"] == {"l_per_min": "5.68", "us_gpm": "1.50"}


def test_delete_archives_and_only_admins_destroy(client, make_product, editor, admin):
    slug = make_product()["slug"]
    url = f"/api/v1/products/{slug}"

    forbidden = client.delete(f"{url}?hard=true", headers=if_match_now(client, url, editor))
    assert forbidden.status_code == 403

    archived = client.delete(url, headers=if_match_now(client, url, editor))
    assert archived.status_code == 204
    assert client.get(url).status_code == 404
    staff_view = client.get("/api/v1/products?status=archived", headers=editor)
    assert [p["slug"] for p in staff_view.json["items"]] == [slug]

    etag = client.get(url, headers=admin).headers["ETag"]
    destroyed = client.delete(f"{url}?hard=true", headers={**admin, "If-Match": etag})
    assert destroyed.status_code == 204
    assert client.get(url, headers=admin).status_code == 404


def test_staff_see_drafts_and_filter_by_status(client, make_product, editor):
    make_product(name="Draft One", status="draft", variants=[])
    make_product(name="Live One", variants=[variant("L1", "chrome", "50.00")])
    everything = client.get("/api/v1/products", headers=editor)
    drafts = client.get("/api/v1/products?status=draft", headers=editor)
    assert {p["slug"] for p in everything.json["items"]} == {"draft-one", "live-one"}
    assert [p["slug"] for p in drafts.json["items"]] == ["draft-one"]
    assert client.get("/api/v1/products/draft-one", headers=editor).status_code == 200


def test_publishing_needs_a_variant_and_stamps_the_time(client, make_product, editor):
    slug = make_product(status="draft", variants=[])["slug"]
    url = f"/api/v1/products/{slug}"
    refused = client.patch(
        url, json={"status": "published"}, headers=if_match_now(client, url, editor)
    )
    assert refused.status_code == 422
    assert "variants" in refused.json["errors"]
    published = client.patch(
        url,
        json={"status": "published", "variants": [variant("P1", "chrome", "80.00")]},
        headers=if_match_now(client, url, editor),
    )
    assert published.status_code == 200
    assert published.json["published_at"] is not None
    assert client.get(url).status_code == 200
