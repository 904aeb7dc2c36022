"""RSS 2.0 and Atom feeds of the newest published articles, built with feedgen."""

import html
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import current_app
from flask_smorest import Blueprint

from core.clock import utcnow
from core.etags import conditional_document
from core.public_urls import absolute_url, public_url
from news import queries
from news.links import news_links
from news.models import Article, author_name
from news.schemas import FeedArgs

FEED_LENGTH = 20
FEED_TITLE = "Sanitary ware industry news"
FEED_DESCRIPTION = "Raw materials, trade rules, standards and company news for sanitary ware."
RSS_MEDIA_TYPE = "application/rss+xml"
ATOM_MEDIA_TYPE = "application/atom+xml"

feeds_blp = Blueprint("feeds", __name__, url_prefix="/news", description="News feeds")


@feeds_blp.route("/feed.xml")
@feeds_blp.arguments(FeedArgs, location="query")
@feeds_blp.response(200, content_type=RSS_MEDIA_TYPE, description="An RSS 2.0 document")
def rss_feed(args):
    """The newest published articles as RSS 2.0 (optionally only one `tag`'s or `author`'s)."""
    feed = build_feed(args.get("tag"), "feeds.rss_feed", args.get("author"))
    return conditional_document(feed.rss_str(pretty=True), RSS_MEDIA_TYPE)


@feeds_blp.route("/atom.xml")
@feeds_blp.arguments(FeedArgs, location="query")
@feeds_blp.response(200, content_type=ATOM_MEDIA_TYPE, description="An Atom document")
def atom_feed(args):
    """The newest published articles as Atom (optionally only one `tag`'s or `author`'s)."""
    feed = build_feed(args.get("tag"), "feeds.atom_feed", args.get("author"))
    return conditional_document(feed.atom_str(pretty=True), ATOM_MEDIA_TYPE)


def build_feed(
    tag_slug: str | None, endpoint: str, author_slug: str | None = None
) -> FeedGenerator:
    """A feed of the newest published articles, under `tag_slug` and by `author_slug` when
    given (404 if unknown)."""
    tag = queries.get_tag(tag_slug, staff=False) if tag_slug else None
    author = queries.get_author(author_slug) if author_slug else None
    articles = queries.newest_published(FEED_LENGTH, tag, author)
    self_url = public_url(endpoint, tag=tag_slug, author=author_slug)
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.load_extension("media")
    feed.id(self_url)
    title = f"{FEED_TITLE}: {tag.name}" if tag else FEED_TITLE
    feed.title(f"{title}, by {author_name(author)}" if author else title)
    feed.description(FEED_DESCRIPTION)
    feed.language("en")
    # RSS keeps one channel link (the last given), so the alternate goes after self.
    feed.link(href=self_url, rel="self")
    links = news_links()
    listing = links.author(author_slug) if author_slug and not tag_slug else links.listing(tag_slug)
    feed.link(href=listing, rel="alternate")
    updated = max((article.updated_at for article in articles), default=utcnow())
    feed.updated(updated)
    feed.lastBuildDate(updated)
    for article in articles:
        _add_entry(feed, article, links.article(article.slug))
    return feed


def entry_id(article: Article) -> str:
    """The article's id in feeds, kept when its slug (and so its address) changes: a tag URI
    (RFC 4151) on the site's host and the day the article was written."""
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname
    return f"tag:{host},{article.created_at:%Y-%m-%d}:article:{article.id}"


def _add_entry(feed: FeedGenerator, article: Article, url: str) -> None:
    author = author_name(article.author)
    entry = feed.add_entry(order="append")
    identity = entry_id(article)
    entry.id(identity)
    entry.guid(identity, permalink=False)
    entry.title(article.title)
    entry.link(href=url)
    entry.published(article.published_at)
    entry.updated(article.updated_at)
    entry.author(name=author)
    entry.dc.dc_creator(author)
    # Order matters: summary sets both feeds' synopsis, then RSS gets it as HTML (readers
    # treat RSS descriptions as HTML), then content replaces what description set. Only what
    # HTML needs is escaped: an escaped apostrophe (&#x27;) shows as such in some readers.
    entry.summary(article.excerpt)
    entry.description(html.escape(article.excerpt, quote=False))
    entry.content(article.body_html, type="html")
    for tag in article.tags:
        entry.category(term=tag.slug, label=tag.name)
    cover = article.cover_image
    if cover:  # Media RSS, which readers of both formats show as the entry's picture
        size = {"width": str(cover["width"]), "height": str(cover["height"])}
        entry.media.content(
            url=absolute_url(cover["url"]),
            medium="image",
            group=None,
            **(size if cover["width"] else {}),
        )
