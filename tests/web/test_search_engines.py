"""What search engines and link previews read: JSON-LD that says what the page shows, a sitemap of
exactly the public addresses, robots.txt and the site's icons."""

import io
import json
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from PIL import Image
from sqlalchemy import select

from core.extensions import db
from news.models import Article
from tests.conftest import PUBLIC_BASE_URL
from tests.sitemaps import sitemap_locations
from tests.web import schema_org
from tests.web.pages import HERITAGE, RARE_EARTHS, parse, texts


def fetched(client, path: str):
    """GET `path`, read in full and closed (a file sent as it is stays open until then)."""
    response = client.get(path)
    response.get_data()
    response.close()
    return response


def json_ld(page) -> list[dict]:
    """Every JSON-LD block of a page, parsed."""
    return [
        json.loads(block) for block in page.xpath("//script[@type='application/ld+json']/text()")
    ]


def of_type(blocks: list[dict], kind: str) -> dict:
    (found,) = [block for block in blocks if block["@type"] == kind]
    return found


def assert_in_vocabulary(blocks: list[dict]) -> None:
    assert blocks
    assert schema_org.problems(blocks) == []


def test_the_vocabulary_check_refuses_what_schema_org_does_not_define():
    offer = {
        "@type": "Offer",
        "price": "12,50",
        "priceCurrency": "dollars",
        "availability": "InStock",
        "colour": "red",
    }
    product = {"@context": "http://schema.org", "@type": "Product", "offers": [offer]}
    article = {"@context": schema_org.CONTEXT, "@type": "NewsArticle", "dateModified": "today"}
    wrong_type = {"@context": schema_org.CONTEXT, "@type": "Product", "brand": {"@type": "Offer"}}
    found = schema_org.problems([product, article, wrong_type])
    assert len(found) == 7, found
    for expected in (
        "@context",
        "Offer.price",
        "priceCurrency",
        "Offer.availability",
        "Offer.colour",
        "NewsArticle.dateModified",
        "Product.brand",
    ):
        assert any(expected in problem for problem in found), expected


def test_a_product_page_describes_the_product_it_shows(visitor):
    page = parse(visitor.get(HERITAGE))
    blocks = json_ld(page)
    assert_in_vocabulary(blocks)
    product = of_type(blocks, "Product")
    assert product["name"] == texts(page, "//h1")[0]
    assert product["brand"]["name"] == texts(page, "//p[@class='eyebrow']")[0]
    assert product["url"] == page.xpath("//link[@rel='canonical']/@href")[0]
    assert product["image"] and all(url.startswith("https://") for url in product["image"])

    options = page.xpath("//input[@name='finish']")
    assert len(product["offers"]) == len(options) > 1
    for offer, option in zip(product["offers"], options, strict=True):
        assert offer["sku"] == option.get("data-sku")
        assert offer["name"] == option.get("data-name")
        assert option.get("data-price").replace(",", "").endswith(offer["price"])
        assert offer["priceCurrency"] == "USD"
        in_stock = option.get("data-in-stock") == "true"
        assert (
            offer["availability"] == f"https://schema.org/{'InStock' if in_stock else 'OutOfStock'}"
        )
        assert offer["url"] == f"{product['url']}?finish={option.get('value')}"
        assert fetched(visitor, urlsplit(offer["image"]).path).status_code == 200

    trail = of_type(blocks, "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in trail] == texts(page, "//nav[@class='breadcrumb']//li")
    assert [item["position"] for item in trail] == list(range(1, len(trail) + 1))
    assert trail[-1]["item"] == f"{PUBLIC_BASE_URL}{HERITAGE}"


def test_an_article_page_describes_the_article_it_shows(visitor):
    page = parse(visitor.get(RARE_EARTHS))
    blocks = json_ld(page)
    assert_in_vocabulary(blocks)
    article = of_type(blocks, "NewsArticle")
    assert article["headline"] == texts(page, "//h1")[0]
    assert article["datePublished"].startswith("2014-04-15")
    assert (
        article["datePublished"]
        == page.xpath("//meta[@property='article:published_time']/@content")[0]
    )
    assert article["author"][0]["name"] in texts(page, "//p[@class='byline']")[0]
    assert article["image"] == page.xpath("//meta[@property='og:image']/@content")
    assert "Rare earths" in article["keywords"]
    assert fetched(visitor, urlsplit(article["publisher"]["logo"]["url"]).path).status_code == 200
    assert [item["name"] for item in of_type(blocks, "BreadcrumbList")["itemListElement"]] == [
        "Home",
        "News",
        article["headline"],
    ]


def test_an_article_dates_its_last_edit_as_the_database_does(site, visitor):
    page = parse(visitor.get(RARE_EARTHS))
    modified = of_type(json_ld(page), "NewsArticle")["dateModified"]
    assert modified == page.xpath("//meta[@property='article:modified_time']/@content")[0]
    with site.app_context():
        edited = db.session.scalar(
            select(Article.updated_at).where(Article.slug == RARE_EARTHS.rsplit("/", 1)[-1])
        )
    assert datetime.fromisoformat(modified) == edited


@pytest.mark.parametrize(
    "path",
    [
        "/products",
        "/c/kitchen-twin-handle",
        "/news",
        "/news/tag/rare-earths",
        "/compare?products=jenor-heritage-twin-handle-bridge-kitchen-faucet",
    ],
)
def test_every_breadcrumb_is_described_as_the_page_shows_it(visitor, path):
    page = parse(visitor.get(path))
    blocks = json_ld(page)
    assert_in_vocabulary(blocks)
    trail = of_type(blocks, "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in trail] == texts(page, "//nav[@class='breadcrumb']//li")
    assert [item["position"] for item in trail] == list(range(1, len(trail) + 1))
    links = page.xpath("//nav[@class='breadcrumb']//li/a/@href")
    assert [item["item"] for item in trail[:-1]] == [f"{PUBLIC_BASE_URL}{link}" for link in links]
    assert urlsplit(trail[-1]["item"]).path == urlsplit(path).path


def public_slugs(visitor, url: str) -> set[str]:
    slugs, page = set(), 1
    while True:
        listing = visitor.get(f"{url}?page={page}&per_page=100").json
        slugs |= {item["slug"] for item in listing["items"]}
        if page >= listing["meta"]["pages"]:
            return slugs
        page += 1


def test_the_sitemap_lists_exactly_the_public_addresses(visitor):
    index = sitemap_locations(visitor, "/sitemap.xml")
    assert [location for location, _ in index] == [
        f"{PUBLIC_BASE_URL}/sitemaps/pages.xml",
        f"{PUBLIC_BASE_URL}/sitemaps/products-1.xml",
        f"{PUBLIC_BASE_URL}/sitemaps/articles-1.xml",
    ]
    products = sitemap_locations(visitor, "/sitemaps/products-1.xml")
    assert {location.rsplit("/p/", 1)[1] for location, _ in products} == public_slugs(
        visitor, "/api/v1/products"
    )
    articles = sitemap_locations(visitor, "/sitemaps/articles-1.xml")
    assert {location.rsplit("/news/", 1)[1] for location, _ in articles} == public_slugs(
        visitor, "/api/v1/articles"
    )
    commentary = dict(articles)[f"{PUBLIC_BASE_URL}{RARE_EARTHS}"]
    assert commentary.startswith("2014-04-15")  # its last edit, not the day the demo loaded
    newest = max(lastmod for _, lastmod in products)
    assert dict(index)[f"{PUBLIC_BASE_URL}/sitemaps/products-1.xml"] == newest

    pages = [location for location, _ in sitemap_locations(visitor, "/sitemaps/pages.xml")]
    assert f"{PUBLIC_BASE_URL}/" in pages and f"{PUBLIC_BASE_URL}/products" in pages
    assert f"{PUBLIC_BASE_URL}/c/kitchen-faucets" in pages
    assert f"{PUBLIC_BASE_URL}/news/tag/rare-earths" in pages
    assert f"{PUBLIC_BASE_URL}/news/author/newsroom" in pages
    for location in pages + [location for location, _ in products + articles]:
        assert fetched(visitor, urlsplit(location).path).status_code == 200, location


def test_child_sitemaps_hold_at_most_the_configured_number(site, visitor, monkeypatch):
    everything = {
        location for location, _ in sitemap_locations(visitor, "/sitemaps/products-1.xml")
    }
    monkeypatch.setitem(site.config, "SITEMAP_MAX_URLS", 5)
    index = [location for location, _ in sitemap_locations(visitor, "/sitemap.xml")]
    children = [urlsplit(location).path for location in index if "/products-" in location]
    assert len(children) == -(-len(everything) // 5)
    runs = [sitemap_locations(visitor, child) for child in children]
    assert all(len(run) <= 5 for run in runs)
    assert {location for run in runs for location, _ in run} == everything
    beyond = visitor.get(f"/sitemaps/products-{len(children) + 1}.xml")
    assert beyond.status_code == 404
    for number in ("0", "50001", "99999999999999999999"):
        missing = visitor.get(f"/sitemaps/products-{number}.xml")
        assert missing.status_code == 404, number


def test_sitemaps_can_be_asked_whether_they_changed(visitor):
    first = visitor.get("/sitemap.xml")
    again = visitor.get("/sitemap.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert "max-age=3600" in first.headers["Cache-Control"]


def test_robots_keeps_crawlers_out_of_private_and_endless_pages(visitor):
    response = visitor.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert {"Disallow: /admin", "Disallow: /api/", "Disallow: /search"} <= set(lines)
    assert f"Sitemap: {PUBLIC_BASE_URL}/sitemap.xml" in lines


def test_every_page_links_icons_that_load(visitor):
    page = parse(visitor.get("/"))
    for href in page.xpath("//link[@rel='icon' or @rel='apple-touch-icon']/@href"):
        assert fetched(visitor, href).status_code == 200, href
    ico = fetched(visitor, "/favicon.ico")
    assert ico.status_code == 200
    assert Image.open(io.BytesIO(ico.data)).format == "ICO"
    touch = Image.open(io.BytesIO(fetched(visitor, "/apple-touch-icon.png").data))
    assert (touch.format, touch.size) == ("PNG", (180, 180))
    assert (
        fetched(visitor, page.xpath("//link[@type='image/svg+xml']/@href")[0]).mimetype
        == "image/svg+xml"
    )
