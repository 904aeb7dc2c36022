"""What search engines are told: robots.txt, and sitemap.xml, an index of child sitemaps of at
most SITEMAP_MAX_URLS addresses each (the protocol's 50,000), so any catalogue size fits."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from flask import Response, current_app
from sqlalchemy import Select, func, select

from catalog import queries as catalog_queries
from core.etags import conditional_document
from core.extensions import db
from core.problems import Problem
from core.public_urls import public_url, public_url_builder
from news import queries as news_queries
from news.models import Tag
from web.site import site
from web.terms import category_tree

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_MEDIA_TYPE = "application/xml"
CACHE_SECONDS = 3600
MAX_CHILD_SITEMAPS = 50_000  # the most one sitemap index may list (the protocol's limit)
# Kept out of search engines: the console, the API and search result pages (endless, thin).
PRIVATE_PATHS = ("/admin", "/api/", "/search", "/compare")


@dataclass(frozen=True)
class Section:
    """Public items of one kind, listed in child sitemaps by id."""

    name: str
    endpoint: str  # the page of one item, by slug
    addresses: Callable[[], Select]  # (id, slug, updated_at) of the public items


SECTIONS = {
    section.name: section
    for section in (
        Section("products", "web.product", catalog_queries.public_addresses),
        Section("articles", "web.article", news_queries.public_addresses),
    )
}


@site.route("/robots.txt")
def robots():
    """Crawl everything but the console, the API and search results; where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS)]
    lines += ["", f"Sitemap: {public_url('web.sitemap_index')}", ""]
    return _cacheable("\n".join(lines), "text/plain")


@site.route("/sitemap.xml")
def sitemap_index():
    """The child sitemaps: the site's pages, then products and articles in runs of at most
    SITEMAP_MAX_URLS, each dated by its newest edit."""
    url = public_url_builder()
    entries: list[tuple[str, datetime | None]] = [(url("web.sitemap_pages"), None)]
    for section in SECTIONS.values():
        for number, newest in enumerate(_runs(section), start=1):
            entries.append((url("web.sitemap_section", name=section.name, number=number), newest))
    body = _document("sitemapindex", "sitemap", entries)
    return _cacheable(body, SITEMAP_MEDIA_TYPE)


@site.route("/sitemaps/pages.xml")
def sitemap_pages():
    """The home page, the listings, the newsroom, every category, public topic and author."""
    url = public_url_builder()
    paths = [url("web.home"), url("web.products"), url("web.news")]
    paths += [url("web.category", slug=slug) for slug in _category_slugs(category_tree())]
    tags = db.session.scalars(
        news_queries.visible_tags(select(Tag.slug).order_by(Tag.slug), staff=False)
    )
    paths += [url("web.news_tag", slug=slug) for slug in tags]
    paths += [url("web.news_author", slug=slug) for slug in news_queries.public_author_slugs()]
    return _cacheable(
        _document("urlset", "url", ((path, None) for path in paths)), SITEMAP_MEDIA_TYPE
    )


@site.route("/sitemaps/<any(products, articles):name>-<int:number>.xml")
def sitemap_section(name: str, number: int):
    """One run of at most SITEMAP_MAX_URLS public products or articles, by id."""
    section, size = SECTIONS[name], _run_size()
    rows = section.addresses().subquery()
    page = (
        db.session.execute(
            select(rows.c.slug, rows.c.updated_at)
            .order_by(rows.c.id)
            .limit(size)
            .offset((number - 1) * size)
        ).all()
        if 1 <= number <= MAX_CHILD_SITEMAPS  # beyond, the offset would not fit a database int
        else []
    )
    if not page:
        raise Problem(404, f"There is no {name} sitemap {number}.", kind="not-found")
    url = public_url_builder()
    entries = ((url(section.endpoint, slug=row.slug), row.updated_at) for row in page)
    return _cacheable(_document("urlset", "url", entries), SITEMAP_MEDIA_TYPE)


def _runs(section: Section) -> list[datetime]:
    """The newest edit in each run of SITEMAP_MAX_URLS items of `section`, by id (one query)."""
    rows = section.addresses().subquery()
    numbered = select(
        ((func.row_number().over(order_by=rows.c.id) - 1) // _run_size()).label("run"),
        rows.c.updated_at,
    ).subquery()
    statement = (
        select(func.max(numbered.c.updated_at).label("newest"))
        .group_by(numbered.c.run)
        .order_by(numbered.c.run)
    )
    return list(db.session.scalars(statement))


def _run_size() -> int:
    return current_app.config["SITEMAP_MAX_URLS"]


def _category_slugs(nodes: list[dict]) -> Iterator[str]:
    for node in nodes:
        yield node["category"].slug
        yield from _category_slugs(node["children"])


def _document(root: str, item: str, entries: Iterable[tuple[str, datetime | None]]) -> str:
    """A sitemap (root "urlset", items "url") or sitemap index ("sitemapindex", "sitemap")."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{NAMESPACE}">\n']
    for location, modified in entries:
        parts.append(f"<{item}><loc>{escape(location)}</loc>")
        if modified is not None:
            parts.append(f"<lastmod>{modified.isoformat(timespec='seconds')}</lastmod>")
        parts.append(f"</{item}>\n")
    parts.append(f"</{root}>\n")
    return "".join(parts)


def _cacheable(body: str, media_type: str) -> Response:
    """`body` with an ETag, answered 304 when unchanged, kept by caches for an hour."""
    response = conditional_document(body, media_type)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response
