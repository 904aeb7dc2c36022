"""The newsroom's finishing touches: articles about a product on its page, author pages with their
own feeds, and cover pictures in both feeds."""

import feedparser

from tests.conftest import PUBLIC_BASE_URL
from tests.web.pages import HERITAGE, RARE_EARTHS, parse, texts

TWIN_HANDLES = "/news/twin-handle-kitchen-faucets-are-back"


def test_a_product_page_leads_its_reading_with_the_articles_linked_to_it(visitor):
    page = parse(visitor.get(HERITAGE))
    reading = page.xpath("//section[@aria-labelledby='reading-title']//h3/a/@href")
    assert reading[0] == TWIN_HANDLES  # the article an editor linked to this faucet
    assert len(reading) == len(set(reading)) >= 2


def test_a_byline_leads_to_the_authors_page_and_feeds(visitor):
    article = parse(visitor.get(RARE_EARTHS))
    (byline,) = article.xpath("//p[@class='byline']/a[@rel='author']/@href")
    assert byline == "/news/author/newsroom"

    page = parse(visitor.get(byline))
    assert texts(page, "//h1") == ["Articles by Newsroom"]
    listed = page.xpath("//main//article[contains(@class, 'article-card')]//h3/a/@href")
    api = visitor.get("/api/v1/articles?author=newsroom&per_page=100").json
    assert listed == [f"/news/{item['slug']}" for item in api["items"]][: len(listed)]
    assert len(listed) == min(api["meta"]["total"], 10)

    feeds = page.xpath("//link[@rel='alternate']/@href")
    assert feeds == ["/news/feed.xml?author=newsroom", "/news/atom.xml?author=newsroom"]
    for url in feeds:
        feed = feedparser.parse(visitor.get(url).data)
        assert not feed.bozo
        assert feed.feed.title.endswith(", by Newsroom")
        assert len(feed.entries) == api["meta"]["total"]


def test_an_author_without_public_articles_is_not_found(visitor):
    for slug in ("nobody", "eddie-editor"):
        assert visitor.get(f"/news/author/{slug}").status_code == 404
        assert visitor.get(f"/news/feed.xml?author={slug}").status_code == 404


def test_both_feeds_carry_each_articles_cover_picture(visitor):
    articles = visitor.get("/api/v1/articles?per_page=100").json["items"]
    covers = {item["title"]: item["cover_image"] for item in articles}
    for url in ("/news/feed.xml", "/news/atom.xml"):
        feed = feedparser.parse(visitor.get(url).data)
        assert feed.entries
        for entry in feed.entries:
            cover = covers[entry.title]
            (picture,) = entry.media_content
            assert picture["url"] == f"{PUBLIC_BASE_URL}{cover['url']}"
            assert picture["medium"] == "image"
            assert (int(picture["width"]), int(picture["height"])) == (
                cover["width"],
                cover["height"],
            )


def test_each_news_card_shows_its_articles_cover(visitor):
    articles = visitor.get("/api/v1/articles?per_page=100").json["items"]
    covers = {f"/news/{item['slug']}": item["cover_image"] for item in articles}
    for path in ("/news", "/news/tag/rare-earths", "/news/author/newsroom", "/"):
        cards = parse(visitor.get(path)).xpath("//article[contains(@class, 'article-card')]")
        assert cards, path
        for card in cards:
            cover = covers[card.xpath(".//h3/a/@href")[0]]
            (image,) = card.xpath(".//img")
            assert image.get("src") == cover["url"]
            assert image.get("alt") == cover["alt"]
            shown = visitor.get(image.get("src"))
            assert shown.status_code == 200 and shown.mimetype.startswith("image/")
            shown.close()
