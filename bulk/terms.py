"""Brands, categories, finishes and certifications named in a file, by slug, name (or code)."""

from dataclasses import dataclass, field
from typing import Any

from slugify import slugify
from sqlalchemy import select

from catalog.models import Brand, Category, Certification, Finish
from core.extensions import db

KINDS: dict[str, type] = {
    "brand": Brand,
    "category": Category,
    "finish": Finish,
    "certification": Certification,
}
KIND_OF = {model: kind for kind, model in KINDS.items()}


class UnknownTerm(ValueError):
    """A cell names no term the import may use; str() says why."""


@dataclass
class TermIndex:
    """Every term of the four kinds, found by slug or by name (and certifications by code)."""

    create_missing: bool = False
    slugs: dict[type, dict[str, tuple[str, bool]]] = field(default_factory=dict)
    names: dict[type, dict[str, tuple[str, bool]]] = field(default_factory=dict)
    # Terms this import would create, by (kind, folded name): (stand-in slug, name as written).
    wanted: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, create_missing: bool) -> "TermIndex":
        """Read the terms as they are now."""
        index = cls(create_missing)
        for model in KINDS.values():
            index.slugs[model], index.names[model] = {}, {}
            term: Any
            for term in db.session.scalars(select(model)):
                entry = (term.slug, term.archived_at is not None)
                index.slugs[model][term.slug] = entry
                index.names[model].setdefault(term.name.casefold(), entry)
                if isinstance(term, Certification):
                    index.names[model].setdefault(term.code.casefold(), entry)
        return index

    def slug_for(self, model: type, text: str) -> str:
        """The slug of the term `text` names; raises UnknownTerm for unknown or archived ones."""
        kind = KIND_OF[model]
        found = self.find(model, text)
        if found is not None:
            slug, archived = found
            if archived:
                raise UnknownTerm(f"The {kind} '{text}' is archived: restore it or name another.")
            return slug
        if not self.create_missing:
            raise UnknownTerm(
                f"No {kind} is called '{text}'. Create it first, or import with "
                "create_terms to create missing ones."
            )
        key = (kind, text.casefold())
        return self.wanted.setdefault(key, (_slug_to_be(text, kind), text))[0]

    def find(self, model: type, text: str) -> tuple[str, bool] | None:
        """(slug, archived) of the term `text` names, or None."""
        return self.slugs[model].get(text) or self.names[model].get(text.casefold())

    def terms_to_create(self) -> list[dict[str, str]]:
        """The missing terms named, as {"kind", "name"} (first spelling wins)."""
        return [{"kind": kind, "name": name} for (kind, _), (_, name) in self.wanted.items()]


def _slug_to_be(name: str, kind: str) -> str:
    """A stand-in slug for a term the dry run would create (creating it may choose another)."""
    return slugify(name, max_length=140) or kind


def create_missing_terms(names: list[dict[str, str]]) -> None:
    """Create each named term that still does not exist (by slug or name); commits each."""
    from catalog import services

    index = TermIndex.load(create_missing=False)
    for entry in names:
        model = KINDS[entry["kind"]]
        if index.find(model, entry["name"]) is not None:
            continue
        name = entry["name"][:120]
        data = {"code": name[:60], "name": name} if model is Certification else {"name": name}
        term = services.create_term(model, data)
        index.slugs[model][term.slug] = (term.slug, False)
        index.names[model][name.casefold()] = (term.slug, False)
