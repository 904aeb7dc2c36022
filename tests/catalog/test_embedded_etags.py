"""A product's ETag changes with anything its JSON shows, embedded brand or finish names too."""

import pytest

from tests.catalog.test_listing_cache import listed
from tests.conftest import if_match_now

RENAMES = {
    "brand": ("brands/jenor", lambda product: product["brand"]["name"]),
    "category": ("categories/kitchen-twin-handle", lambda product: product["category"]["name"]),
    "finish": ("finishes/chrome", lambda product: product["variants"][0]["finish"]["name"]),
    "certification": (
        "certifications/nsf-ansi-61",
        lambda product: product["certifications"][0]["name"],
    ),
}


def rename(client, editor, path: str, name: str) -> None:
    url = f"/api/v1/{path}"
    response = client.patch(url, json={"name": name}, headers=if_match_now(client, url, editor))
    assert response.status_code == 200, response.json


@pytest.mark.parametrize("term", RENAMES)
def test_renaming_a_term_a_product_shows_gives_the_product_a_new_etag(
    client, editor, make_product, term
):
    url = f"/api/v1/products/{make_product()['slug']}"
    before = client.get(url)
    assert client.get(url, headers={"If-None-Match": before.headers["ETag"]}).status_code == 304

    path, shown_name = RENAMES[term]
    rename(client, editor, path, "Renamed by the editor")

    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert shown_name(after.json) == "Renamed by the editor"
    assert after.headers["ETag"] != before.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": after.headers["ETag"]}).status_code == 304


def test_an_editor_who_read_before_a_brand_rename_reads_again_before_writing(
    client, editor, make_product
):
    url = f"/api/v1/products/{make_product()['slug']}"
    read_before = client.get(url, headers=editor).headers["ETag"]
    rename(client, editor, "brands/jenor", "Jenor")

    stale = client.patch(url, json={"summary": "x"}, headers={**editor, "If-Match": read_before})
    assert stale.status_code == 412
    read_after = client.get(url, headers=editor).headers["ETag"]
    fresh = client.patch(url, json={"summary": "x"}, headers={**editor, "If-Match": read_after})
    assert fresh.status_code == 200, fresh.json
    assert fresh.json["brand"]["name"] == "Jenor"


def test_renaming_a_category_shows_in_a_listing_already_seen(client, editor, make_product):
    make_product(name="Heritage")
    assert listed(client)["heritage"]["category"]["name"] == "Twin-handle"
    rename(client, editor, "categories/kitchen-twin-handle", "Two handles")
    assert listed(client)["heritage"]["category"]["name"] == "Two handles"
