"""One query against one index view: soft AND matching, filters, facets and a total order.

Scoring is `search.scoring`'s (BM25 in NumPy over cached postings); visibility, filters, facet
counts and the top-n pick are NumPy over whole arrays, never a walk over Whoosh results.
Matching is soft AND: with several clauses, documents that miss one still match, ranked below
those that match every clause (quoted phrases are never optional). Facets are disjunctive: a
facet's counts apply every filter except its own, so each count equals the total the listing
shows with that one value selected. Results are in a total order (relevance or the chosen sort,
then the document key), so pages never skip or repeat an item.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from search import scoring
from search.analysis import ParsedQuery
from search.filter_masks import filter_masks, flagged
from search.registry import Keyword, Number
from search.rules import Boost
from search.staff_ranking import boost_factors, pin
from search.tables import IndexView, packed, unpacked

# Rank = pinned (see `search.staff_ranking`), then codes, then clauses matched, then
# relevance: each tier outweighs everything below it.
CODE_TIER = 1e6
CLAUSE_TIER = 1e3
MAX_SCORE = CLAUSE_TIER - 1  # a boosted text score stays within its tier


@dataclass(frozen=True)
class SearchRequest:
    """What to look for in one document type and how to order it."""

    parsed: ParsedQuery
    corrections: dict[int, str]  # clause position -> corrected word
    filters: dict[str, Any]
    sort: str  # "relevance", "newest" or one of the type's sorts
    limit: int  # how many top hits to return
    facets: bool  # whether to count facets
    every_word: bool  # no soft AND: every clause must match
    hidden: Mapping[str, np.ndarray | None]  # per type: documents to leave out (stale in the index)
    staff: bool
    status: str | None
    now: datetime
    # Staff's pins for this query, per type: documents put first ({id: place, 0 first}) and
    # documents left out. Pinned documents need not match the words, only the filters.
    pinned: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    unpinned: Mapping[str, list[int]] = field(default_factory=dict)
    boosts: tuple[Boost, ...] = ()  # staff's boosts, for relevance ranking


@dataclass
class Hit:
    """One matching document of a result page."""

    type: str
    id: int
    docnum: int
    score: float | None


@dataclass
class Ranked:
    """The best matches of one type, best first, as arrays; (primary, tiebreak) ascending is
    the order, comparable across types."""

    type: str
    docnums: np.ndarray
    keys: np.ndarray
    scores: np.ndarray | None
    primary: np.ndarray
    tiebreak: np.ndarray

    def hits(self, positions: Iterable[int]) -> list[Hit]:
        """The hits at `positions` of this order."""
        scores = self.scores
        return [
            Hit(
                self.type,
                int(self.keys[i]),
                int(self.docnums[i]),
                None if scores is None else float(scores[i]),
            )
            for i in positions
        ]


def merged_hits(ranked: list[Ranked], start: int, stop: int) -> list[Hit]:
    """Hits `start` to `stop` of the types' orders merged into one (ties: by type name).

    Only the page's hits become objects: a deep page costs a slice, not one object per match.
    """
    if len(ranked) <= 1:
        return ranked[0].hits(range(start, min(stop, len(ranked[0].keys)))) if ranked else []
    ranked = sorted(ranked, key=lambda part: part.type)
    primary = np.concatenate([part.primary for part in ranked])
    tiebreak = np.concatenate([part.tiebreak for part in ranked])
    kinds = np.concatenate([np.full(len(part.keys), n) for n, part in enumerate(ranked)])
    offsets = np.cumsum([0, *(len(part.keys) for part in ranked)])
    hits = []
    for position in np.lexsort((kinds, tiebreak, primary))[start:stop].tolist():
        n = int(np.searchsorted(offsets, position, side="right")) - 1
        hits.extend(ranked[n].hits([position - int(offsets[n])]))
    return hits


@dataclass
class TypeResult:
    """The matches of one document type."""

    ranked: Ranked
    total: int
    facets: dict[str, list[dict]] = field(default_factory=dict)
    # Per flag argument (in_stock …): how many results ticking it would leave (with facets).
    flags: dict[str, int] = field(default_factory=dict)
    matched: str | None = None  # "all" clauses, "any" (some missing), or None without text
    terms: frozenset[str] = frozenset()


def run(view: IndexView, request: SearchRequest) -> TypeResult:
    """Match, filter, count facets and pick the top hits of one type."""
    allowed = view.visible(request.staff, request.status, request.now)
    name = view.document_type.name
    hidden = request.hidden.get(name)
    if hidden is not None:
        allowed &= ~hidden
    if request.unpinned.get(name):
        allowed &= ~np.isin(view.keys, request.unpinned[name])
    filters = filter_masks(view, request.filters)
    filtered = allowed.copy()
    for mask in filters.values():
        filtered &= mask
    rank, matched = None, None
    terms: frozenset[str] = frozenset()
    match = np.ones(view.size, dtype=bool)
    if not request.parsed.is_empty:
        found = scoring.match(view, request.parsed, request.corrections)
        terms = found.terms
        required = found.clauses if request.every_word else found.clauses - 1
        required = max(required, 1)
        codes = found.codes > 0
        match = found.phrases & (found.hits >= required) | codes
        if found.clauses and not request.every_word and not (match & filtered).any():
            match = found.phrases & (found.hits >= 1) | codes
        everything = found.hits >= found.clauses
        matched = "all" if (match & filtered & everything).any() else "any"
        score = found.score
        if request.boosts and request.sort == "relevance":
            score = np.minimum(score * boost_factors(view, request.boosts, request.now), MAX_SCORE)
        rank = found.codes * CODE_TIER + found.hits * CLAUSE_TIER + score
        if request.pinned.get(name) and request.sort == "relevance":
            pin(view, request.pinned[name], match, rank)
    final = match & filtered
    counting = _packed(allowed & match, filters) if request.facets else None
    return TypeResult(
        ranked=_top(view, rank, final, request.sort, request.limit),
        total=int(np.count_nonzero(final)),
        facets=_facets(view, *counting) if counting else {},
        flags=_flag_counts(view, *counting) if counting else {},
        matched=matched,
        terms=terms,
    )


# ---- filters and facets --------------------------------------------------------------------


def _packed(base: np.ndarray, filters: dict[str, np.ndarray]) -> tuple[np.ndarray, dict]:
    """`base` and `filters` as packed words, for counting."""
    return packed(base), {name: packed(mask) for name, mask in filters.items()}


def _flag_words(view: IndexView, name: str) -> np.ndarray:
    """The documents a flag on number `name` holds for, packed once per generation."""
    return view.memo(("flag", name), lambda: packed(flagged(view.numbers[name], True)))


def _without(base: np.ndarray, filters: dict[str, np.ndarray], name: str) -> np.ndarray:
    """`base` narrowed by every filter but `name`'s: what choosing a value of `name` starts from
    (all of them packed, see `search.tables.packed`)."""
    mask = base.copy()
    for other, other_mask in filters.items():
        if other != name:
            mask &= other_mask
    return mask


def _counted(words: np.ndarray) -> int:
    return int(np.bitwise_count(words).sum())


def _flag_counts(view: IndexView, base: np.ndarray, filters: dict[str, np.ndarray]) -> dict:
    return {
        number.flag_arg: _counted(
            _without(base, filters, number.flag_arg) & _flag_words(view, number.name)
        )
        for number in view.document_type.declared(Number)
        if number.flag_arg
    }


def _facets(view: IndexView, base: np.ndarray, filters: dict[str, np.ndarray]) -> dict:
    facets = {}
    for keyword in view.document_type.declared(Keyword):
        if keyword.facet:
            counts = _value_counts(view, keyword.name, _without(base, filters, keyword.name))
            column = view.column(keyword.name)
            entries = []
            for position in np.flatnonzero(counts).tolist():
                slug = column.vocabulary[position].decode()
                count = int(counts[position])
                entries.append({"value": slug, "label": column.labels[slug], "count": count})
            facets[keyword.name] = facet_values(entries)
    for number in view.document_type.declared(Number):
        if number.bands:
            counted = _without(base, filters, number.name)
            facets[number.name] = band_counts(
                number,
                [
                    _counted(counted & view.band_words(number.name, low, high))
                    for low, high in number.bands
                ],
            )
    return facets


def facet_values(entries: list[dict]) -> list[dict]:
    """A keyword facet's {"value", "label", "count"} entries, commonest first, then by label."""
    return sorted(entries, key=lambda entry: (-entry["count"], entry["label"].casefold()))


def band_counts(number: Number, counts: list[int]) -> list[dict]:
    """A number's facet: each of its bands with how many documents fall in it."""
    return [
        {
            "value": f"{low if low is not None else ''}-{high if high is not None else ''}",
            "min": low,
            "max": high,
            "count": count,
        }
        for (low, high), count in zip(number.bands, counts, strict=True)
    ]


def _value_counts(view: IndexView, name: str, words: np.ndarray) -> np.ndarray:
    """How many documents of packed mask `words` hold each value of keyword column `name` (by
    ordinal)."""
    masks = view.value_masks(name)
    if masks is not None:
        return np.bitwise_count(masks & words).sum(axis=1, dtype=np.int64)
    column = view.column(name)
    counted = unpacked(words, view.size)[column.documents]
    return np.bincount(column.ordinals[counted], minlength=len(column.vocabulary))


# ---- order -------------------------------------------------------------------------------


def _top(view: IndexView, rank, final: np.ndarray, sort: str, limit: int) -> Ranked:
    name = view.document_type.name
    if sort == "relevance" and rank is not None:
        docnums = np.flatnonzero(final)
        keys = view.keys[docnums]
        ranks = rank[docnums]
        chosen = _first(-ranks, keys, limit)
        return Ranked(
            name,
            docnums[chosen],
            keys[chosen],
            ranks[chosen] % CLAUSE_TIER,
            -ranks[chosen],
            keys[chosen],
        )
    order = _total_order(view, "newest" if sort == "relevance" else sort)
    docnums = _first_in(order.docnums, final, limit)
    return Ranked(
        name, docnums, view.keys[docnums], None, order.primary[docnums], order.tiebreak[docnums]
    )


def _first(primary: np.ndarray, tiebreak: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the `limit` smallest (primary, tiebreak) pairs, in that order.

    The partition keeps every candidate tied with the last one chosen, so the tie-break decides
    among all of them and the order is total: each result lands on exactly one page.
    """
    if len(primary) > limit > 0:
        threshold = np.partition(primary, limit - 1)[limit - 1]
        candidates = np.flatnonzero(primary <= threshold)
    else:
        candidates = np.arange(len(primary))
    order = np.lexsort((tiebreak[candidates], primary[candidates]))
    return candidates[order[:limit]]


@dataclass
class TotalOrder:
    """Every document of a view in one sort's order, with the (primary, tiebreak) keys that
    order is made of (by document number)."""

    docnums: np.ndarray
    primary: np.ndarray
    tiebreak: np.ndarray


def _total_order(view: IndexView, sort: str) -> TotalOrder:
    """The order of `sort` over the whole view, sorted once per generation: a listing then
    takes the first documents of it that its filters keep, instead of sorting its matches."""

    def ordered() -> TotalOrder:
        values, descending = _sort_values(view, sort)
        primary = np.where(np.isnan(values), np.inf, -values if descending else values)
        tiebreak = -view.keys if descending else view.keys
        return TotalOrder(np.lexsort((tiebreak, primary)), primary, tiebreak)

    return view.memo(("order", sort), ordered)


def _first_in(order: np.ndarray, keep: np.ndarray, limit: int) -> np.ndarray:
    """The first `limit` documents of `order` that mask `keep` holds, in that order.

    Read in growing windows: a listing's filters usually keep many documents, so its first
    pages are found near the front without scanning the whole order.
    """
    found: list[np.ndarray] = []
    count, start, width = 0, 0, max(limit * 4, 4096)
    while count < limit and start < len(order):
        window = order[start : start + width]
        kept = window[keep[window]]
        found.append(kept)
        count += len(kept)
        start += width
        width *= 2
    return np.concatenate(found)[:limit] if found else order[:0]


def _sort_values(view: IndexView, sort: str) -> tuple[np.ndarray, bool]:
    if sort == "newest":
        return view.published, True
    chosen = view.document_type.sorts[sort]
    if chosen.field in view.numbers:
        return view.numbers[chosen.field], chosen.descending

    def ranks() -> np.ndarray:
        column = view.column(chosen.field)
        values = np.full(view.size, np.nan)
        values[column.documents] = column.ordinals
        return values

    return view.memo(("rank", chosen.field), ranks), chosen.descending
