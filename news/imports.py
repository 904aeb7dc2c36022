"""Markdown files with a front-matter header, imported as articles; a second import updates."""

from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import frontmatter
import marshmallow as ma
import yaml
from slugify import slugify

from core.auth.models import User
from core.extensions import db
from core.problems import Problem, flatten_messages, naming_fields, validation_problem
from core.slugs import MAX_SLUG_LENGTH
from news import queries, services
from news.models import Article
from news.schemas import ArticleInputSchema

# What a re-import resets when the file leaves it out: the file holds the article's content.
# Status and publication time are kept unless the file names them, so editors' choices survive.
CONTENT_DEFAULTS: dict[str, Any] = {
    "summary": "",
    "cover_image": None,
    "tags": [],
    "products": [],
    "source_links": [],
}


class ImportOutcome(StrEnum):
    """What importing a file did."""

    CREATED = "created"
    UPDATED = "updated"
    KEPT = "kept"


def import_article_file(
    path: Path, author: User, *, update_existing: bool = True
) -> tuple[Article, ImportOutcome]:
    """Import the Markdown file at `path` (see `import_article`)."""
    return import_article(read_article_file(path), author, update_existing=update_existing)


def import_article(
    data: dict[str, Any], author: User, *, update_existing: bool = True
) -> tuple[Article, ImportOutcome]:
    """Create the article `data` describes, or update (or keep) the one at its slug, old or new."""
    data = dict(data)
    slug = data.pop("slug")
    try:
        existing = queries.find_article(slug, staff=True, old_slugs=True)
        if existing is None:
            return services.create_article({**data, "slug": slug}, author), ImportOutcome.CREATED
        if not update_existing:
            return existing, ImportOutcome.KEPT
        updated = services.update_article(existing, {**CONTENT_DEFAULTS, **data})
        return updated, ImportOutcome.UPDATED
    except Problem:
        db.session.rollback()
        raise


def read_article_file(path: Path) -> dict[str, Any]:
    """The validated article fields of a Markdown file: its front matter and its body."""
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise validation_problem(detail=f"{path.name} is not UTF-8 text.") from error
    except yaml.YAMLError as error:
        raise validation_problem(
            detail=f"The front matter of {path.name} is not valid YAML."
        ) from error
    fields = {str(key): _iso_if_date(value) for key, value in post.metadata.items()}
    if isinstance(fields.get("tags"), str):
        fields["tags"] = [name.strip() for name in fields["tags"].split(",") if name.strip()]
    # The address comes from the front matter, else the title, as the API makes it; a file's
    # name is often a date or a draft's working title.
    if not fields.get("slug"):
        title = fields.get("title")
        made = slugify(
            title if isinstance(title, str) else "", max_length=MAX_SLUG_LENGTH, word_boundary=True
        )
        fields["slug"] = made or slugify(path.stem)
    try:
        return ArticleInputSchema().load({**fields, "body": post.content})
    except ma.ValidationError as error:
        errors = flatten_messages(error.messages)
        raise validation_problem(
            errors, naming_fields(f"{path.name} has invalid fields", errors)
        ) from error


def _iso_if_date(value: Any) -> Any:
    """YAML dates become ISO 8601 strings; times without a zone are taken as UTC."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC).isoformat()
    return value
