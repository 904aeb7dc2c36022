"""A shopper picks the market they buy in once; listings, search and product pages follow it."""

import pytest
from slugify import slugify
from sqlalchemy import select

from catalog import services as catalog_services
from catalog.models import Market
from core.extensions import db
from tests.web.pages import DEMO, parse, text, texts

PUBLISHED = [product for product in DEMO["products"] if product["status"] == "published"]
CARD_LINKS = "//article[contains(@class, 'product-card')]//h3/a/@href"
PER_PAGE = 24


def approved_for(market: str) -> set[str]:
    """The demo product pages a market approves: their certifications include every one the
    market requires (worked out here from the demo file, not by the app's code)."""
    required = set(next(m for m in DEMO["markets"] if m["slug"] == market)["certifications"])
    return {
        f"/p/{slugify(product['name'])}"
        for product in PUBLISHED
        if required <= set(product["certifications"])
    }


def listed_count(page) -> int:
    return int(texts(page, "//h2[@id='results-count']")[0].split()[0])


def choose(visitor, market: str, back: str = "/products"):
    return visitor.post("/market", data={"market": market, "next": back})


@pytest.mark.parametrize("market", ["united-kingdom", "france", "australia"])
def test_a_market_in_the_address_lists_only_what_it_approves(visitor, market):
    expected = approved_for(market)
    assert 0 < len(expected) <= PER_PAGE
    page = parse(visitor.get(f"/products?market={market}"))
    assert set(page.xpath(CARD_LINKS)) == expected
    assert listed_count(page) == len(expected)
    name = next(m["name"] for m in DEMO["markets"] if m["slug"] == market)
    assert f"Showing faucets approved for {name}" in text(page.xpath("//main")[0])
    # The filter form keeps the market when other filters are applied.
    assert page.xpath("//form[@id='filters']//input[@name='market']/@value") == [market]


def test_a_chosen_market_is_remembered_and_forgotten(visitor):
    chosen = choose(visitor, "france", "/products?sort=price")
    assert chosen.status_code == 303
    assert chosen.headers["Location"] == "/products?sort=price"
    cookie = chosen.headers["Set-Cookie"]
    assert cookie.startswith("market=france;") and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie

    response = visitor.get("/products")
    assert "Cookie" in response.headers["Vary"]
    page = parse(response)
    assert set(page.xpath(CARD_LINKS)) == approved_for("france")
    assert page.xpath("//select[@id='market-picker']/option[@selected]/@value") == ["france"]
    # An address naming another market wins over the remembered one.
    page = parse(visitor.get("/products?market=united-kingdom"))
    assert set(page.xpath(CARD_LINKS)) == approved_for("united-kingdom")

    notice = parse(visitor.get("/products")).xpath("//div[@class='market-notice']//form")[0]
    assert notice.xpath(".//input[@name='market']/@value") == [""]
    forgotten = choose(visitor, "", "/products")
    assert "market=;" in forgotten.headers["Set-Cookie"]  # expired
    assert listed_count(parse(visitor.get("/products"))) == len(PUBLISHED)


def test_search_keeps_articles_and_narrows_products_to_the_market(visitor):
    choose(visitor, "united-kingdom")
    page = parse(visitor.get("/search?type=product"))
    assert listed_count(page) == len(approved_for("united-kingdom"))
    news = parse(visitor.get("/search?q=rare+earth"))
    assert news.xpath("//main//a[contains(@href, '/news/')]"), "articles are still found"
    assert "Showing products approved for United Kingdom" in text(news.xpath("//main")[0])


def test_the_product_page_says_where_it_is_approved(visitor):
    product = next(p for p in PUBLISHED if {"acs", "wras"} <= set(p["certifications"]))
    address = f"/p/{slugify(product['name'])}"
    page = parse(visitor.get(address))
    rows = {
        text(row.xpath("th")[0]): text(row.xpath("td")[-1])
        for row in page.xpath("//table[contains(@class, 'approvals')]/tbody/tr")
    }
    for market in DEMO["markets"]:
        missing = [c for c in market["certifications"] if c not in product["certifications"]]
        codes = {c["slug"]: c["code"] for c in DEMO["certifications"]}
        lacking = ", ".join(sorted(codes[c] for c in missing))
        expected = f"Not approved: lacks {lacking}" if missing else "Approved"
        assert rows[market["name"]] == expected

    choose(visitor, "united-states")
    page = parse(visitor.get(address))
    fit = text(page.xpath("//p[@class='market-fit']")[0])
    if f"/p/{slugify(product['name'])}" in approved_for("united-states"):
        assert fit.startswith("Approved for United States")
    else:
        assert fit.startswith("Not approved for United States: it lacks")
    assert page.xpath("//tr[@class='chosen-market']/th/text()") == ["United States"]


def test_a_product_page_suggests_only_related_faucets_the_market_approves(visitor):
    approved = approved_for("france")
    product = next(p for p in PUBLISHED if f"/p/{slugify(p['name'])}" not in approved)
    related = "//section[@aria-labelledby='related-title']//h3/a/@href"
    address = f"/p/{slugify(product['name'])}"
    assert set(parse(visitor.get(address)).xpath(related)) - approved, "others are shown"

    choose(visitor, "france")
    shown = set(parse(visitor.get(address)).xpath(related))
    same_category = {
        f"/p/{slugify(p['name'])}" for p in PUBLISHED if p["category"] == product["category"]
    }
    assert shown == (same_category & approved) - {address} or (
        len(shown) == 4 and shown <= same_category & approved
    )


def test_suggestions_follow_the_chosen_market(visitor):
    choose(visitor, "france")
    box = parse(visitor.get("/products")).xpath("//input[@id='site-q']/@data-suggest")[0]
    assert box == "/api/v1/search/suggest?market=france"

    found = visitor.get("/api/v1/search/suggest?q=faucet&market=france").get_json()
    everywhere = visitor.get("/api/v1/search/suggest?q=faucet").get_json()
    france = {f"/p/{d['slug']}" for d in found["documents"] if d["type"] == "product"}
    assert france and france <= approved_for("france")
    assert {f"/p/{d['slug']}" for d in everywhere["documents"]} - approved_for("france")
    # A market narrows products only: articles are still suggested.
    news = visitor.get("/api/v1/search/suggest?q=rare+earth&market=france").get_json()
    assert any(d["type"] == "article" for d in news["documents"])
    refused = visitor.get("/api/v1/search/suggest?q=faucet&market=Not+A+Slug!")
    assert refused.status_code == 422
    assert refused.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "back", ["//evil.example/products", "https://evil.example/", "/\\evil.example", ""]
)
def test_choosing_a_market_never_leads_off_the_site(visitor, back):
    response = choose(visitor, "france", back)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_an_unknown_or_archived_market_in_the_cookie_is_ignored(visitor):
    visitor.set_cookie("market", "atlantis")
    page = parse(visitor.get("/products"))
    assert listed_count(page) == len(PUBLISHED)
    assert not page.xpath("//div[@class='market-notice']")


def test_a_market_edit_reaches_the_picker_and_the_notice_at_once(site, visitor):
    assert "France" in texts(parse(visitor.get("/products")), "//select[@name='market']/option")
    with site.app_context():
        france = db.session.scalar(select(Market).where(Market.slug == "france"))
        catalog_services.update_term(france, {"name": "France métropolitaine"})
    try:
        page = parse(visitor.get("/products?market=france"))
        assert "France métropolitaine" in texts(page, "//select[@name='market']/option")
        assert "France métropolitaine" in text(page.xpath("//div[@class='market-notice']")[0])
    finally:
        with site.app_context():
            france = db.session.scalar(select(Market).where(Market.slug == "france"))
            catalog_services.update_term(france, {"name": "France"})
