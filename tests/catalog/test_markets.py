"""Staff say which certifications each market requires; shoppers and API clients see only the
products approved for a market, and each product says where it is approved."""

import pytest

from tests.catalog.conftest import variant
from tests.conftest import if_match_now

# Which products hold which certifications, and so which markets approve them, worked out by
# hand: a market approves a product holding every certification it requires.
HOLDINGS = {
    "us-only": ["nsf-ansi-61"],
    "uk-only": ["wras"],
    "both": ["nsf-ansi-61", "wras"],
    "uncertified": [],
}
MARKETS = {
    "united-kingdom": ["wras"],
    "united-states": ["nsf-ansi-61"],
    "strict": ["nsf-ansi-61", "wras"],
    "anywhere": [],
}
APPROVED = {
    "united-kingdom": {"uk-only", "both"},
    "united-states": {"us-only", "both"},
    "strict": {"both"},
    "anywhere": {"us-only", "uk-only", "both", "uncertified"},
}


@pytest.fixture
def markets(client, editor, make_product):
    """Four products holding different certifications, and four markets."""
    for number, (slug, held) in enumerate(HOLDINGS.items()):
        make_product(
            name=f"Faucet {slug}",
            slug=slug,
            certifications=held,
            variants=[variant(f"SKU-{number}", "chrome", "100.00")],
        )
    for slug, required in MARKETS.items():
        body = {"name": slug.replace("-", " ").title(), "slug": slug, "certifications": required}
        response = client.post("/api/v1/markets", json=body, headers=editor)
        assert response.status_code == 201, response.json
    return MARKETS


def listed(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.json
    return {item["slug"] for item in response.json["items"]}


def searched(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.json
    return {item["document"]["slug"] for item in response.json["items"]}


@pytest.mark.parametrize("market", list(MARKETS))
def test_listings_and_search_show_only_the_products_a_market_approves(client, markets, market):
    assert listed(client, f"/api/v1/products?market={market}") == APPROVED[market]
    assert searched(client, f"/api/v1/search?market={market}") == APPROVED[market]
    assert searched(client, f"/api/v1/search?q=faucet&market={market}") == APPROVED[market]


def test_each_product_names_the_markets_that_approve_it(client, markets):
    for product in HOLDINGS:
        shown = client.get(f"/api/v1/products/{product}").json["markets"]
        expected = {market for market, products in APPROVED.items() if product in products}
        assert {market["slug"] for market in shown} == expected


def test_the_facet_counts_each_market(client, markets):
    facets = client.get("/api/v1/search?type=product").json["facets"]["market"]
    assert {entry["value"]: entry["count"] for entry in facets} == {
        market: len(products) for market, products in APPROVED.items()
    }


def test_changing_what_a_market_requires_moves_products_in_and_out_at_once(client, editor, markets):
    url = "/api/v1/markets/united-kingdom"
    assert client.patch(url, json={"certifications": []}, headers=editor).status_code == 428
    changed = client.patch(
        url,
        json={"certifications": ["nsf-ansi-61"]},
        headers=if_match_now(client, url, editor),
    )
    assert changed.status_code == 200, changed.json
    assert [c["slug"] for c in changed.json["certifications"]] == ["nsf-ansi-61"]
    assert listed(client, "/api/v1/products?market=united-kingdom") == {"us-only", "both"}
    assert "united-kingdom" in {
        m["slug"] for m in client.get("/api/v1/products/us-only").json["markets"]
    }

    # Requiring nothing approves everything; requiring something again narrows once more.
    url = "/api/v1/markets/strict"
    client.patch(url, json={"certifications": []}, headers=if_match_now(client, url, editor))
    assert listed(client, "/api/v1/products?market=strict") == set(HOLDINGS)
    client.patch(url, json={"certifications": ["wras"]}, headers=if_match_now(client, url, editor))
    assert listed(client, "/api/v1/products?market=strict") == {"uk-only", "both"}


def test_a_product_gaining_a_certification_gains_the_market(client, editor, markets):
    url = "/api/v1/products/us-only"
    body = {"certifications": ["nsf-ansi-61", "wras"]}
    changed = client.patch(url, json=body, headers=if_match_now(client, url, editor))
    assert changed.status_code == 200
    assert "us-only" in listed(client, "/api/v1/products?market=united-kingdom")
    assert "us-only" in listed(client, "/api/v1/products?market=strict")


def test_an_archived_market_approves_nothing_any_more(client, editor, markets):
    url = "/api/v1/markets/united-states"
    assert client.delete(url, headers=if_match_now(client, url, editor)).status_code == 204
    assert listed(client, "/api/v1/products?market=united-states") == set()
    assert "united-states" not in {m["slug"] for m in client.get("/api/v1/markets").json["items"]}
    shown = client.get("/api/v1/products/both").json["markets"]
    assert {market["slug"] for market in shown} == {"united-kingdom", "strict", "anywhere"}


def test_a_market_is_refused_a_certification_that_does_not_exist(client, editor, markets):
    body = {"name": "France", "certifications": ["wras", "acs"]}
    response = client.post("/api/v1/markets", json=body, headers=editor)
    assert response.status_code == 422
    assert response.json["errors"] == {"certifications.1": ["No such certification."]}
    assert client.get("/api/v1/markets/france").status_code == 404


def test_only_staff_define_markets_and_every_change_is_audited(client, editor, admin, markets):
    body = {"name": "France", "certifications": ["wras"]}
    assert client.post("/api/v1/markets", json=body).status_code == 401
    url = "/api/v1/markets/united-kingdom"
    assert client.patch(url, json={"certifications": []}).status_code == 401
    client.patch(url, json={"certifications": []}, headers=if_match_now(client, url, editor))
    entries = client.get("/api/v1/audit?object_type=market", headers=admin).json["items"]
    change = next(entry for entry in entries if entry["action"] != "create")
    assert change["object_label"] == "united-kingdom"
    assert change["changes"]["certifications"] == {"from": ["wras"], "to": []}
