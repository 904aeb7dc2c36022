"""The catalogue and newsroom things rules name: the documents of a pin rule (products and
articles, by slug in, by id stored, and how each stands: a draft is kept but shown to nobody
until it is public; archived ones are refused as pins) and the brands and finishes of boosts."""

from collections.abc import Iterable
from typing import Any

import marshmallow as ma
from sqlalchemy import select

from catalog.models import Brand, Finish, Product, ProductStatus
from core.extensions import db
from news.models import Article, ArticleStatus

MODELS: dict[str, Any] = {"product": Product, "article": Article}
ARCHIVED = {"product": ProductStatus.ARCHIVED, "article": ArticleStatus.ARCHIVED}


def resolved(references: Iterable[dict], field: str, *, pinning: bool) -> list[dict]:
    """`references` ({"type", "slug"}) as stored ({"type", "id"}); unknown ones, and archived
    ones when `pinning`, are refused under `field`."""
    stored = []
    for reference in references:
        kind, slug = reference["type"], reference["slug"]
        model = MODELS[kind]
        found = db.session.scalar(select(model).where(model.slug == slug))
        if found is None:
            raise ma.ValidationError(f"No {kind} “{slug}”.", field)
        if pinning and found.status == ARCHIVED[kind]:
            raise ma.ValidationError(
                f"“{_title(found)}” is archived: shoppers never see it. Publish it again, or "
                "pin another.",
                field,
            )
        entry = {"type": kind, "id": found.id}
        if entry in stored:
            raise ma.ValidationError(f"“{_title(found)}” is named twice.", field)
        stored.append(entry)
    return stored


def described(entries: Iterable[dict]) -> list[dict]:
    """Stored entries as staff read them: type, id, slug, title and status (a document deleted
    since is left out)."""
    shown = []
    for entry in entries:
        found: Any = db.session.get(MODELS[entry["type"]], entry["id"])
        if found is not None:
            shown.append(
                {
                    **entry,
                    "slug": found.slug,
                    "title": _title(found),
                    "status": str(found.status),
                }
            )
    return shown


def _title(document) -> str:
    return getattr(document, "name", None) or document.title


def term_exists(kind: str, slug: str) -> bool:
    """Whether a brand or finish (`kind`) with `slug` exists (archived ones too)."""
    model: Any = {"brand": Brand, "finish": Finish}[kind]
    return db.session.scalar(select(model.id).where(model.slug == slug)) is not None
