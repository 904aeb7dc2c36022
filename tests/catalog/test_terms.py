"""Editors maintain brands, categories, finishes and certifications; shoppers list them."""

import pytest

from tests.conftest import if_match_now


def test_categories_are_listed_as_a_tree(client, taxonomy):
    tree = client.get("/api/v1/categories").json["items"]
    kitchen = next(node for node in tree if node["slug"] == "kitchen-faucets")
    assert {child["slug"] for child in kitchen["children"]} == {
        "kitchen-twin-handle",
        "kitchen-single-lever",
    }
    assert {node["slug"] for node in tree} == {"kitchen-faucets", "bathroom-faucets"}


@pytest.mark.parametrize("plural", ["brands", "finishes", "certifications"])
def test_flat_terms_are_listed_by_name_in_pages(client, taxonomy, plural):
    response = client.get(f"/api/v1/{plural}?per_page=1")
    assert response.status_code == 200
    assert response.json["meta"]["total"] == len(taxonomy[plural])
    assert len(response.json["items"]) == 1


def test_a_brand_is_renamed_with_if_match_and_archived_out_of_sight(client, taxonomy, editor):
    url = "/api/v1/brands/aquaverde"
    assert client.patch(url, json={"name": "Aqua"}, headers=editor).status_code == 428
    read = client.get(url).headers["ETag"]
    renamed = client.patch(url, json={"name": "Aqua"}, headers={**editor, "If-Match": read})
    assert renamed.status_code == 200 and renamed.json["name"] == "Aqua"
    assert renamed.headers["ETag"] != read
    assert client.delete(url, headers={**editor, "If-Match": read}).status_code == 412

    renamed_tag = {**editor, "If-Match": renamed.headers["ETag"]}
    assert client.delete(url, headers=renamed_tag).status_code == 204
    public = client.get("/api/v1/brands").json["items"]
    assert "aquaverde" not in [brand["slug"] for brand in public]
    staff = client.get("/api/v1/brands?include_archived=true", headers=editor).json["items"]
    assert next(b for b in staff if b["slug"] == "aquaverde")["archived"] is True


def test_a_term_in_use_cannot_be_destroyed(client, make_product, admin):
    make_product()
    etag = client.get("/api/v1/finishes/chrome").headers["ETag"]
    response = client.delete(
        "/api/v1/finishes/chrome?hard=true", headers={**admin, "If-Match": etag}
    )
    assert response.status_code == 409
    assert client.get("/api/v1/finishes/chrome").status_code == 200


def test_an_unused_term_is_destroyed_by_an_admin(client, taxonomy, admin):
    url = "/api/v1/finishes/matte-black"
    response = client.delete(f"{url}?hard=true", headers=if_match_now(client, url, admin))
    assert response.status_code == 204
    assert client.get("/api/v1/finishes/matte-black").status_code == 404


def test_a_category_cannot_be_moved_below_itself(client, taxonomy, editor):
    response = client.patch(
        "/api/v1/categories/kitchen-faucets",
        json={"parent": "kitchen-twin-handle"},
        headers=if_match_now(client, "/api/v1/categories/kitchen-faucets", editor),
    )
    assert response.status_code == 422
    assert "parent" in response.json["errors"]


def test_a_certification_code_belongs_to_one_certification(client, taxonomy, editor):
    response = client.post(
        "/api/v1/certifications", json={"code": "WRAS", "name": "WRAS again"}, headers=editor
    )
    assert response.status_code == 409
    assert response.json["errors"] == {"code": ["Already used by another certification."]}
    response = client.patch(
        "/api/v1/certifications/nsf-ansi-61",
        json={"code": "WRAS"},
        headers=if_match_now(client, "/api/v1/certifications/nsf-ansi-61", editor),
    )
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("plural", "body", "field"),
    [
        ("brands", {"name": "X", "country": "ZZ"}, "country"),
        ("brands", {"name": "X", "website": "ftp://x"}, "website"),
        ("brands", {"name": "Jenor again", "slug": "jenor"}, "slug"),
        ("finishes", {"name": "Teal", "swatch_hex": "teal"}, "swatch_hex"),
        ("categories", {"name": "Orphan", "parent": "missing"}, "parent"),
        ("certifications", {"name": "No code"}, "code"),
    ],
)
def test_bad_term_bodies_name_the_field(client, taxonomy, editor, plural, body, field):
    response = client.post(f"/api/v1/{plural}", json=body, headers=editor)
    assert response.status_code in (409, 422)
    assert field in response.json["errors"]


def test_shoppers_cannot_write_terms(client, taxonomy):
    assert client.post("/api/v1/brands", json={"name": "X"}).status_code == 401
