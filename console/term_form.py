"""The terms' forms: one small description per kind and the rules they all share.

A brand, category, finish, certification or market is edited with the same flow; what differs
is its fields, described here once. Values are plain text (JSON-safe, so the values a form was
loaded with can ride along for conflict merges; a list is its slugs joined by commas); the body
they become is what the API's own schemas load, so every field's message is the API's, under
the form field of the same name.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import marshmallow as ma
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from catalog.models import Brand, Category, Certification, Finish, Market, TermMixin
from catalog.queries import category_tree
from catalog.term_schemas import (
    BrandInputSchema,
    BrandUpdateSchema,
    CategoryInputSchema,
    CategoryUpdateSchema,
    CertificationInputSchema,
    CertificationUpdateSchema,
    FinishInputSchema,
    FinishUpdateSchema,
    MarketInputSchema,
    MarketUpdateSchema,
)
from core.audit.models import audit_type
from core.extensions import db

SLUG_HINT = "Lowercase words joined by hyphens; left empty, it is made from the {source}."
PATH_SEPARATOR = " › "


@dataclass(frozen=True)
class TermField:
    """One input of a term's form; its name is the API's field name."""

    name: str
    label: str
    # text, url, number, textarea, color (with a "none" box), parent or certifications (boxes)
    widget: str = "text"
    hint: str | None = None
    maxlength: int | None = None
    required: bool = False
    # Empty text: left out of the body (the API's default, or no change) rather than sent as
    # null, which clears the field.
    omit_when_empty: bool = False


@dataclass(frozen=True)
class TermKind:
    """What the console knows about one kind of term: its model, API schemas and fields."""

    plural: str  # the URL segment, as in the API
    model: type[TermMixin]
    input_schema: type[ma.Schema]
    update_schema: type[ma.Schema]
    fields: tuple[TermField, ...]
    listed: tuple[str, ...]  # columns of the list besides name and slug

    @property
    def singular(self) -> str:
        """The kind in a sentence ("brand"), as the audit log names it."""
        return audit_type(self.model)

    @property
    def title(self) -> str:
        """The kind as a heading ("Brands")."""
        return self.plural.capitalize()

    def endpoint(self, page: str = "") -> str:
        """The console endpoint of one of this kind's pages ("" for the list, "new", "edit" …)."""
        return f"console.terms_{self.plural}" + (f"_{page}" if page else "")

    def field(self, name: str) -> TermField | None:
        """The form field called `name`, if the kind has one."""
        return next((field for field in self.fields if field.name == name), None)


NAME = TermField("name", "Name", required=True, maxlength=120)


def _slug(source: str) -> TermField:
    return TermField(
        "slug",
        "Address (slug)",
        hint=SLUG_HINT.format(source=source),
        maxlength=140,
        omit_when_empty=True,
    )


TERM_KINDS: dict[str, TermKind] = {
    kind.plural: kind
    for kind in (
        TermKind(
            "brands",
            Brand,
            BrandInputSchema,
            BrandUpdateSchema,
            (
                NAME,
                _slug("name"),
                TermField("country", "Country", hint="ISO code, such as CN or IT.", maxlength=2),
                TermField("website", "Website", widget="url", hint="https://…", maxlength=255),
            ),
            listed=("country", "website"),
        ),
        TermKind(
            "categories",
            Category,
            CategoryInputSchema,
            CategoryUpdateSchema,
            (
                NAME,
                _slug("name"),
                TermField(
                    "parent",
                    "Parent category",
                    widget="parent",
                    hint="To move this category (and all below it), choose its new parent.",
                ),
                TermField("description", "Description", widget="textarea", maxlength=2000),
                TermField(
                    "position",
                    "Position among its siblings",
                    widget="number",
                    hint="Lower numbers come first; equal ones go by name.",
                    omit_when_empty=True,
                ),
            ),
            listed=("parent",),
        ),
        TermKind(
            "finishes",
            Finish,
            FinishInputSchema,
            FinishUpdateSchema,
            (
                NAME,
                _slug("name"),
                TermField("swatch_hex", "Swatch colour", widget="color", hint="As #rrggbb."),
            ),
            listed=("swatch_hex",),
        ),
        TermKind(
            "certifications",
            Certification,
            CertificationInputSchema,
            CertificationUpdateSchema,
            (
                TermField("code", "Code", required=True, maxlength=60, hint="Such as WRAS."),
                NAME,
                _slug("code"),
            ),
            listed=("code",),
        ),
        TermKind(
            "markets",
            Market,
            MarketInputSchema,
            MarketUpdateSchema,
            (
                NAME,
                _slug("name"),
                TermField(
                    "certifications",
                    "Required certifications",
                    widget="certifications",
                    hint="A product holding every one ticked is approved for this market; "
                    "with none ticked, every product is.",
                ),
            ),
            listed=("certifications",),
        ),
    )
}
LIST_SEPARATOR = ","  # a list field's values in one text value (slugs have no commas)


def no_colour_box(field: TermField) -> str:
    """The name of the checkbox beside a colour input that means "no colour"."""
    return f"{field.name}_none"


def blank_values(kind: TermKind) -> dict[str, str]:
    """The form of a new term of `kind`."""
    return {field.name: "" for field in kind.fields}


def values_of(kind: TermKind, term: Any) -> dict[str, str]:
    """The form as it shows `term` now."""
    values = {}
    for field in kind.fields:
        value = getattr(term, field.name)
        if field.widget == "parent":
            value = value.slug if value is not None else None
        if field.widget == "certifications":
            value = LIST_SEPARATOR.join(sorted(c.slug for c in value))
        values[field.name] = "" if value is None else str(value)
    return values


def values_from(kind: TermKind, form: MultiDict) -> dict[str, str]:
    """The form as the user sent it (a ticked "no colour" box empties its colour)."""
    values = {}
    for field in kind.fields:
        text = form.get(field.name, "").strip()
        if field.widget == "color" and form.get(no_colour_box(field)):
            text = ""
        if field.widget == "certifications":
            ticked = {slug.strip() for slug in form.getlist(field.name) if slug.strip()}
            text = LIST_SEPARATOR.join(sorted(ticked))
        values[field.name] = text
    return values


def body_of(kind: TermKind, values: dict[str, str], term: Any = None) -> dict[str, Any]:
    """The API request body the form's values stand for (a change to `term`, if given)."""
    current = values_of(kind, term) if term is not None else {}
    body: dict[str, Any] = {}
    for field in kind.fields:
        text = values[field.name]
        if field.omit_when_empty and not text:
            continue
        if field.widget == "certifications":
            body[field.name] = text.split(LIST_SEPARATOR) if text else []
            continue
        if field.widget == "parent" and current.get(field.name) == text:
            # An unchanged parent is not sent: one archived since still holds its children,
            # and renaming a category must not need it moved.
            continue
        body[field.name] = text if text or field.required else None
    return body


@dataclass(frozen=True)
class TreeNode:
    """A category in the tree, with its depth and its path of names from the top."""

    category: Category
    depth: int
    path: str


def walk_tree(include_archived: bool) -> Iterator[TreeNode]:
    """Every category, depth first in the tree's order (siblings by position, then name)."""

    def walk(nodes: list[dict], depth: int, above: str) -> Iterator[TreeNode]:
        for node in nodes:
            category = node["category"]
            path = f"{above}{PATH_SEPARATOR}{category.name}" if above else category.name
            yield TreeNode(category, depth, path)
            yield from walk(node["children"], depth + 1, path)

    return walk(category_tree(include_archived=include_archived), 0, "")


def parent_choices(category: Category | None, selected: str) -> list[tuple[str, str]]:
    """The categories `category` may move under, as (slug, path): not itself, nothing below
    it and no archived one; the `selected` slug is kept (marked) when it is not among them."""
    choices: list[tuple[str, str]] = []
    archived: dict[str, str] = {}
    own_depth: int | None = None  # set while walking `category`'s own sub-tree
    for node in walk_tree(include_archived=True):
        if own_depth is not None and node.depth > own_depth:
            continue
        own_depth = node.depth if node.category is category else None
        if own_depth is not None:
            continue
        if node.category.archived_at is None:
            choices.append((node.category.slug, node.path))
        else:
            archived[node.category.slug] = node.path
    if selected and selected not in {slug for slug, _ in choices}:
        if selected in archived:
            choices.append((selected, f"{archived[selected]} (archived)"))
        else:
            choices.append((selected, f"{selected} (not allowed here)"))
    return choices


def certification_choices(selected: str) -> list[tuple[str, str]]:
    """The certifications a market may require, as (slug, label): the live ones by code, and
    any `selected` one since archived (marked), so saving does not drop it unseen."""
    rows = db.session.scalars(select(Certification).order_by(Certification.code))
    chosen = set(selected.split(LIST_SEPARATOR)) if selected else set()
    return [
        (row.slug, row.code + (" (archived)" if row.archived_at else ""))
        for row in rows
        if row.archived_at is None or row.slug in chosen
    ]
