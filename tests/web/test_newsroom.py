"""Readers browse the newsroom: article list, articles, tags and feeds that link to pages."""

import feedparser

from tests.conftest import PUBLIC_BASE_URL
from tests.web.pages import RARE_EARTHS, meta, parse, text, texts

ARTICLE_LINKS = "//article[contains(@class, 'article-card')]//h3/a/@href"


def api_article_slugs(visitor, query: str = "") -> list[str]:
    response = visitor.get(f"/api/v1/articles?per_page=10&{query}")
    assert response.status_code == 200, response.json
    return [item["slug"] for item in response.json["items"]]


def test_the_news_page_lists_published_articles_newest_first_with_topics_and_feeds(visitor):
    page = parse(visitor.get("/news"))
    slugs = [href.removeprefix("/news/") for href in page.xpath(ARTICLE_LINKS)]
    assert slugs == api_article_slugs(visitor)
    assert "rare-earth-export-quotas-after-the-wto-ruling" in slugs
    assert not {"how-faucet-cartridges-are-tested-under-asme-a112-18-1-csa-b125-1"} & set(slugs)
    assert page.xpath("//link[@rel='alternate' and @type='application/rss+xml']/@href") == [
        "/news/feed.xml"
    ]
    assert page.xpath("//link[@rel='alternate' and @type='application/atom+xml']/@href") == [
        "/news/atom.xml"
    ]
    topics = texts(page, "//ul[@class='topic-list']//a")
    assert "Rare earths (1)" in topics


def test_an_article_page_shows_its_sanitised_body_tags_sources_and_related_articles(visitor):
    page = parse(visitor.get(RARE_EARTHS))
    assert text(page.xpath("//h1")[0]).startswith("Rare-earth export quotas")
    assert text(page.xpath("//p[@class='byline']")[0]) == "By Newsroom · 15 April 2014 · 3 min read"
    body = page.xpath("//div[@class='prose']")[0]
    assert "Why a faucet business should care" in texts(body, ".//h2")
    assert "61.6%" in text(body) and "57.8%" in text(body)
    assert not body.xpath(".//script|.//*[@onclick or @onerror]")
    tags = page.xpath("//header[@class='article-head']//ul[@class='tags']//a/@href")
    assert "/news/tag/rare-earths" in tags
    assert page.xpath("//section[@class='sources']//a/@href")[0].startswith("https://www.wto.org/")
    related = page.xpath("//section[@aria-labelledby='related-title']//h3/a/@href")
    assert "/news/outlook-copper-zinc-and-rare-earths" not in related  # scheduled, not yet out
    assert related and all(href.startswith("/news/") for href in related)


def test_an_article_describes_itself_for_search_engines_and_link_previews(visitor):
    page = parse(visitor.get(RARE_EARTHS))
    assert meta(page, "og:type") == "article"
    assert meta(page, "description").startswith("The WTO has found against China's rare-earth")
    assert meta(page, "article:published_time") == "2014-04-15T08:00:00+00:00"
    assert "Rare earths" in page.xpath("//meta[@property='article:tag']/@content")
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{PUBLIC_BASE_URL}{RARE_EARTHS}"]


def test_a_tag_page_lists_its_articles_and_offers_its_own_feeds(visitor):
    page = parse(visitor.get("/news/tag/raw-materials"))
    assert text(page.xpath("//h1")[0]) == "News about Raw materials"
    slugs = [href.removeprefix("/news/") for href in page.xpath(ARTICLE_LINKS)]
    assert slugs == api_article_slugs(visitor, "tag=raw-materials")
    assert page.xpath("//link[@type='application/rss+xml']/@href") == [
        "/news/feed.xml?tag=raw-materials"
    ]
    assert page.xpath("//ul[@class='topic-list']//a[@aria-current='page']/@href") == [
        "/news/tag/raw-materials"
    ]
    assert visitor.get("/news/tag/no-such-topic").status_code == 404


def test_unpublished_articles_are_not_pages(visitor):
    for slug in (
        "how-faucet-cartridges-are-tested-under-asme-a112-18-1-csa-b125-1",
        "outlook-copper-zinc-and-rare-earths",
    ):
        assert visitor.get(f"/news/{slug}").status_code == 404, slug


def test_feed_items_link_to_the_article_pages(visitor):
    feed = feedparser.parse(visitor.get("/news/feed.xml").data)
    assert feed.feed.link == f"{PUBLIC_BASE_URL}/news"
    links = [entry.link for entry in feed.entries]
    assert f"{PUBLIC_BASE_URL}{RARE_EARTHS}" in links
    for link in links[:3]:
        assert visitor.get(link.removeprefix(PUBLIC_BASE_URL)).status_code == 200
