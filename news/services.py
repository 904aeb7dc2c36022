"""News writes: articles, their tags, product links, slugs and status; each owns its transaction."""

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import current_app
from slugify import slugify
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from catalog.models import Product
from core.auth.models import User
from core.clock import utcnow
from core.extensions import db
from core.markup import markdown_to_text, render_markdown
from core.problems import Problem, validation_problem
from core.slugs import ensure_slug_unclaimed, move_to_slug, new_slug, retry_on_conflict
from media.processing import ProcessedImage
from media.services import storing_images
from news.models import Article, ArticleSlugRedirect, ArticleStatus, Tag

WORDS_PER_MINUTE = 200
EXCERPT_CHARS = 280
TAG_SLUG_LENGTH = 80


def create_article(data: Mapping[str, Any], author: User) -> Article:
    """Create an article by `author`; a draft unless `data` (left as given) says otherwise."""
    return retry_on_conflict(lambda: _create_article(data, author))


def _create_article(data: Mapping[str, Any], author: User) -> Article:
    article = Article(author=author, status=ArticleStatus.DRAFT, summary="", source_links=[])
    article.slug = new_slug(
        Article,
        data.get("slug"),
        data["title"],
        also_taken=(ArticleSlugRedirect.slug,),
        check=lambda slug: _ensure_slug_free(slug, None),
    )
    _apply(article, {"body": "", **data})
    db.session.add(article)
    db.session.commit()
    return article


def update_article(article: Article, changes: Mapping[str, Any]) -> Article:
    """Apply a partial change (left as given); old slugs redirect; the version moves."""
    version = article.version
    return retry_on_conflict(lambda: _update_article(article, changes, version))


def _update_article(article: Article, changes: Mapping[str, Any], version: int) -> Article:
    if article.version != version:
        # A retry after a conflict re-reads the article: someone else's change came first.
        raise StaleDataError("the article changed while a conflict was retried")
    if "slug" in changes:
        _change_slug(article, changes["slug"])
    _apply(article, changes)
    article.updated_at = utcnow()
    db.session.commit()
    return article


def set_status(
    article: Article, status: ArticleStatus, published_at: datetime | None = None
) -> Article:
    """Publish (now), schedule (at `published_at`), unpublish (to draft) or archive."""
    changes: dict[str, Any] = {"status": status}
    if status == ArticleStatus.PUBLISHED:
        changes["published_at"] = utcnow()
    elif status == ArticleStatus.SCHEDULED:
        changes["published_at"] = published_at
    return update_article(article, changes)


def set_cover(article: Article, image: ProcessedImage, alt: str) -> Article:
    """Store an uploaded cover and show it on the article, replacing any cover it had."""
    return retry_on_conflict(lambda: _set_cover(article, image, alt))


def _set_cover(article: Article, image: ProcessedImage, alt: str) -> Article:
    with storing_images() as store:
        article.cover_asset = store(image)
        article.cover_image_url, article.cover_image_alt = None, alt
        article.updated_at = utcnow()
        db.session.commit()
    return article


def date_as_written(article: Article, moment: datetime) -> Article:
    """Record that `article` was written and last edited at `moment` (imported history, such as
    the demo newsroom's), so feeds and sitemaps do not date it to the import."""
    article.created_at = article.updated_at = moment
    db.session.commit()
    return article


def remove_cover(article: Article) -> Article:
    """Show the article without a cover; an uploaded one's files go with `flask media prune`."""
    article.cover_asset = None
    article.cover_image_url = article.cover_image_alt = None
    article.updated_at = utcnow()
    db.session.commit()
    return article


def delete_article(article: Article) -> None:
    """Destroy an article with its old slugs and links (its tags stay)."""
    db.session.delete(article)
    db.session.commit()


def _apply(article: Article, data: Mapping[str, Any]) -> None:
    for field in ("title", "summary"):
        if field in data:
            setattr(article, field, data[field])
    for field in ("seo_title", "seo_description"):
        if field in data:
            setattr(article, field, data[field] or None)  # empty means "use the default"
    if "body" in data:
        check_body_length(data["body"])
        article.body = data["body"]
        article.body_html = render_markdown(article.body)
        words = len(markdown_to_text(article.body).split())
        article.reading_time_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    if "cover_image" in data:
        image = data["cover_image"] or {}
        article.cover_image_url, article.cover_image_alt = image.get("url"), image.get("alt")
        article.cover_asset = None
    if "source_links" in data:
        article.source_links = [dict(link) for link in data["source_links"]]
    if "tags" in data:
        article.tags = _tags_named(data["tags"])
    if "products" in data:
        article.products = _products_with_slugs(data["products"])
    if "status" in data or "published_at" in data:
        _apply_status(article, data.get("status"), data.get("published_at", article.published_at))
    if "body" in data or "summary" in data:
        article.excerpt = article.summary or _excerpt(
            markdown_to_text(article.body, headings=False)
        )


def check_body_length(body: str) -> None:
    """Refuse (413) a body longer than ARTICLE_MAX_BODY_CHARS."""
    limit = current_app.config["ARTICLE_MAX_BODY_CHARS"]
    if len(body) > limit:
        raise Problem(
            413,
            f"The article body has {len(body)} characters; the limit is {limit}.",
            kind="body-too-large",
            errors={"body": [f"At most {limit} characters."]},
        )


def _apply_status(
    article: Article, status: ArticleStatus | None, published_at: datetime | None
) -> None:
    """Store the status; a scheduled article is stored as published at a future time."""
    status = status or article.status
    if status == ArticleStatus.SCHEDULED:
        if published_at is None or published_at <= utcnow():
            raise validation_problem(
                {"published_at": ["Give a time in the future to schedule."]},
                "A scheduled article needs a publication time in the future.",
            )
        status = ArticleStatus.PUBLISHED
    elif status == ArticleStatus.PUBLISHED and published_at is None:
        published_at = utcnow()
    article.status = status
    article.published_at = published_at


def _excerpt(text: str) -> str:
    words = " ".join(text.split())
    if len(words) <= EXCERPT_CHARS:
        return words
    return words[:EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _tags_named(names: list[str]) -> list[Tag]:
    """The tags with these names, matched by slug; names not seen before become new tags."""
    wanted: dict[str, str] = {}
    for index, name in enumerate(names):
        slug = slugify(name, max_length=TAG_SLUG_LENGTH, word_boundary=True)
        if not slug:
            raise validation_problem(
                {f"tags.{index}": ["Use at least one letter or digit."]},
                f"The tag '{name}' has no letters or digits.",
            )
        wanted.setdefault(slug, " ".join(name.split()))
    existing = {
        tag.slug: tag for tag in db.session.scalars(select(Tag).where(Tag.slug.in_(wanted)))
    }
    return [existing.get(slug) or Tag(slug=slug, name=name) for slug, name in wanted.items()]


def _products_with_slugs(slugs: list[str]) -> list[Product]:
    found = {
        product.slug: product
        for product in db.session.scalars(select(Product).where(Product.slug.in_(slugs)))
    }
    errors = {
        f"products.{index}": ["No such product."]
        for index, slug in enumerate(slugs)
        if slug not in found
    }
    if errors:
        raise validation_problem(errors, "Some linked products do not exist.")
    return [found[slug] for slug in dict.fromkeys(slugs)]


def _ensure_slug_free(slug: str, article_id: int | None) -> None:
    """Refuse a slug another article holds, now or as an old slug that still redirects."""
    ensure_slug_unclaimed(Article, slug, article_id, redirect_owner=ArticleSlugRedirect.article_id)


def _change_slug(article: Article, new_slug: str) -> None:
    if new_slug == article.slug:
        return
    _ensure_slug_free(new_slug, article.id)
    move_to_slug(article, new_slug, ArticleSlugRedirect)
