"""A product's sitemap entry dates its last real edit: editing one moves its `lastmod` (and its
run's in the sitemap index), and leaves the others' alone."""

import time
from datetime import datetime

from tests.catalog.conftest import variant
from tests.conftest import PUBLIC_BASE_URL, if_match_now
from tests.sitemaps import sitemap_locations


def lastmods(client, path: str) -> dict[str, datetime | None]:
    """Each location of a sitemap (or sitemap index) and its lastmod, if it has one."""
    return {
        location: None if lastmod is None else datetime.fromisoformat(lastmod)
        for location, lastmod in sitemap_locations(client, path)
    }


def test_editing_a_product_moves_its_lastmod_and_only_its(client, editor, make_product):
    first = make_product(status="published")
    second = make_product(
        name="Arc Single Lever", status="published", variants=[variant("ARC-1", "chrome", "99.00")]
    )
    before = lastmods(client, "/sitemaps/products-1.xml")
    addresses = {slug: f"{PUBLIC_BASE_URL}/p/{slug}" for slug in (first["slug"], second["slug"])}
    assert set(before) == set(addresses.values())

    time.sleep(1.1)  # lastmod is given to the second
    url = f"/api/v1/products/{second['slug']}"
    edited = client.patch(
        url, json={"summary": "Now in matte black."}, headers=if_match_now(client, url, editor)
    )
    assert edited.status_code == 200, edited.json

    after = lastmods(client, "/sitemaps/products-1.xml")
    assert after[addresses[first["slug"]]] == before[addresses[first["slug"]]]
    moved = after[addresses[second["slug"]]]
    assert moved > before[addresses[second["slug"]]]
    assert moved == datetime.fromisoformat(edited.json["updated_at"]).replace(microsecond=0)
    index = lastmods(client, "/sitemap.xml")
    assert index[f"{PUBLIC_BASE_URL}/sitemaps/products-1.xml"] == moved
