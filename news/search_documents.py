"""How the newsroom feeds search: an article becomes one document; tag and author edits re-index."""

from datetime import datetime

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.auth.models import User
from core.clock import utcnow
from core.extensions import db
from core.markup import markdown_to_text
from media.schemas import thumbnail
from news.models import (
    Article,
    ArticleStatus,
    Tag,
    article_tags,
    author_name,
    author_slug,
    status_at,
)
from news.queries import LISTING_LOAD_OPTIONS, visible
from news.schemas import ArticleSummarySchema
from search.registry import DocumentType, Keyword, Number, Text, Watch, register

# Scheduled articles are stored as published with a future time, so no status changes at
# publication time: the engine hides documents whose `published_at` has not passed.
LISTING = ArticleSummarySchema()  # one instance: a schema built per dump rebuilds its nested ones
STORED_STATUSES = (ArticleStatus.DRAFT, ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED)
PUBLISHED_RANGE = ("published_from", "published_until")


def register_article_documents(app: Flask) -> None:
    """Declare articles to `app`'s search engine."""
    register(
        app,
        DocumentType(
            name="article",
            fields=(
                Text("title", boost=4.0, highlight=True, suggest=True),
                Text("summary", boost=1.5),
                Text("body", highlight=True, suggest=True, near=False),
                Text("tag_names", boost=2.0, suggest=True),
                Text("author_name"),
                Keyword("tag", multiple=True),
                Keyword("author"),
                Number("published", range_args=PUBLISHED_RANGE),
            ),
            statuses=tuple(status.value for status in STORED_STATUSES),
            public_statuses=(ArticleStatus.PUBLISHED.value,),
            load=load_articles,
            all_ids=lambda session: session.scalars(select(Article.id).order_by(Article.id)),
            present=present_articles,
            brief=article_brief,
            public_ids=public_article_ids,
            watches=(
                Watch(Article, lambda article: [article.id]),
                Watch(
                    Tag,
                    lambda tag: select(article_tags.c.article_id).where(
                        article_tags.c.tag_id == tag.id
                    ),
                ),
                Watch(User, lambda user: select(Article.id).where(Article.author_id == user.id)),
            ),
        ),
    )


def load_articles(session: Session, ids: list[int]) -> dict[int, dict]:
    """The search documents of the articles `ids` as the database holds them now."""
    articles = session.scalars(
        select(Article).where(Article.id.in_(ids)).options(*LISTING_LOAD_OPTIONS)
    )
    return {article.id: _document(article) for article in articles}


def _document(article: Article) -> dict:
    published_at = article.published_at
    return {
        "title": article.title,
        "summary": article.excerpt,
        "body": markdown_to_text(article.body),
        "tag_names": [tag.name for tag in article.tags],
        "author_name": author_name(article.author),
        "tag": [(tag.slug, tag.name) for tag in article.tags],
        "author": (author_slug(article.author), author_name(article.author)),
        "published": published_at.timestamp() if published_at else None,
        "status": article.status.value,
        "published_at": published_at,
        # Stored with the stored status; `present_articles` tells scheduled from live.
        "listing": {**LISTING.dump(article), "status": article.status.value},
    }


def present_articles(listings: dict[int, dict]) -> dict[int, dict]:
    """Stored article listings with the status readers see now (a scheduled one may be live)."""
    now = utcnow()
    for listing in listings.values():
        published_at = listing["published_at"]
        moment = datetime.fromisoformat(published_at) if published_at else None
        listing["status"] = status_at(ArticleStatus(listing["status"]), moment, now).value
    return listings


def public_article_ids(ids: list[int]) -> set[int]:
    """Which of `ids` readers may see right now, by the database."""
    if not ids:
        return set()
    statement = visible(select(Article.id).where(Article.id.in_(ids)), staff=False)
    return set(db.session.scalars(statement))


def article_brief(listing: dict) -> dict:
    """An article in the search box's list: title, a small cover and its date."""
    return {
        "title": listing["title"],
        "image": thumbnail(listing.get("cover_image")),
        "published_at": listing.get("published_at"),
    }
