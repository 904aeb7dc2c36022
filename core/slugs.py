"""Unique, stable slugs generated with python-slugify."""

from collections.abc import Callable, Mapping
from typing import TypeVar

from marshmallow import validate
from slugify import slugify
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import BaseConverter

from core.extensions import db
from core.problems import Problem

MAX_SLUG_LENGTH = 120
CONFLICT_ATTEMPTS = 3
T = TypeVar("T")
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# The same rule for a slug given in a body or a query argument.
SLUG = validate.Regexp(f"^{SLUG_PATTERN}$", error="Use lowercase letters, digits and -.")


class SlugConverter(BaseConverter):
    """A URL segment shaped like a slug (`<slug:name>`); anything else is a 404 before any query."""

    regex = SLUG_PATTERN


def unique_slug(model, source: str, column: str = "slug", *, also_taken=()) -> str:
    """A slug for `source` free in `model.<column>` and the `also_taken` columns (adds -2, -3 …)."""
    base = slugify(source, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "item"
    taken: set[str] = set()
    for slug_column in (getattr(model, column), *also_taken):
        taken.update(
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


def new_slug(
    model, given: str | None, source: str, *, also_taken=(), check: Callable | None = None
) -> str:
    """The slug of a new row: `given`, once `check` finds it free (409 if not), else one made
    from `source`.

    A generated slug is free when read; a writer inserting it first makes this insert fail,
    and `retry_on_conflict` then generates the next one. Checking it again here would turn
    that race into a 409.
    """
    if given is None:
        return unique_slug(model, source, also_taken=also_taken)
    (check or (lambda slug: ensure_slug_free(model, slug)))(given)
    return given


def ensure_slug_free(
    model,
    slug: str,
    current_id: int | None = None,
    *,
    owner=None,
    holders: Mapping[str, int | None] | None = None,
) -> None:
    """Raise a 409 problem when a row not owned by `current_id` uses `slug` (owner: model.id).

    `holders` ({slug: owner id, or None when free}), read before in the same transaction,
    answers for the slugs it names instead of a read.
    """
    if holders is not None and slug in holders:
        holder = holders[slug]
    else:
        holder = db.session.scalar(
            select(model.id if owner is None else owner).where(model.slug == slug)
        )
    if holder is not None and holder != current_id:
        raise Problem(
            409,
            f"The slug '{slug}' is already used.",
            kind="conflict",
            errors={"slug": ["Already used."]},
        )


def ensure_slug_unclaimed(
    model,
    slug: str,
    current_id: int | None,
    *,
    redirect_owner,
    holders: Mapping[str, int | None] | None = None,
) -> None:
    """Raise a 409 problem when a row of `model` other than `current_id` holds `slug`, now or
    as an old slug that still redirects (`redirect_owner`: the redirect table's column naming
    its row, such as `ArticleSlugRedirect.article_id`)."""
    ensure_slug_free(model, slug, current_id, holders=holders)
    redirects = redirect_owner.class_
    ensure_slug_free(redirects, slug, current_id, owner=redirect_owner, holders=holders)


def move_to_slug(item, slug: str, redirects) -> None:
    """Give `item` the `slug` (checked free); its current one joins `item.old_slugs`, rows of
    `redirects`, so old links keep answering with a redirect."""
    kept = [redirect for redirect in item.old_slugs if redirect.slug != slug]
    item.old_slugs = [*kept, redirects(slug=item.slug)]
    item.slug = slug


def retry_on_conflict(write: Callable[[], T], attempts: int = CONFLICT_ATTEMPTS) -> T:
    """Run `write` (which commits) again when a concurrent writer took a unique value first.

    Slugs are generated and new tags found missing by a read before the insert; a writer
    that commits the same value in between makes the insert fail. Run afresh, the write sees
    that value: it generates the next slug, reuses the tag, or says 409 for a slug it was given.
    """
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except IntegrityError:
            db.session.rollback()
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")
