"""One query against one index view: matching, any-term fallback, filters, facets and order.

Matching and scoring are Whoosh's (BM25F over the Text fields, name/title boosted), done once
per segment and query and cached (see `tables.SegmentMatches`), so a repeated query costs array
operations only: visibility, filters, facet counts and the top-n pick are NumPy over whole
arrays, never a walk over Whoosh results (`groupedby=` would visit every match). Facets are
disjunctive: a facet's counts apply every filter except its own, so each count equals the
total the listing shows with that one value selected.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from whoosh.query import And, NullQuery, Or, Phrase, Query, Term

from search import spelling
from search.analysis import ParsedQuery, stems
from search.registry import Exact, Keyword, Number, Text
from search.tables import IndexView

EXACT_BOOST = 50.0


@dataclass(frozen=True)
class SearchRequest:
    """What to look for in one document type and how to order it."""

    parsed: ParsedQuery
    filters: dict[str, Any]
    sort: str  # "relevance", "newest" or one of the type's sorts
    limit: int  # how many top hits to return
    staff: bool
    status: str | None
    now: datetime


@dataclass
class Hit:
    """One matching document."""

    type: str
    id: int
    docnum: int
    score: float | None
    order: tuple = ()


@dataclass
class TypeResult:
    """The matches of one document type."""

    hits: list[Hit]
    total: int
    facets: dict[str, list[dict]] = field(default_factory=dict)
    matched: str | None = None  # "all" terms, "any" term (the fallback), or None without text
    suggestion: str | None = None
    terms: frozenset[str] = frozenset()


def run(view: IndexView, request: SearchRequest) -> TypeResult:
    """Match, filter, count facets and pick the top hits of one type."""
    allowed = view.visible(request.staff, request.status, request.now)
    filters = _filter_masks(view, request.filters)
    filtered = allowed.copy()
    for mask in filters.values():
        filtered &= mask
    scores, matched, suggestion, terms = None, None, None, frozenset()
    match = np.ones(view.size, dtype=bool)
    if not request.parsed.is_empty:
        corrections = spelling.corrections(view, request.parsed, request.now)
        terms = _terms(request.parsed, corrections)
        match, scores = _matching(view, _query(view, request.parsed, corrections, And))
        matched = "all"
        if not (match & filtered).any():
            match, scores = _matching(view, _query(view, request.parsed, corrections, Or))
            matched = "any"
        if corrections:
            suggestion = spelling.suggestion(request.parsed, corrections)
    final = match & filtered
    return TypeResult(
        hits=_top(view, scores, final, request.sort, request.limit),
        total=int(np.count_nonzero(final)),
        facets=_facets(view, allowed & match, filters),
        matched=matched,
        suggestion=suggestion,
        terms=terms,
    )


# ---- filters and facets --------------------------------------------------------------------


def _filter_masks(view: IndexView, filters: dict[str, Any]) -> dict[str, np.ndarray]:
    masks = {}
    for keyword in view.document_type.declared(Keyword):
        values = filters.get(keyword.name)
        if values:
            masks[keyword.name] = _having(view, keyword.name, values)
    for number in view.document_type.declared(Number):
        values = view.numbers[number.name]
        low, high = (filters.get(arg) for arg in (number.range_args or ("", "")))
        if low is not None or high is not None:
            masks[number.name] = _between(values, low, high)
        flag = filters.get(number.flag_arg) if number.flag_arg else None
        if flag is not None:
            masks[number.flag_arg] = values > 0 if flag else values <= 0
    return masks


def _having(view: IndexView, name: str, values) -> np.ndarray:
    column = view.keyword(name)
    chosen = set(values)
    wanted = [index for index, slug in enumerate(column.vocabulary) if slug in chosen]
    mask = np.zeros(view.size, dtype=bool)
    mask[column.documents[np.isin(column.ordinals, wanted)]] = True
    return mask


def _between(values: np.ndarray, low, high) -> np.ndarray:
    mask = ~np.isnan(values)
    if low is not None:
        mask &= values >= float(low)
    if high is not None:
        mask &= values <= float(high)
    return mask


def _facets(view: IndexView, base: np.ndarray, filters: dict[str, np.ndarray]) -> dict:
    def without(name: str) -> np.ndarray:
        mask = base.copy()
        for other, other_mask in filters.items():
            if other != name:
                mask &= other_mask
        return mask

    facets = {}
    for keyword in view.document_type.declared(Keyword):
        if keyword.facet:
            column = view.keyword(keyword.name)
            counted = without(keyword.name)[column.documents]
            counts = np.bincount(column.ordinals[counted], minlength=len(column.vocabulary))
            facets[keyword.name] = sorted(
                (
                    {"value": slug, "label": column.labels[slug], "count": int(count)}
                    for slug, count in zip(column.vocabulary, counts.tolist(), strict=True)
                    if count
                ),
                key=lambda entry: (-entry["count"], entry["label"].casefold()),
            )
    for number in view.document_type.declared(Number):
        if number.bands:
            counted = without(number.name)
            facets[number.name] = [
                {
                    "value": f"{low if low is not None else ''}-{high if high is not None else ''}",
                    "min": low,
                    "max": high,
                    "count": int(
                        np.count_nonzero(counted & _between(view.numbers[number.name], low, high))
                    ),
                }
                for low, high in number.bands
            ]
    return facets


# ---- matching ------------------------------------------------------------------------------


def _query(view: IndexView, parsed: ParsedQuery, corrections: dict, combine) -> Query:
    text_fields = [text.name for text in view.document_type.declared(Text)]
    parts = []
    for position, clause in enumerate(parsed.clauses):
        alternatives = list(clause.alternatives) + [
            (word,) for word in corrections.get(position, ())
        ]
        terms = []
        for words in alternatives:
            tokens = [token for word in words for token in stems(word)]
            if len(tokens) == 1:
                terms.extend(Term(name, tokens[0]) for name in text_fields)
            elif tokens:
                terms.extend(Phrase(name, tokens) for name in text_fields)
        if terms:
            parts.append(Or(terms))
    main = combine(parts) if parts else NullQuery
    exact = [
        Term(declaration.name, token, boost=EXACT_BOOST)
        for declaration in view.document_type.declared(Exact)
        for token in parsed.exact_tokens
    ]
    return Or([main, *exact]) if exact else main


def _matching(view: IndexView, query: Query) -> tuple[np.ndarray, np.ndarray]:
    return view.memo(("match", query), lambda: view.scored(query))


def _top(view: IndexView, scores, final: np.ndarray, sort: str, limit: int) -> list[Hit]:
    name = view.document_type.name
    docnums = np.flatnonzero(final)
    if sort == "relevance" and scores is not None:
        negative = -scores[docnums]
        if len(docnums) > limit:
            chosen = np.argpartition(negative, limit - 1)[:limit]
            docnums, negative = docnums[chosen], negative[chosen]
        order = np.lexsort((docnums, negative))
        return [
            Hit(name, int(view.keys[d]), int(d), float(-n), (float(n), rank))
            for rank, (d, n) in enumerate(zip(docnums[order], negative[order], strict=True))
        ]
    values, descending = _sort_values(view, "newest" if sort == "relevance" else sort)
    values = values[docnums]
    keys = view.keys[docnums]
    primary = np.where(np.isnan(values), np.inf, -values if descending else values)
    chosen = np.lexsort((-keys if descending else keys, primary))[:limit]
    tiebreak = -keys if descending else keys
    return [
        Hit(name, int(keys[i]), int(docnums[i]), None, (float(primary[i]), int(tiebreak[i])))
        for i in chosen.tolist()
    ]


def _sort_values(view: IndexView, sort: str) -> tuple[np.ndarray, bool]:
    if sort == "newest":
        return view.published, True
    chosen = view.document_type.sorts[sort]
    if chosen.field in view.numbers:
        return view.numbers[chosen.field], chosen.descending

    def ranks() -> np.ndarray:
        column = view.keyword(chosen.field)
        values = np.full(view.size, np.nan)
        values[column.documents] = column.ordinals
        return values

    return view.memo(("rank", chosen.field), ranks), chosen.descending


def _terms(parsed: ParsedQuery, corrections: dict) -> frozenset[str]:
    words = [word for clause in parsed.clauses for alt in clause.alternatives for word in alt]
    words += [word for corrected in corrections.values() for word in corrected]
    return frozenset(token for word in words for token in stems(word))
