"""Unique, stable slugs generated with python-slugify."""

from slugify import slugify
from sqlalchemy import select

from core.extensions import db
from core.problems import Problem

MAX_SLUG_LENGTH = 120


def unique_slug(model, source: str, column: str = "slug") -> str:
    """A slug for `source` not yet used in `model.<column>` (adds -2, -3 … when taken)."""
    base = slugify(source, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "item"
    slug_column = getattr(model, column)
    taken = set(
        db.session.scalars(
            select(slug_column).where((slug_column == base) | slug_column.like(f"{base}-%"))
        )
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def ensure_slug_free(model, slug: str, current_id: int | None = None) -> None:
    """Raise a 409 problem when another row already uses `slug`."""
    owner = db.session.scalar(select(model.id).where(model.slug == slug))
    if owner is not None and owner != current_id:
        raise Problem(
            409,
            f"The slug '{slug}' is already used.",
            kind="conflict",
            errors={"slug": ["Already used."]},
        )
