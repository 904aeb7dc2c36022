"""From a domain's document dict to Whoosh fields, and the Whoosh schema of each document type.

Text and Exact fields are indexed for matching and scoring. Keywords, numbers, status and
publication time go into one per-document column (`row`: separator-joined text that a segment
splits into arrays in a few C-level passes), facet labels into another read only for the first
document of each value: filters, facets and sorts then never walk Whoosh postings.
"""

import hashlib
import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from whoosh import columns, fields

from search.analysis import PLAIN, STEMMED, suggestion_words
from search.registry import Document, DocumentType, Exact, Keyword, Number, Text

HIGHLIGHT_CHARS = 1000
ROW = "row"
LABELS = "labels"
SPELL = "spell"
KEY = "key"
FIELD_SEPARATOR = "\x1f"
VALUE_SEPARATOR = "\x1e"


def highlight_field(name: str) -> str:
    """The stored field that keeps the short text a snippet is cut from."""
    return f"{name}_snippet"


def build_schema(document_type: DocumentType) -> fields.Schema:
    """The Whoosh schema of `document_type`."""
    schema = fields.Schema(
        key=fields.ID(unique=True, stored=True),
        row=fields.COLUMN(columns.VarBytesColumn()),
        labels=fields.COLUMN(columns.VarBytesColumn()),
        spell=fields.TEXT(analyzer=PLAIN, phrase=False),
    )
    for text in document_type.declared(Text):
        schema.add(text.name, fields.TEXT(analyzer=STEMMED, field_boost=text.boost))
        if text.highlight:
            schema.add(highlight_field(text.name), fields.STORED())
    for exact in document_type.declared(Exact):
        schema.add(exact.name, fields.KEYWORD(lowercase=True, scorable=True))
    return schema


def digest(document: Document) -> str:
    """A short fingerprint of a document, to tell a stale index entry from a current one."""
    canonical = json.dumps(document, sort_keys=True, default=_plain, ensure_ascii=False)
    return hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()


def whoosh_fields(document_type: DocumentType, key: int, document: Document) -> dict[str, Any]:
    """The Whoosh field values of one document."""
    values: dict[str, Any] = {KEY: str(key)}
    spell_words: set[str] = set()
    for text in document_type.declared(Text):
        value = _joined(document.get(text.name))
        values[text.name] = value
        if text.highlight:
            values[highlight_field(text.name)] = value[:HIGHLIGHT_CHARS]
        if text.suggest:
            spell_words.update(suggestion_words(value))
    values[SPELL] = " ".join(sorted(spell_words))
    for exact in document_type.declared(Exact):
        values[exact.name] = " ".join(str(value) for value in _listed(document.get(exact.name)))
    values[ROW] = _row(document_type, key, document, spell_words)
    values[LABELS] = _labels(document_type, document)
    return values


def _row(document_type: DocumentType, key: int, document: Document, words: set[str]) -> bytes:
    """key, status, published, digest, numbers…, keywords…, words: cheap to split per segment."""
    published_at = document.get("published_at")
    parts = [
        str(key),
        document["status"],
        _number(published_at.timestamp() if published_at else None),
        digest(document),
        *(_number(document.get(number.name)) for number in document_type.declared(Number)),
        *(
            VALUE_SEPARATOR.join(slug for slug, _ in _keywords(document.get(keyword.name)))
            for keyword in document_type.declared(Keyword)
        ),
        VALUE_SEPARATOR.join(sorted(words)),
    ]
    return FIELD_SEPARATOR.join(parts).encode()


def _labels(document_type: DocumentType, document: Document) -> bytes:
    labels = {
        keyword.name: dict(_keywords(document.get(keyword.name)))
        for keyword in document_type.declared(Keyword)
        if keyword.facet
    }
    return json.dumps(labels, ensure_ascii=False).encode()


def _listed(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def _keywords(value: Any) -> list[tuple[str, str]]:
    """(slug, label) pairs from one slug or (slug, label) pair, or a list of them."""
    values = _listed(value) if isinstance(value, list | set) else _listed([value])
    return [
        (str(v[0]), str(v[1])) if isinstance(v, tuple | list) else (str(v), str(v)) for v in values
    ]


def _joined(value: Any) -> str:
    return "\n".join(str(part) for part in _listed(value) if part)


def _number(value: Any) -> str:
    return "nan" if value is None else repr(float(value))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)
