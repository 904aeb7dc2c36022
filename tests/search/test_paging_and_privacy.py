"""Shoppers page through equal matches without gaps or repeats, and never see withdrawn products.

Withdrawn means archived or moved back to draft, even while the index cannot be written and so
still holds them as published: the public results must leave them out, staff still find them.
"""

import html
import re

import pytest

from tests.catalog.conftest import variant
from tests.search.indexing import product_index_dir, read_only

pytestmark = pytest.mark.both_backends  # the engine contract: each backend

# Thirteen products that differ only in SKU and price: equal matches for "Jenor".
PRICES = ("99.00", "99.00", "99.00", "120.00", "120.00", "120.00", "120.00", "150.00",
          "150.00", "180.00", "180.00", "180.00", "210.00")  # fmt: skip
PAGE_SIZES = (1, 2, 3, 5, 7)
UNWRITABLE = "degraded: search index not writable: [Errno "


@pytest.fixture
def equals(now, make_product) -> dict[str, str]:
    """Product slug -> price, for thirteen products alike in every searched word."""
    made = {}
    for number, price in enumerate(PRICES):
        product = make_product(
            name="Jenor Basin Mixer",
            slug=f"jenor-basin-mixer-{number}",
            summary="A Jenor basin mixer.",
            description="A Jenor basin mixer.",
            variants=[variant(f"JBM-{number}", "chrome", price)],
        )
        made[product["slug"]] = price
    return made


def listed(item: dict) -> dict:
    """A result as a listing shows it (search results wrap it in `document`)."""
    return item.get("document", item)


def every_page(search, path: str, per_page: int, **params) -> list[dict]:
    """The items of every page, in order, as a shopper clicking "next" would see them."""
    first = search(path, q="Jenor", per_page=per_page, **params).json
    items = list(first["items"])
    for page in range(2, first["meta"]["pages"] + 1):
        items += search(path, q="Jenor", per_page=per_page, page=page, **params).json["items"]
    return [listed(item) for item in items]


@pytest.mark.parametrize("path", ["/api/v1/search", "/api/v1/products"])
@pytest.mark.parametrize("sort", ["relevance", "price"])
def test_paging_through_equal_matches_shows_each_product_exactly_once(search, equals, path, sort):
    everything = every_page(search, path, 100, sort=sort)
    assert sorted(item["slug"] for item in everything) == sorted(equals)
    if sort == "relevance" and path == "/api/v1/search":
        scores = {item["score"] for item in search(path, q="Jenor", per_page=100).json["items"]}
        assert len(scores) == 1, scores  # the premise: they are all tied
    for per_page in PAGE_SIZES:
        paged = [item["slug"] for item in every_page(search, path, per_page, sort=sort)]
        assert len(paged) == len(set(paged)), (per_page, paged)
        assert set(paged) == set(equals), per_page
        if sort == "price":
            prices = [float(equals[slug]) for slug in paged]
            assert prices == sorted(prices), (per_page, paged)


@pytest.fixture
def withdrawn(now, make_product, client, editor):
    """Two products about to be withdrawn, and one that stays on sale; by short name."""
    return {
        "archived": make_product(
            name="Obsidian Wall Mixer",
            summary="Vantablack lever over a hidden aerator.",
            variants=[variant("OBS-1", "matte-black", "199.00")],
        ),
        "drafted": make_product(
            name="Quillon Bridge Mixer",
            summary="A finish still under review by quality control.",
            variants=[variant("QUI-1", "chrome", "249.00")],
        ),
        "on_sale": make_product(
            name="Corvo Kitchen Mixer",
            summary="A plain lever mixer that stays on sale.",
            variants=[variant("COR-1", "chrome", "159.00")],
        ),
    }


def shown_text(response) -> str:
    """What a shopper reads on a page or in an API answer, without markup."""
    if response.is_json:
        return html.unescape(re.sub(r"<[^>]+>", "", str(response.json)))
    return html.unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def test_withdrawn_products_stay_hidden_while_the_index_cannot_be_updated(
    app, client, editor, search, withdrawn
):
    archived, drafted, on_sale = (withdrawn[k] for k in ("archived", "drafted", "on_sale"))
    write = {**editor, "If-Match": "*"}
    with read_only(product_index_dir(app)):
        response = client.delete(f"/api/v1/products/{archived['slug']}", headers=write)
        assert response.status_code == 204
        response = client.patch(
            f"/api/v1/products/{drafted['slug']}", json={"status": "draft"}, headers=write
        )
        assert response.status_code == 200, response.json

        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json["status"] == "degraded"
        assert ready.json["checks"]["search index"].startswith(UNWRITABLE)

        for typed in ("mixer", "obsidian", "quillon", "vantablack lever", "quality control"):
            for path in ("/api/v1/search", "/api/v1/products", "/search"):
                text = shown_text(search(path, q=typed))
                for product in (archived, drafted):
                    assert product["name"] not in text, (path, typed)
                    assert product["summary"] not in text, (path, typed)
            suggested = search("/api/v1/search/suggest", q=typed).json["documents"]
            assert {archived["slug"], drafted["slug"]}.isdisjoint(d["slug"] for d in suggested)
        for path in ("/api/v1/search", "/api/v1/products", "/search"):
            assert on_sale["name"] in shown_text(search(path, q="mixer")), path
        # Not even counted: totals and facets say nothing of what was withdrawn.
        for typed in ("obsidian", "quillon"):
            answer = search(q=typed, type="product").json
            assert answer["meta"]["total"] == 0, typed
            counts = [value["count"] for values in answer["facets"].values() for value in values]
            assert not any(counts), typed

        for typed, product in (("obsidian", archived), ("quillon", drafted)):
            for path in ("/api/v1/search", "/api/v1/products"):
                staff_sees = search(path, q=typed, headers=editor).json["items"]
                assert [listed(item)["name"] for item in staff_sees] == [product["name"]], path
