"""Hostile names and text show up as text on every page, never as markup or script."""

import json

import pytest

from catalog import services as catalog_services
from catalog.models import Brand
from catalog.schemas import ProductInputSchema
from catalog.term_schemas import BrandInputSchema
from news import services as news_services
from news.demo import newsroom_user
from tests.web.pages import parse, text

PRODUCT_NAME = '<script>alert("name")</script> Zanzibar Tap'
BRAND_NAME = "<b onmouseover=alert(1)>Evil</b> Brass"
ARTICLE_TITLE = '<img src=x onerror=alert("title")> Zanzibar quotas & "prices"'
TAG_NAME = "<i onclick=alert(2)>Smuggling</i>"


@pytest.fixture
def hostile(site):
    """A published product, brand and article whose every text field tries to inject markup.

    Written through the services, past the API's validation, as an import or a bug might.
    """
    with site.app_context():
        brand = catalog_services.create_term(
            Brand, BrandInputSchema().load({"name": BRAND_NAME, "slug": "evil-brass"})
        )
        product = catalog_services.create_product(
            ProductInputSchema().load(
                {
                    "name": PRODUCT_NAME,
                    "slug": "zanzibar-tap",
                    "brand": "evil-brass",
                    "category": "kitchen-twin-handle",
                    "summary": "<img src=x onerror=alert('summary')>",
                    "description": "<script>alert('body')</script> [click](javascript:alert(3))",
                    "handle_type": "twin",
                    "mounting": "deck",
                    "spout_type": "swivel",
                    "images": [
                        {"url": "https://images.example.com/x.jpg", "alt": '" onerror="alert(1)'}
                    ],
                    "variants": [
                        {
                            "sku": "ZNZ-1",
                            "finish": "gunmetal",
                            "price": {"amount": "99.00", "currency": "USD"},
                        }
                    ],
                    "status": "published",
                    "seo_title": '"><script>alert(4)</script>',
                }
            )
        )
        article = news_services.create_article(
            {
                "title": ARTICLE_TITLE,
                "summary": "</p><script>alert('summary')</script>",
                "body": "Zanzibar <script>alert('body')</script>\n\n[x](javascript:alert(5))",
                "tags": [TAG_NAME],
                "status": "published",
            },
            newsroom_user(),
        )
        slugs = {"product": product.slug, "article": article.slug}
    yield slugs
    with site.app_context():
        news_services.delete_article(article)
        catalog_services.delete_product(product)
        catalog_services.delete_term(brand)


def assert_inert(response):
    """The page has no script or event handler of its own making; its JSON-LD blocks hold the
    hostile text as data, never ending their block early."""
    assert response.status_code == 200
    page = parse(response)
    data = "//script[@type='application/ld+json']"
    inline = "//script[not(@src) and not(@type='application/ld+json')]"
    assert not page.xpath(f"{inline} | //*[@onerror or @onclick or @onmouseover]")
    for block in page.xpath(f"{data}/text()"):
        json.loads(block)  # one whole JSON document: nothing broke out of it
        assert "<" not in block  # what could close the block is escaped
    assert not page.xpath("//a[starts-with(@href, 'javascript:')] | //b | //i")
    assert b"<script>alert" not in response.data
    return page


def test_hostile_product_and_brand_names_are_shown_as_text(visitor, hostile):
    slug = hostile["product"]
    page = assert_inert(visitor.get(f"/p/{slug}"))
    assert text(page.xpath("//h1")[0]) == PRODUCT_NAME
    described = [json.loads(b) for b in page.xpath("//script[@type='application/ld+json']/text()")]
    assert {"name": PRODUCT_NAME, "brand": BRAND_NAME} in [
        {"name": d.get("name"), "brand": d.get("brand", {}).get("name")} for d in described
    ]
    assert BRAND_NAME in text(page.xpath("//table[@class='specs']")[0])
    assert page.xpath("//img/@alt")[0] == '" onerror="alert(1)'
    listing = assert_inert(visitor.get("/products?brand=evil-brass"))
    assert PRODUCT_NAME in text(listing.xpath("//main")[0])
    card = listing.xpath("//article[contains(@class, 'product-card')]")[0]
    assert text(card.xpath(".//p[@class='eyebrow']")[0]) == BRAND_NAME
    assert card.xpath(".//img/@alt") == ['" onerror="alert(1)']
    assert card.xpath(".//*[@data-compare-control]/@data-name") == [PRODUCT_NAME]
    assert BRAND_NAME in text(listing.xpath("//form[@id='filters']")[0])
    found = assert_inert(visitor.get("/search?q=zanzibar"))
    assert PRODUCT_NAME in text(found.xpath("//ol[@class='search-results']")[0])


def test_hostile_article_titles_and_tags_are_shown_as_text(visitor, hostile):
    page = assert_inert(visitor.get(f"/news/{hostile['article']}"))
    assert text(page.xpath("//h1")[0]) == ARTICLE_TITLE
    assert_inert(visitor.get("/news"))
    assert_inert(visitor.get("/"))
    found = assert_inert(visitor.get("/search?q=zanzibar&type=article"))
    assert ARTICLE_TITLE in text(found.xpath("//ol[@class='search-results']")[0])


@pytest.mark.parametrize("typed", ['<script>alert("q")</script>', '"><img src=x onerror=alert(1)>'])
def test_what_a_searcher_types_comes_back_as_text(visitor, typed):
    page = assert_inert(visitor.get("/search", query_string={"q": typed}))
    assert page.xpath("//input[@id='search-q']/@value") == [typed]
    assert typed in text(page.xpath("//h1")[0])
