"""Newsroom pages: the article list, articles by tag, and each article."""

from typing import Any

from flask import redirect, render_template, request, url_for

from core.auth.models import User
from core.pagination import PaginationArgs, paginate
from core.public_urls import absolute_url, public_url
from news import queries as news_queries
from news.links import NewsLinks
from news.models import Article, Tag, author_name, author_slug
from news.schemas import ArticleSchema, ArticleSummarySchema, TagCountSchema
from web.facets import load_arguments
from web.site import PageMeta, news_feeds, site
from web.structured_data import article_data
from web.urls import canonical_url

PER_PAGE = 10
TAGS_SHOWN = 40


# The links news feeds give to readers: these pages rather than the articles API.
PAGE_LINKS = NewsLinks(
    article=lambda slug: public_url("web.article", slug=slug),
    listing=lambda tag: public_url("web.news_tag", slug=tag) if tag else public_url("web.news"),
    author=lambda slug: public_url("web.news_author", slug=slug),
)


@site.route("/news")
def news():
    """The newest published articles, a page at a time, with the topics to browse by."""
    return _articles(None)


@site.route("/news/tag/<slug:slug>")
def news_tag(slug):
    """The articles under one tag, newest first."""
    return _articles(news_queries.get_tag(slug, staff=False))


@site.route("/news/author/<slug:slug>")
def news_author(slug):
    """One author's articles, newest first, with the author's own feeds."""
    return _articles(None, news_queries.get_author(slug))


@site.route("/news/<slug:slug>")
def article(slug):
    """An article: its sanitised body, tags, sources, linked products and related articles."""
    found = news_queries.get_article(slug, staff=False, old_slugs=True)
    if found.slug != slug:
        return redirect(url_for("web.article", slug=found.slug), 301)
    return article_page(found)


def article_page(found: Article, *, preview: bool = False) -> str:
    """The page of `found` as readers see it; a `preview` (of a draft, for staff) says so and
    is kept out of search engines."""
    cover = found.cover_image
    meta = PageMeta(
        title=found.seo_title or found.title,
        description=found.seo_description or found.excerpt,
        canonical=canonical_url(),
        kind="article",
        image=absolute_url(cover["url"]) if cover else None,
        feeds=news_feeds(),
        indexable=not preview,
    )
    shown = ArticleSchema().dump(news_queries.article_page(found, staff=False))
    structured = article_data(shown, public_url("web.article", slug=found.slug))
    return render_template(
        "article.html", meta=meta, article=shown, preview=preview, structured=structured
    )


def _articles(tag: Tag | None, author: User | None = None):
    page = load_arguments(PaginationArgs(), request.args, {"page"})["page"]
    filters: dict[str, Any] = {"tag": [tag.slug] if tag else None}
    if author is not None:
        filters["author"] = author_slug(author)
    listing = paginate(
        news_queries.article_listing(filters, staff=False),
        page,
        PER_PAGE,
        *news_queries.LISTING_LOAD_OPTIONS,
    )
    topics = paginate(news_queries.tag_listing(staff=False), 1, TAGS_SHOWN)["items"]
    crumb = None
    if author is not None:
        crumb = author_name(author)
        heading, lede = f"Articles by {crumb}", f"Everything {crumb} wrote, newest first."
        feeds = news_feeds(f"by {crumb}", author=author_slug(author))
    elif tag is not None:
        crumb, heading = tag.name, f"News about {tag.name}"
        lede = f"Every article filed under {tag.name}, newest first."
        feeds = news_feeds(tag.name, tag=tag.slug)
    else:
        heading = "Industry news"
        lede = "Raw materials, trade rules, standards and company news for sanitary ware."
        feeds = news_feeds()
    meta = PageMeta(
        title=heading if page == 1 else f"{heading}, page {page}",
        description=lede,
        canonical=canonical_url(ignoring=()),
        feeds=feeds,
    )
    return render_template(
        "news.html",
        meta=meta,
        tag=tag,
        crumb=crumb,
        heading=heading,
        lede=lede,
        articles=ArticleSummarySchema(many=True).dump(listing["items"]),
        page=listing["meta"],
        topics=TagCountSchema(many=True).dump(topics),
    )
