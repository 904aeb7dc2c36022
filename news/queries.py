"""News reads: who sees which article, listings, lookups by slug and tag counts."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, nulls_last, or_, select
from sqlalchemy.orm import joinedload, selectinload, with_expression

from catalog import queries as catalog_queries
from catalog.models import Product
from core.auth.models import User
from core.clock import utcnow
from core.extensions import db
from core.problems import Problem
from news.models import (
    Article,
    ArticleSlugRedirect,
    ArticleStatus,
    Tag,
    article_products,
    article_tags,
    author_slug,
)
from search import service as search_service
from search.analysis import stems

LISTING_LOAD_OPTIONS = (
    joinedload(Article.author),
    selectinload(Article.tags),
    joinedload(Article.cover_asset),
)
NEWEST_FIRST = (nulls_last(Article.published_at.desc()), Article.id.desc())
RELATED_LIMIT = 5
RELATED_CANDIDATES = 50
MIN_WORD_OVERLAP = 0.1
TIMESTAMP_STEP = 1e-6  # a microsecond: the finest step between two publication times


@dataclass(frozen=True)
class ArticlePage:
    """An article with what its page shows beside it; reads through to the article.

    `with_source`: whether the page includes the Markdown source, for the staff who edit it.
    """

    article: Article
    products: list[Product]
    related: list[Article]
    with_source: bool = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.article, name)


def status_clause(status: ArticleStatus) -> ColumnElement[bool]:
    """Articles in `status` now: scheduled and published differ only by the clock."""
    now = utcnow()
    if status == ArticleStatus.SCHEDULED:
        return and_(Article.status == ArticleStatus.PUBLISHED, Article.published_at > now)
    if status == ArticleStatus.PUBLISHED:
        return and_(Article.status == ArticleStatus.PUBLISHED, Article.published_at <= now)
    return Article.status == status


def _check_status_allowed(status: ArticleStatus | None, *, staff: bool) -> None:
    if status is not None and status != ArticleStatus.PUBLISHED and not staff:
        raise Problem(
            403, "Only editors and admins may see unpublished articles.", kind="forbidden"
        )


def visible(statement: Select, *, staff: bool, status: ArticleStatus | None = None) -> Select:
    """Restrict to what the caller may read: readers only published articles whose time has come."""
    _check_status_allowed(status, staff=staff)
    if staff:
        return statement.where(status_clause(status)) if status else statement
    return statement.where(status_clause(ArticleStatus.PUBLISHED))


def public_addresses() -> Select:
    """The articles readers see, as (id, slug, updated_at) rows: what a sitemap lists."""
    return visible(select(Article.id, Article.slug, Article.updated_at), staff=False)


def article_listing(args: dict[str, Any], *, staff: bool) -> Select:
    """The SELECT behind GET /articles for these filters, newest first."""
    statement = visible(select(Article), staff=staff, status=args.get("status"))
    if args.get("tag"):
        statement = statement.where(Article.tags.any(Tag.slug.in_(args["tag"])))
    if args.get("author"):
        statement = statement.where(Article.author_id.in_(_authors_with_slug(args["author"])))
    if args.get("year"):
        start, end = _period(args["year"], args.get("month"))
        statement = statement.where(Article.published_at >= start, Article.published_at < end)
    return statement.order_by(*NEWEST_FIRST)


def searched_articles(
    args: dict[str, Any], *, staff: bool, observed: bool = False
) -> dict[str, Any]:
    """A page of GET /articles?q=…: the search engine matches, filters and ranks; with
    `observed` (a reader asked), the search is reported to the search log."""
    status = args.get("status")
    _check_status_allowed(status, staff=staff)
    lowest, highest = [], []
    if args.get("year"):
        start, end = _period(args["year"], args.get("month"))
        lowest.append(start.timestamp())
        highest.append(end.timestamp() - TIMESTAMP_STEP)
    # The index stores scheduled articles as published; only the clock tells them apart.
    if status == ArticleStatus.PUBLISHED:
        highest.append(utcnow().timestamp())
    elif status == ArticleStatus.SCHEDULED:
        lowest.append(utcnow().timestamp() + TIMESTAMP_STEP)
        status = ArticleStatus.PUBLISHED
    filters = {
        "tag": args.get("tag"),
        "author": [args["author"]] if args.get("author") else None,
        "published_from": max(lowest, default=None),
        "published_until": min(highest, default=None),
    }
    return search_service.page_of_rows(
        Article,
        args["q"],
        page=args["page"],
        per_page=args["per_page"],
        load_options=LISTING_LOAD_OPTIONS,
        types=["article"],
        filters=filters,
        staff=staff,
        status=status.value if status else None,
        observed=observed,
    )


def _authors_with_slug(slug: str) -> list[int]:
    # Staff accounts are few, and a slug cannot be computed in SQL.
    users = db.session.scalars(select(User)).all()
    return [user.id for user in users if author_slug(user) == slug]


def _period(year: int, month: int | None) -> tuple[datetime, datetime]:
    if month is None:
        return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def find_article(slug: str, *, staff: bool, old_slugs: bool = False) -> Article | None:
    """The article at `slug` (or, with `old_slugs`, one that used to be there), if any."""
    matches = Article.slug == slug
    if old_slugs:
        moved = select(ArticleSlugRedirect.article_id).where(ArticleSlugRedirect.slug == slug)
        matches = or_(matches, Article.id.in_(moved))
    statement = visible(select(Article).where(matches), staff=staff)
    return db.session.scalar(statement.options(*LISTING_LOAD_OPTIONS))


def get_article(slug: str, *, staff: bool, old_slugs: bool = False) -> Article:
    """Like `find_article`, but a 404 problem when there is none."""
    article = find_article(slug, staff=staff, old_slugs=old_slugs)
    if article is None:
        raise Problem(404, f"No article with slug '{slug}'.", kind="not-found")
    return article


def article_page(article: Article, *, staff: bool) -> ArticlePage:
    """`article` with its linked products (those on sale, for readers) and related articles;
    staff also get its Markdown source."""
    linked = select(article_products.c.product_id).where(
        article_products.c.article_id == article.id
    )
    products = catalog_queries.visible(select(Product).where(Product.id.in_(linked)), staff=staff)
    products = products.order_by(Product.name).options(*catalog_queries.LISTING_LOAD_OPTIONS)
    linked_products = list(db.session.scalars(products))
    return ArticlePage(article, linked_products, related_articles(article), with_source=staff)


def tag_listing(*, staff: bool) -> Select:
    """Tags with their readable article counts, most used first; readers only see used tags."""
    counting = visible(
        select(func.count())
        .select_from(article_tags.join(Article))
        .where(article_tags.c.tag_id == Tag.id),
        staff=staff,
    )
    count = counting.correlate(Tag).scalar_subquery()
    statement = select(Tag).options(with_expression(Tag.article_count, count))
    return visible_tags(statement.order_by(count.desc(), Tag.name, Tag.id), staff=staff)


def visible_tags(statement: Select, *, staff: bool) -> Select:
    """Restrict to tags the caller may know of: for readers, those on an article they can read."""
    if staff:
        return statement
    # A tag only drafts, scheduled or archived articles use would give those articles away.
    readable = visible(select(article_tags.c.tag_id).join(Article), staff=False)
    return statement.where(Tag.id.in_(readable))


def get_tag(slug: str, *, staff: bool) -> Tag:
    """The tag at `slug` if the caller may know of it, or a 404 problem like an unknown tag's."""
    tag = db.session.scalar(visible_tags(select(Tag).where(Tag.slug == slug), staff=staff))
    if tag is None:
        raise Problem(404, f"No tag with slug '{slug}'.", kind="not-found")
    return tag


def newest_published(
    limit: int, tag: Tag | None = None, author: User | None = None
) -> list[Article]:
    """The `limit` newest articles readers can see, optionally under one tag or by one author."""
    filters = {
        "tag": [tag.slug] if tag else None,
        "author": author_slug(author) if author else None,
    }
    statement = article_listing(filters, staff=False)
    return list(db.session.scalars(statement.options(*LISTING_LOAD_OPTIONS).limit(limit)))


def articles_about(product_id: int, limit: int) -> list[Article]:
    """The newest articles readers can see that an editor linked to the product `product_id`."""
    linked = select(article_products.c.article_id).where(
        article_products.c.product_id == product_id
    )
    statement = visible(select(Article), staff=False).where(Article.id.in_(linked))
    statement = statement.options(*LISTING_LOAD_OPTIONS).order_by(*NEWEST_FIRST).limit(limit)
    return list(db.session.scalars(statement))


def public_author_slugs() -> list[str]:
    """The slugs of the authors of the articles readers can see."""
    writers = visible(select(Article.author_id), staff=False).distinct()
    users = db.session.scalars(select(User).where(User.id.in_(writers)))
    return sorted({author_slug(user) for user in users})


def get_author(slug: str) -> User:
    """The author at `slug` with an article readers can see, or a 404 problem (staff accounts
    that wrote nothing public stay unknown)."""
    ids = _authors_with_slug(slug)
    readable = visible(select(Article.author_id), staff=False).where(Article.author_id.in_(ids))
    found = db.session.scalar(readable.order_by(Article.author_id).limit(1))
    if found is None:
        raise Problem(404, f"No author with slug '{slug}'.", kind="not-found")
    return db.session.get_one(User, found)


def related_articles(article: Article) -> list[Article]:
    """Up to five published articles sharing tags or words with `article`, closest first."""
    others = visible(select(Article), staff=False).where(Article.id != article.id)
    others = others.options(*LISTING_LOAD_OPTIONS)
    candidates = {
        other.id: other
        for other in db.session.scalars(others.order_by(*NEWEST_FIRST).limit(RELATED_CANDIDATES))
    }
    shared_tags: dict[int, int] = {}
    if article.tags:
        shared = (
            select(article_tags.c.article_id, func.count().label("shared"))
            .where(article_tags.c.tag_id.in_([tag.id for tag in article.tags]))
            .group_by(article_tags.c.article_id)
            .subquery()
        )
        tagged = others.add_columns(shared.c.shared).join(shared, shared.c.article_id == Article.id)
        tagged = tagged.order_by(shared.c.shared.desc(), *NEWEST_FIRST).limit(RELATED_CANDIDATES)
        for other, count in db.session.execute(tagged):
            candidates[other.id] = other
            shared_tags[other.id] = count
    words = _keywords(article)
    scored = []
    for other in candidates.values():
        overlap = _overlap(words, _keywords(other))
        if other.id in shared_tags or overlap >= MIN_WORD_OVERLAP:
            scored.append((shared_tags.get(other.id, 0) + overlap, other.published_at, other))
    scored.sort(key=lambda entry: entry[:2], reverse=True)
    return [other for _, _, other in scored[:RELATED_LIMIT]]


def _keywords(article: Article) -> set[str]:
    # The search engine's analysis: no stop words, and "quotas" meets "quota" as in a search.
    return set(stems(f"{article.title} {article.excerpt}"))


def _overlap(first: set[str], second: set[str]) -> float:
    """Jaccard similarity of two word sets."""
    union = first | second
    return len(first & second) / len(union) if union else 0.0
