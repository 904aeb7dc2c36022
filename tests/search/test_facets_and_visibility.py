"""Facet counts agree with the listing, and nobody sees what they should not."""

from datetime import timedelta

import pytest

from search import tables
from tests.catalog.conftest import variant
from tests.search.conftest import NOW, names

pytestmark = pytest.mark.both_backends  # the engine contract: each backend

FILTER_COMBINATIONS = [
    {},
    {"q": "kitchen"},
    {"q": "faucet", "finish": ["chrome"]},
    {"brand": ["jenor"], "min_price": "100", "max_price": "300"},
    {"category": ["kitchen-faucets"], "in_stock": "true"},
    {"q": "mixer", "handle_type": ["twin", "single"], "certification": ["wras"]},
]


def _facet_queries(facets: dict) -> list[tuple[str, dict, int]]:
    """For each facet value: its argument, the filter that selects it, and its count."""
    cases = []
    for name, values in facets.items():
        for value in values:
            if name == "price":
                selected = {"min_price": value["min"], "max_price": value["max"]}
                cases.append(("price", {k: v for k, v in selected.items() if v}, value["count"]))
            else:
                cases.append((name, {name: [value["value"]]}, value["count"]))
    return cases


@pytest.mark.parametrize("filters", FILTER_COMBINATIONS)
def test_every_facet_count_equals_the_listing_total_for_that_choice(search, catalogue, filters):
    """Choosing a facet value replaces that facet's own filter and keeps all the others."""
    response = search(type="product", **filters)
    facets = response.json["facets"]
    assert set(facets) == {
        "brand",
        "category",
        "finish",
        "certification",
        "market",
        "handle_type",
        "mounting",
        "price",
    }
    cases = _facet_queries(facets)
    assert cases
    for name, selected, count in cases:
        own = {"price": ("min_price", "max_price")}.get(name, (name,))
        others = {key: value for key, value in filters.items() if key not in own}
        listing = search("/api/v1/products", **others, **selected, per_page=1)
        assert listing.json["meta"]["total"] == count, (name, selected)
        searched = search(type="product", **others, **selected, per_page=1)
        assert searched.json["meta"]["total"] == count, (name, selected)


def test_totals_and_filters_match_the_listing(search, catalogue):
    for filters in FILTER_COMBINATIONS:
        listing = search("/api/v1/products", **filters, sort="price", per_page=50)
        searched = search(type="product", **filters, sort="price", per_page=50)
        assert names(searched) == names(listing), filters


def test_shoppers_never_see_drafts_archived_or_future_products(search, catalogue):
    everything = names(search(q="faucet", per_page=50))
    assert "Heritage Twin-Handle Kitchen Faucet" in everything
    for hidden in (
        "Zephyrion Prototype Faucet",
        "Retired Gunmetal Faucet",
        "Tomorrow Gunmetal Faucet",
    ):
        assert hidden not in everything
    assert search(q="gunmetal", per_page=50).json["meta"]["total"] == 2


def test_a_scheduled_product_appears_when_its_time_comes_without_reindexing(
    search, catalogue, set_clock
):
    assert "Tomorrow Gunmetal Faucet" not in names(search(q="tomorrow"))
    set_clock(NOW + timedelta(days=3, seconds=1))
    assert names(search(q="tomorrow")) == ["Tomorrow Gunmetal Faucet"]
    assert search("/api/v1/search/suggest", q="tomor").json["items"] == ["tomorrow"]


def test_staff_search_unpublished_items_with_status(search, catalogue, admin, editor):
    drafts = search(q="zephyrion", status="draft", headers=admin)
    assert names(drafts) == ["Zephyrion Prototype Faucet"]
    archived = search(q="gunmetal", status="archived", headers=editor)
    assert names(archived) == ["Retired Gunmetal Faucet"]
    assert search(q="zephyrion", headers=editor).json["meta"]["total"] == 1


def test_shoppers_asking_for_unpublished_statuses_are_refused(search, catalogue):
    for path in ("/api/v1/search", "/api/v1/products"):
        response = search(path, q="gunmetal", status="draft")
        assert response.status_code == 403
        assert response.json["type"] == "/problems/forbidden"


def test_sort_by_price_newest_and_relevance_with_pages(search, catalogue, set_clock):
    by_price = search(q="kitchen", sort="price", per_page=2)
    assert names(by_price) == [
        "Dual Lever Gun Metal Mixer Tap",
        "Heritage Twin-Handle Kitchen Faucet",
    ]
    assert by_price.json["meta"] == {"page": 1, "per_page": 2, "total": 3, "pages": 2}
    second = search(q="kitchen", sort="price", per_page=2, page=2)
    assert names(second) == ["Arden Pull-Down Kitchen Faucet"]
    dearest = search(q="kitchen", sort="-price", per_page=1)
    assert names(dearest) == ["Arden Pull-Down Kitchen Faucet"]
    assert [item["score"] for item in by_price.json["items"]] == [None, None]
    relevance = search(q="kitchen").json["items"]
    scores = [item["score"] for item in relevance]
    assert scores == sorted(scores, reverse=True)


def test_newest_first_without_words(search, catalogue, make_product, set_clock):
    set_clock(NOW + timedelta(hours=1))
    make_product(name="Brand New Faucet", variants=[variant("NEW-1", "chrome", "10.00")])
    assert names(search(per_page=1)) == ["Brand New Faucet"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "brochure"},
        {"sort": "cheapest"},
        {"finish": ["Not A Slug!"]},
        {"handle_type": ["triple"]},
        {"min_price": "-1"},
        {"min_price": "200", "max_price": "100"},
        {"per_page": "1000"},
        {"page": "0"},
        {"status": "deleted"},
    ],
)
def test_bad_search_arguments_are_422_problems(search, catalogue, params):
    response = search(q="faucet", **params)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.json["errors"]


def test_filters_and_facets_agree_with_and_without_bit_masks(app, search, catalogue, monkeypatch):
    """Keyword columns with few values filter and count with bit masks, others with plain
    column scans: both give the same pages, totals and counts."""
    queries = [{**filters, "sort": "price", "per_page": 50} for filters in FILTER_COMBINATIONS]

    def results() -> list[dict]:  # each search's log id is its own: the rest must agree
        pages = [search(type="product", **query).json for query in queries]
        return [
            {name: value for name, value in page.items() if name != "search_id"} for page in pages
        ]

    with_masks = results()
    monkeypatch.setattr(tables, "MAX_MASKED_VALUES", 0)
    app.extensions["search"].store.close()  # views remember their masks: open fresh ones
    assert results() == with_masks


def test_filters_no_single_type_understands_give_an_empty_page(search, catalogue):
    """A product filter beside an article filter leaves no type to search: no results, no 500."""
    response = search(q="faucet", brand="jenor", tag="trade")
    assert response.status_code == 200, response.json
    assert response.json["items"] == [] and response.json["meta"]["total"] == 0
