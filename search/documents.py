"""From a domain's document dict to Whoosh fields, and the Whoosh schema of each document type.

Text fields are indexed for matching (term frequencies and lengths, no positions: the engine
scores with NumPy, see `search.scoring`). Adjacent-word pairs and joined forms of every Text
field go into one `near` field, which makes proximity, phrases and split/joined spellings term
look-ups. Keywords, numbers, SKU codes, status, publication time and the plain words of the
document go into one per-document column (`row`: separator-joined text, split once per segment
into memory-mapped arrays, see `search.segments`), facet labels into another.
"""

import hashlib
import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from whoosh import columns, fields

from search.analysis import (
    STEMMED,
    code_of,
    near_terms,
    normalized,
    plain_words,
    suggestion_words,
)
from search.registry import Document, DocumentType, Exact, Keyword, Number, Text

HIGHLIGHT_CHARS = 1000
ROW = "row"
LABELS = "labels"
NEAR = "near"
LISTING = "listing"
KEY = "key"
FIELD_SEPARATOR = "\x1f"
VALUE_SEPARATOR = "\x1e"
# Bumped whenever the schema or the row layout changes: an index of another version is rebuilt.
FORMAT_VERSION = 3


def highlight_field(name: str) -> str:
    """The stored field that keeps the short text a snippet is cut from."""
    return f"{name}_snippet"


def build_schema(document_type: DocumentType) -> fields.Schema:
    """The Whoosh schema of `document_type`."""
    schema = fields.Schema(
        key=fields.ID(unique=True, stored=True),
        row=fields.COLUMN(columns.VarBytesColumn()),
        labels=fields.COLUMN(columns.VarBytesColumn()),
        near=fields.KEYWORD(scorable=True),
        listing=fields.STORED(),
    )
    for text in document_type.declared(Text):
        schema.add(text.name, fields.TEXT(analyzer=STEMMED, phrase=False))
        if text.highlight:
            schema.add(highlight_field(text.name), fields.STORED())
    return schema


def format_of(document_type: DocumentType) -> str:
    """The engine format and the type's schema, to tell an index built by other code."""
    schema = build_schema(document_type)
    fields_ = ",".join(f"{name}:{type(field).__name__}" for name, field in schema.items())
    layout = ",".join(repr(declaration) for declaration in document_type.fields)
    fingerprint = hashlib.blake2b(f"{fields_}|{layout}".encode(), digest_size=8).hexdigest()
    return f"{FORMAT_VERSION} {fingerprint}"


def digest(document: Document) -> str:
    """A short fingerprint of a document, to tell a stale index entry from a current one."""
    canonical = json.dumps(document, sort_keys=True, default=_plain, ensure_ascii=False)
    return hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()


def listing_text(listing: dict) -> str:
    """A document's listing as the JSON text the index stores and listings splice in."""
    return json.dumps(listing, default=_plain, ensure_ascii=False)


def whoosh_fields(document_type: DocumentType, key: int, document: Document) -> dict[str, Any]:
    """The Whoosh field values of one document."""
    values: dict[str, Any] = {KEY: str(key)}
    words: set[str] = set()
    near: list[str] = []
    for text in document_type.declared(Text):
        parts = [normalized(str(part)) for part in listed(document.get(text.name)) if part]
        value = "\n".join(parts)
        values[text.name] = value
        if text.highlight:
            values[highlight_field(text.name)] = value[:HIGHLIGHT_CHARS]
        for part in parts:
            plain = plain_words(part)
            if text.suggest:
                words.update(suggestion_words(plain))
            if text.near:
                near.extend(near_terms(plain))
    values[NEAR] = " ".join(near)
    values[LISTING] = listing_text(document.get(LISTING, {}))
    values[ROW] = _row(document_type, key, document, words)
    values[LABELS] = _labels(document_type, document)
    return values


def _row(document_type: DocumentType, key: int, document: Document, words: set[str]) -> bytes:
    """key, status, published, digest, numbers…, keywords…, codes…, words: split per segment."""
    published_at = document.get("published_at")
    parts = [
        str(key),
        document["status"],
        _number(published_at.timestamp() if published_at else None),
        digest(document),
        *(_number(document.get(number.name)) for number in document_type.declared(Number)),
        *(
            VALUE_SEPARATOR.join(slug for slug, _ in keyword_pairs(document.get(keyword.name)))
            for keyword in document_type.declared(Keyword)
        ),
        *(
            VALUE_SEPARATOR.join(sorted({code_of(str(v)) for v in listed(document.get(e.name))}))
            for e in document_type.declared(Exact)
        ),
        VALUE_SEPARATOR.join(sorted(words)),
    ]
    return FIELD_SEPARATOR.join(parts).encode()


def _labels(document_type: DocumentType, document: Document) -> bytes:
    labels = {
        keyword.name: dict(keyword_pairs(document.get(keyword.name)))
        for keyword in document_type.declared(Keyword)
        if keyword.facet
    }
    return json.dumps(labels, ensure_ascii=False).encode()


def listed(value: Any) -> list:
    """`value` as a list: None is empty, a single value one item."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def keyword_pairs(value: Any) -> list[tuple[str, str]]:
    """(slug, label) pairs from one slug or (slug, label) pair, or a list of them."""
    values = listed(value) if isinstance(value, list | set) else listed([value])
    return [
        (str(v[0]), str(v[1])) if isinstance(v, tuple | list) else (str(v), str(v)) for v in values
    ]


def _number(value: Any) -> str:
    return "nan" if value is None else repr(float(value))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)
