"""A document as a `search_entries` row, analysed exactly as the Whoosh index analyses it.

The `tsvector` is built here, not by a PostgreSQL text-search configuration, so both backends
share one analyser (stems, accent folding, stop words, joined and paired words): a query
parsed once matches alike on either. Its lexemes are marked by what they are:

- a stem, weighted by its field (A for the strongest, then B and C by boost; D for long free
  text, such as descriptions and bodies, where a phrase's words may stand anywhere);
- `~pull~down`, `~pulldown`: adjacent words and their joined form (Whoosh's `near` field);
- `#ksthalmbcp`: a SKU without separators, matched whole or by prefix (`'#ksthal':*`);
- `=gunmetal`: a plain word public documents may offer as a completion or correction.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from search.analysis import code_of, near_terms, normalized, plain_words, stems, suggestion_words
from search.documents import (
    HIGHLIGHT_CHARS,
    LISTING,
    digest,
    keyword_pairs,
    listed,
    listing_text,
)
from search.registry import Document, DocumentType, Exact, Keyword, Number, Text

WEIGHTS = "ABCD"
NEAR_MARK, CODE_MARK, WORD_MARK = "~", "#", "="
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this
MAX_POSITIONS = 255  # and at most 256 of them per lexeme
# Bumped whenever the row layout or the lexemes written change: entries of another are rebuilt.
FORMAT_VERSION = 1
MAX_WORD = 64  # longer words are not offered (the vocabulary column's width)


@dataclass(frozen=True)
class Weighting:
    """How a type's Text fields map to the four `tsvector` weights, and each weight's share."""

    by_field: dict[str, str]
    shares: tuple[float, float, float, float]  # for ts_rank: D, C, B, A, relative to the best


def weighting(document_type: DocumentType) -> Weighting:
    """The weight of each Text field. Long free text (fields without pairs: descriptions,
    bodies) takes D, so a phrase can be looked for in it alone, as the Whoosh scorer does; the
    other fields take A, B and C by their boost's rank (A the highest; lower boosts share C)."""
    texts = document_type.declared(Text)
    long_text = [text for text in texts if not text.near]
    letters = "ABC" if long_text else WEIGHTS
    boosts = sorted({text.boost for text in texts if text.near}, reverse=True)
    letter = {boost: letters[min(rank, len(letters) - 1)] for rank, boost in enumerate(boosts)}
    by_field = {text.name: "D" if not text.near else letter[text.boost] for text in texts}
    best: dict[str, float] = {}
    for text in texts:
        weight = by_field[text.name]
        best[weight] = max(best.get(weight, 0.0), text.boost)
    strongest = max(best.values(), default=1.0)
    share = {weight: best.get(weight, 0.0) / strongest for weight in WEIGHTS}
    return Weighting(
        by_field=by_field,
        shares=(share["D"] or 0.01, share["C"] or 0.01, share["B"] or 0.01, share["A"] or 0.01),
    )


def format_of(document_type: DocumentType) -> str:
    """The entry format and the type's declarations, to tell entries written by other code."""
    layout = ",".join(repr(declaration) for declaration in document_type.fields)
    fingerprint = hashlib.blake2b(layout.encode(), digest_size=8).hexdigest()
    return f"{FORMAT_VERSION} {fingerprint}"


def entry_values(
    document_type: DocumentType, key: int, document: Document
) -> tuple[dict[str, Any], set[str]]:
    """The `search_entries` columns of one document (its type and id included), and the words
    it offers to completions and corrections."""
    weights = weighting(document_type)
    lexemes: dict[str, list[str]] = defaultdict(list)
    position = 0

    def add(lexeme: str, weight: str) -> None:
        nonlocal position
        position = min(position + 1, MAX_POSITION)
        if len(lexemes[lexeme]) < MAX_POSITIONS:
            lexemes[lexeme].append(f"{position}{weight}")

    highlights, title_terms, words = {}, 0, set()
    for text in document_type.declared(Text):
        parts = [normalized(str(part)) for part in listed(document.get(text.name)) if part]
        weight = weights.by_field[text.name]
        if text.highlight:
            highlights[text.name] = "\n".join(parts)[:HIGHLIGHT_CHARS]
        for part in parts:
            found = stems(part)
            if weight == "A":
                title_terms += len(found)
            for stem in found:
                add(stem, weight)
            plain = plain_words(part)
            if text.near:
                for term in near_terms(plain):
                    add(NEAR_MARK + term, "A")
            if text.suggest:
                for word in suggestion_words(plain):
                    add(WORD_MARK + word, "D")
                    words.add(word)
    for exact in document_type.declared(Exact):
        for code in sorted({code_of(str(value)) for value in listed(document.get(exact.name))}):
            if code:
                add(CODE_MARK + code, "D")
    published_at = document.get("published_at")
    values = {
        "doc_type": document_type.name,
        "doc_id": key,
        "status": document["status"],
        "published_at": published_at,
        "terms": " ".join(
            f"{quoted(lexeme)}:{','.join(places)}" for lexeme, places in lexemes.items()
        ),
        "title_terms": min(title_terms, 32767),
        "keywords": sorted(
            f"{keyword.name}:{slug}"
            for keyword in document_type.declared(Keyword)
            for slug, _ in keyword_pairs(document.get(keyword.name))
        ),
        "numbers": [_number(document.get(n.name)) for n in document_type.declared(Number)],
        "labels": {
            keyword.name: dict(keyword_pairs(document.get(keyword.name)))
            for keyword in document_type.declared(Keyword)
            if keyword.facet
        },
        "highlights": highlights,
        "listing": listing_text(document.get(LISTING, {})),
        "digest": digest(document),
    }
    return values, {word for word in words if len(word) <= MAX_WORD}


def quoted(lexeme: str) -> str:
    """A lexeme as `tsvector` and `tsquery` input take it: quoted, quote and backslash escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _number(value: Any) -> float | None:
    return None if value is None else float(value)
