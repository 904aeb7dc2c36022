"""How a domain tells search what its documents are: fields, loaders and the models to watch.

A domain declares one `DocumentType` per kind of object and registers it on the app from its
`init_app`, before `search.init_app` runs; search never imports the domain. Example (the news
module does much the same for articles)::

    from search.registry import DocumentType, Keyword, Text, Watch, register

    def load_articles(session, ids):  # current rows -> {id: document}; a missing id is deleted
        articles = session.scalars(select(Article).where(Article.id.in_(ids)))
        return {a.id: {"title": a.title, "body": a.body_text,
                       "listing": ArticleSummarySchema().dump(a),  # what results show
                       "tag": [(t.slug, t.name) for t in a.tags],  # (slug, label) pairs
                       "status": a.status.value, "published_at": a.published_at}
                for a in articles}

    register(app, DocumentType(
        name="article",
        fields=(Text("title", boost=4.0, highlight=True, suggest=True),
                Text("body", highlight=True),
                Keyword("tag", multiple=True)),
        statuses=("draft", "scheduled", "published", "archived"),
        public_statuses=("scheduled", "published"),
        load=load_articles,
        all_ids=lambda session: session.scalars(select(Article.id).order_by(Article.id)),
        public_ids=published_article_ids,  # ids -> those the database shows readers now
        watches=(Watch(Article, lambda article: [article.id]),
                 Watch(Tag, lambda tag: select(article_tags.c.article_id).where(...))),
    ))

Every document also carries `status` and `published_at`: shoppers and readers see a document only
when its status is public and `published_at` has passed, checked at query time.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Select
from sqlalchemy.orm import Session

Document = dict[str, Any]


@dataclass(frozen=True)
class Text:
    """Analysed text (stemmed, accent-folded, synonyms at query time) that queries match."""

    name: str
    boost: float = 1.0
    highlight: bool = False  # kept short in the index and returned as a <mark> snippet
    suggest: bool = False  # its words feed completions and "did you mean"
    # Adjacent words indexed as pairs: proximity, quoted phrases, joined and split spellings.
    # Off for long free text (descriptions, bodies), where a phrase needs its words anywhere.
    near: bool = True


@dataclass(frozen=True)
class Exact:
    """Identifiers matched whole and case-insensitively (SKUs): a pasted one ranks first."""

    name: str
    multiple: bool = True


@dataclass(frozen=True)
class Keyword:
    """A filter and facet: slugs (or (slug, label) pairs); the query argument has its name."""

    name: str
    multiple: bool = False
    choices: tuple[str, ...] | None = None  # allowed filter values; None for any slug
    facet: bool = True


@dataclass(frozen=True)
class Number:
    """A number to filter on, facet into bands and sort by."""

    name: str
    range_args: tuple[str, str] | None = None  # e.g. ("min_price", "max_price"), both inclusive
    flag_arg: str | None = None  # e.g. "in_stock": true keeps values > 0, false the others
    bands: tuple[tuple[Decimal | None, Decimal | None], ...] = ()  # inclusive facet bands
    dimension: str | None = None  # "length" (mm) or "flow" (L/min): typed measurements match


FieldDeclaration = Text | Exact | Keyword | Number


@dataclass(frozen=True)
class Sort:
    """A sort order by a Number or single-valued Keyword field; ties go by id the same way."""

    field: str
    descending: bool = False


@dataclass(frozen=True)
class Watch:
    """A model whose changes (insert, update, delete) affect documents.

    `ids` maps a changed instance to the affected document ids: an iterable of ints, or a
    SELECT of one integer column (run inside the same transaction, so it can be large).
    """

    model: type
    ids: Callable[[Any], Iterable[int] | Select]


def titled(listing: dict) -> dict:
    """An item as the search box lists it by default: by its name or title."""
    return {"title": listing.get("name") or listing.get("title")}


def as_stored(listings: dict[int, dict]) -> dict[int, dict]:
    """Listings shown exactly as the index stores them (a type's default `present`)."""
    return listings


@dataclass(frozen=True)
class DocumentType:
    """One kind of searchable object and everything search needs to know about it."""

    name: str
    fields: tuple[FieldDeclaration, ...]
    statuses: tuple[str, ...]
    public_statuses: tuple[str, ...]
    load: Callable[[Session, list[int]], Mapping[int, Document]]
    # Every id that should be indexed, for rebuilds and verification.
    all_ids: Callable[[Session], Iterable[int]]
    # Current database state for `ids`, read in the given session; an id left out is deleted.
    # Each document carries a "listing": the JSON-ready item search results show, stored in
    # the index so that a result page needs no database read beyond the visibility check.
    # Which of `ids` shoppers and readers may see now, by the database (a stale index only omits).
    public_ids: Callable[[list[int]], set[int]]
    watches: tuple[Watch, ...] = ()
    sorts: Mapping[str, Sort] = field(default_factory=dict)
    # Brings stored listings up to the present (fields that depend on the clock); id -> listing.
    present: Callable[[dict[int, dict]], dict[int, dict]] = as_stored
    # How the search box lists an item, from its listing: its title, and what else helps pick
    # it (`image`: a small picture; `price`; `published_at`).
    brief: Callable[[dict], dict] = titled

    def declared(self, kind: type) -> list:
        """The field declarations of one kind (Text, Keyword …)."""
        return [declaration for declaration in self.fields if isinstance(declaration, kind)]

    def filter_args(self) -> set[str]:
        """The query-argument names this type understands as filters."""
        names = {keyword.name for keyword in self.declared(Keyword)}
        for number in self.declared(Number):
            names.update(number.range_args or ())
            if number.flag_arg:
                names.add(number.flag_arg)
        return names


TYPES = "search.types"


def register(app: Flask, document_type: DocumentType) -> None:
    """Make `document_type` searchable in `app`; registering the same name again replaces it.

    Declare types before `search.init_app(app)`, which builds the API's arguments from them.
    """
    names = [declaration.name for declaration in document_type.fields]
    reserved = {"key", "row", "labels", "near", "listing", "status", "published_at"}
    if (
        len(names) != len(set(names))
        or reserved & set(names)
        or any(name.startswith("_") or name.endswith("_snippet") for name in names)
    ):
        raise ValueError(f"{document_type.name}: field names must be unique and not reserved")
    app.extensions.setdefault(TYPES, {})[document_type.name] = document_type


def unregister(app: Flask, name: str) -> None:
    """Forget a document type of `app` (tests use it for throwaway types)."""
    app.extensions.get(TYPES, {}).pop(name, None)


def declared_types(app: Flask) -> list[DocumentType]:
    """Every type declared to `app`, in declaration order."""
    return list(app.extensions.get(TYPES, {}).values())


def document_types() -> list[DocumentType]:
    """Every type the current app declared, in declaration order."""
    return declared_types(current_app)


def declared_type(app: Flask, name: str) -> DocumentType:
    """`app`'s type called `name` (KeyError when unknown)."""
    return app.extensions.get(TYPES, {})[name]


def document_type(name: str) -> DocumentType:
    """The current app's type called `name` (KeyError when unknown)."""
    return declared_type(current_app, name)
