"""The demo newsroom: the articles in demo_content/, imported under a demo editor's name, each
with a cover drawn for its topic."""

import secrets
from collections import Counter
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from catalog.models import Product
from core.auth.models import Role, User
from core.auth.services import create_user, find_user_by_email
from core.clock import utcnow
from core.extensions import db
from media.processing import ProcessedImage, process_image
from news import services
from news.demo_covers import draw_cover
from news.imports import ImportOutcome, import_article, read_article_file

DEMO_CONTENT = Path(__file__).parent / "demo_content"
NEWSROOM_EMAIL = "newsroom@example.com"
NEWSROOM_NAME = "Newsroom"


def load_demo_articles() -> str:
    """Import the demo articles that are missing (matched by slug); say what was added."""
    author = newsroom_user()
    outcomes: Counter[ImportOutcome] = Counter()
    for path in sorted(DEMO_CONTENT.glob("*.md")):
        data = read_article_file(path)
        # The demo catalogue may have been skipped (--if-empty), so link only what exists.
        data["products"] = _existing_product_slugs(data.get("products", []))
        article, outcome = import_article(data, author, update_existing=False)
        if outcome is ImportOutcome.CREATED and article.cover_image is None:
            tags = tuple(tag.name for tag in article.tags)
            cover = _processed_cover(article.title, tags, current_app.config["MEDIA_MAX_PIXELS"])
            services.set_cover(article, cover, f"An illustration for “{article.title}”")
        written = article.published_at
        if outcome is ImportOutcome.CREATED and written is not None and written <= utcnow():
            services.date_as_written(article, written)  # not the day the demo was loaded
        outcomes[outcome] += 1
    return (
        f"{outcomes[ImportOutcome.CREATED]} articles added, "
        f"{outcomes[ImportOutcome.KEPT]} already there"
    )


@lru_cache(maxsize=64)
def _processed_cover(title: str, tags: tuple[str, ...], max_pixels: int) -> ProcessedImage:
    # Drawing and encoding are pure: a second demo load in one process reuses the first's work.
    return process_image(draw_cover(title, list(tags)), max_pixels=max_pixels)


def newsroom_user() -> User:
    """The demo editor who signs the demo articles; nobody knows its password."""
    return find_user_by_email(NEWSROOM_EMAIL) or create_user(
        NEWSROOM_EMAIL, secrets.token_urlsafe(32), Role.EDITOR, NEWSROOM_NAME
    )


def _existing_product_slugs(slugs: list[str]) -> list[str]:
    existing = set(db.session.scalars(select(Product.slug).where(Product.slug.in_(slugs))))
    return [slug for slug in slugs if slug in existing]
