"""One type's search in one SQL statement: the Whoosh backend's semantics over `search_entries`.

The same rules as `search.querying`: soft AND (a document may miss one clause, ranked below
those that miss none; widened to any clause only when nothing else matches), quoted phrases
never optional, rank tiers (pinned, then typed codes, then clauses matched, then relevance),
disjunctive facets (each facet's counts apply every filter but its own), and a total order
(ties by id), so pages never skip or repeat an item. The GIN index narrows the candidates to
documents holding enough of the clauses; `ts_rank` over the field weights scores them, scaled
so that 1.0 means "found once in the strongest field", as the Whoosh scorer's scores are.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from search.analysis import stems
from search.pg.tsqueries import ClauseQuery, clause_queries, code_queries, prefilter
from search.pg.vectors import weighting
from search.querying import (
    CLAUSE_TIER,
    CODE_TIER,
    MAX_SCORE,
    Ranked,
    SearchRequest,
    TypeResult,
    band_counts,
    facet_values,
)
from search.registry import DocumentType, Keyword, Number
from search.rules import RECENT
from search.scoring import EXACTNESS, PROXIMITY
from search.staff_ranking import PIN_PLACES, PIN_TIER

# ts_rank of one occurrence in the strongest field: scores are divided by it.
IDEAL = "(SELECT ts_rank({weights}, CAST('x:1A' AS tsvector), CAST('x' AS tsquery)))"


@dataclass
class _Statement:
    """Bound parameters of the statement being built; SQL text refers to them by name."""

    values: dict[str, Any] = field(default_factory=dict)

    def bind(self, value: Any, cast: str | None = None) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"CAST(:{name} AS {cast})" if cast else f":{name}"


def run(session: Session, kind: DocumentType, request: SearchRequest) -> TypeResult:
    """Match, filter, count facets and pick the top hits of one type."""
    # Nothing matched with soft AND (None): any clause will do.
    return (
        _run(session, kind, request, widened=False)
        or _run(session, kind, request, widened=True)
        or _empty(kind)
    )


def _run(
    session: Session, kind: DocumentType, request: SearchRequest, *, widened: bool
) -> TypeResult | None:
    sql = _Statement()
    numbers = {number.name: n + 1 for n, number in enumerate(kind.declared(Number))}
    doc_type = sql.bind(kind.name)
    where = [f"doc_type = {doc_type}", *_visibility(sql, kind, request)]
    filters = _filters(sql, kind, numbers, request.filters)
    pinned = request.pinned.get(kind.name) if request.sort == "relevance" else None
    matching = _Matching(sql, kind, numbers, request, widened)
    if matching.candidates:
        found = [matching.candidates]
        if pinned:
            found.append(f"doc_id = ANY({sql.bind(list(pinned))})")
        where.append("(" + " OR ".join(found) + ")")
    elif matching.clauses and not matching.measures:
        return _empty(kind) if widened or request.every_word else None
    columns = ", ".join(f"{expression} AS f{n}" for n, expression in enumerate(filters.values()))
    every = " AND ".join(f"f{n}" for n in range(len(filters))) or "true"
    keep = matching.condition(pinned)
    sort_value = _sort_value(kind, numbers, request, matching)
    # Facets read the matches once more: kept rather than matched again. Without them, the
    # count and the page each take what they need of the plan.
    materialized = "MATERIALIZED" if request.facets else "NOT MATERIALIZED"
    rank = matching.rank(pinned)
    # Names in the text come from the type's declarations; every value is bound.
    statement = f"""
        WITH scored AS (
            SELECT doc_id, keywords, numbers, published_at,
                   {matching.hits} AS hits, {matching.code} AS code, {rank} AS rank,
                   {matching.phrases} AS phrases
                   {", " + columns if columns else ""}
            FROM search_entries WHERE {" AND ".join(where)}
        ), matched AS {materialized} (SELECT * FROM scored WHERE {keep})
        SELECT
            (SELECT json_build_object(
                'total', count(*) FILTER (WHERE {every}),
                'everything', coalesce(bool_or({every} AND hits >= {matching.count}), false)
                {_count_columns(kind, numbers, filters, request.facets)}
            ) FROM matched),
            {_facet_query(kind, filters, doc_type) if request.facets else "NULL"},
            (SELECT coalesce(json_agg(json_build_array(doc_id, rank, sort_value)), '[]')
             FROM (SELECT doc_id, rank, {sort_value} AS sort_value
                   FROM matched WHERE {every}
                   ORDER BY {_order(kind, numbers, request, matching)}
                   LIMIT {sql.bind(request.limit)}) page)
    """  # noqa: S608
    counts, facet_rows, top = session.connection().execute(text(statement), sql.values).one()
    if counts["total"] == 0 and matching.can_widen and not widened:
        return None
    return TypeResult(
        ranked=_ranked(kind, request, matching, top),
        total=counts["total"],
        facets=_facets(kind, counts, facet_rows) if request.facets else {},
        flags={
            number.flag_arg: counts[f"flag_{number.flag_arg}"]
            for number in kind.declared(Number)
            if number.flag_arg and request.facets
        },
        matched=("all" if counts["everything"] else "any") if matching.scored else None,
        terms=matching.terms,
    )


def _empty(kind: DocumentType) -> TypeResult:
    nothing = np.zeros(0)
    return TypeResult(
        ranked=Ranked(kind.name, nothing, nothing, None, nothing, nothing), total=0, matched="any"
    )


def _visibility(sql: _Statement, kind: DocumentType, request: SearchRequest) -> list[str]:
    where = []
    if request.staff:
        if request.status:
            where.append(f"status = {sql.bind(request.status)}")
    else:
        where.append(f"status = ANY({sql.bind(list(kind.public_statuses))})")
        where.append(f"published_at <= {sql.bind(request.now)}")
    if request.unpinned.get(kind.name):
        where.append(f"NOT (doc_id = ANY({sql.bind(list(request.unpinned[kind.name]))}))")
    return where


def _filters(
    sql: _Statement, kind: DocumentType, numbers: dict[str, int], given: dict[str, Any]
) -> dict[str, str]:
    """A boolean SQL expression per filter given (by filter name, as the facets name them)."""
    filters = {}
    for keyword in kind.declared(Keyword):
        values = given.get(keyword.name)
        if values:
            wanted = [f"{keyword.name}:{value}" for value in values]
            filters[keyword.name] = f"keywords && {sql.bind(wanted, 'text[]')}"
    for number in kind.declared(Number):
        value = f"numbers[{numbers[number.name]}]"
        low, high = (given.get(arg) for arg in (number.range_args or ("", "")))
        if low is not None or high is not None:
            filters[number.name] = between(sql, value, low, high)
        flag = given.get(number.flag_arg) if number.flag_arg else None
        if flag is not None:
            filters[number.flag_arg] = f"coalesce({value} {'>' if flag else '<='} 0, false)"
    return filters


def between(sql: _Statement, value: str, low: Any, high: Any) -> str:
    """`value` within [low, high] (either may be None); a missing value never is."""
    parts = [f"{value} IS NOT NULL"]
    if low is not None:
        parts.append(f"{value} >= {sql.bind(float(low))}")
    if high is not None:
        parts.append(f"{value} <= {sql.bind(float(high))}")
    return "(" + " AND ".join(parts) + ")"


class _Matching:
    """The text side of one type's statement: clause matches, hits, codes, rank."""

    def __init__(
        self,
        sql: _Statement,
        kind: DocumentType,
        numbers: dict[str, int],
        request: SearchRequest,
        widened: bool,
    ) -> None:
        self.sql = sql
        self.kind = kind
        self.numbers = numbers
        self.request = request
        parsed = request.parsed
        self.scored = not parsed.is_empty
        self.clauses: list[ClauseQuery] = (
            clause_queries(kind, parsed, request.corrections) if self.scored else []
        )
        dimensions: dict[str, list[str]] = {}
        for number in kind.declared(Number):
            if number.dimension:
                dimensions.setdefault(number.dimension, []).append(
                    f"numbers[{numbers[number.name]}]"
                )
        self.measures = [
            "(" + " OR ".join(between(sql, value, *measure.bounds()) for value in values) + ")"
            for measure in parsed.measures
            if (values := dimensions.get(measure.dimension))
        ]
        self.count = len(self.clauses) + len(self.measures)
        required = self.count if request.every_word else self.count - 1
        self.required = 1 if widened else max(required, 1)
        self.can_widen = bool(self.clauses) and not request.every_word and self.required > 1
        self.terms = _highlight_terms(parsed, request.corrections) if self.scored else frozenset()
        self.weights = weighting(kind).shares
        self._queries = [
            sql.bind(clause.anywhere, "tsquery") if clause.anywhere else None
            for clause in self.clauses
        ]
        codes = code_queries(parsed.codes)
        self._codes = (
            (sql.bind(codes[0], "tsquery"), sql.bind(codes[1], "tsquery")) if codes else None
        )
        self.candidates = self._candidates(codes)

    def _candidates(self, codes: tuple[str, str] | None) -> str | None:
        if not self.scored:
            return None
        queries = [clause.anywhere for clause in self.clauses]
        phrases = [c.anywhere for c in self.clauses if c.phrase and c.anywhere]
        narrowing = prefilter(queries, self.required - len(self.measures), phrases)
        if narrowing is None and self.measures:
            return None if codes is None else "true"
        parts = [f"( {narrowing} )"] if narrowing else []
        if codes:
            parts.append(f"( {codes[1]} )")
        if not parts:
            return None
        return f"terms @@ {self.sql.bind(' | '.join(parts), 'tsquery')}"

    def _matches(self) -> list[str]:
        found = [
            f"coalesce(terms @@ {query}, false)" if query else "false" for query in self._queries
        ]
        return found + self.measures

    @property
    def hits(self) -> str:
        """How many clauses each document matches."""
        parts = [f"({match})::int" for match in self._matches()]
        return " + ".join(parts) if parts else "0"

    @property
    def code(self) -> str:
        """2 when a typed code is one of the document's SKUs, 1 when it starts one, else 0."""
        if self._codes is None:
            return "0"
        whole, prefix = self._codes
        return f"CASE WHEN terms @@ {whole} THEN 2 WHEN terms @@ {prefix} THEN 1 ELSE 0 END"

    @property
    def phrases(self) -> str:
        """Whether each document matches every quoted phrase (true without any)."""
        found = [
            f"coalesce(terms @@ {query}, false)" if query else "false"
            for clause, query in zip(self.clauses, self._queries, strict=True)
            if clause.phrase
        ]
        return " AND ".join(found) or "true"

    def condition(self, pinned) -> str:
        """Which candidates match: enough clauses and every phrase, or a typed code."""
        if not self.scored:
            return "true"
        found = [f"(hits >= {self.required} AND phrases)", "code > 0"]
        if pinned:
            found.append(f"doc_id = ANY({self.sql.bind(list(pinned))})")
        return " OR ".join(found)

    def rank(self, pinned) -> str:
        """Tiers and relevance as one number (pinned documents first, in their places)."""
        if not self.scored:
            return "0"
        weights = self.sql.bind(list(self.weights), "float4[]")
        ideal = IDEAL.format(weights=weights)
        scores = [
            f"ts_rank({weights}, terms, {query}) / {ideal}" if query else "0"
            for query in self._queries
        ]
        scores += [f"({measure})::int" for measure in self.measures]
        near = [
            f"{PROXIMITY} * (terms @@ {self.sql.bind(clause.proximity, 'tsquery')})::int"
            for clause in self.clauses
            if clause.proximity
        ]
        titled = [
            f"(terms @@ {self.sql.bind(clause.in_title, 'tsquery')})::int"
            for clause in self.clauses
            if clause.in_title
        ]
        in_title = " + ".join(titled) or "0"
        count = max(self.count, 1)
        score = (
            f"(({' + '.join([*scores, *near]) or '0'}) / {count}"
            f" + {EXACTNESS} * least(({in_title})::float8 / greatest(title_terms, 1), 1)"
            f" * ({in_title})::float8 / {count})"
        )
        if self.request.boosts and self.request.sort == "relevance":
            score = f"least({score} * {self._boost_factor()}, {MAX_SCORE})"
        code = self.code
        rank = f"({code}) * {CODE_TIER} + ({self.hits}) * {CLAUSE_TIER} + {score}"
        if pinned:
            places = {str(key): PIN_TIER * (PIN_PLACES - place) for key, place in pinned.items()}
            rank = (
                f"coalesce(({self.sql.bind(json.dumps(places), 'jsonb')} ->> doc_id::text)"
                f"::float8, {rank})"
            )
        return rank

    def _boost_factor(self) -> str:
        parts = ["1"]
        for boost in self.request.boosts:
            boosted = self._boosted(boost)
            if boosted:
                parts.append(f"{boost.weight / 10} * ({boosted})::int")
        return "(" + " + ".join(parts) + ")"

    def _boosted(self, boost) -> str | None:
        """Which documents one staff boost raises (see `search.staff_ranking`)."""
        if boost.type != self.kind.name:
            return None
        if boost.name == RECENT:
            since = self.request.now - timedelta(days=int(boost.value or 0))
            return f"coalesce(published_at >= {self.sql.bind(since)}, false)"
        if boost.name in self.numbers:
            return f"coalesce(numbers[{self.numbers[boost.name]}] > 0, false)"
        keywords = {keyword.name for keyword in self.kind.declared(Keyword)}
        if boost.name in keywords and boost.value:
            return f"keywords @> {self.sql.bind([f'{boost.name}:{boost.value}'], 'text[]')}"
        return None


def _count_columns(
    kind: DocumentType, numbers: dict[str, int], filters: dict[str, str], facets: bool
) -> str:
    """json_build_object entries: each flag's and each band's count, filtered by the others."""
    if not facets:
        return ""
    parts = []
    for number in kind.declared(Number):
        value = f"numbers[{numbers[number.name]}]"
        if number.flag_arg:
            others = _without(filters, number.flag_arg)
            parts.append(
                f"'flag_{number.flag_arg}', count(*) FILTER (WHERE {others} AND {value} > 0)"
            )
        for n, (low, high) in enumerate(number.bands):
            inside = [f"{value} IS NOT NULL"]
            if low is not None:
                inside.append(f"{value} >= {float(low)!r}")
            if high is not None:
                inside.append(f"{value} <= {float(high)!r}")
            others = _without(filters, number.name)
            parts.append(
                f"'band_{number.name}_{n}', count(*) FILTER "
                f"(WHERE {others} AND {' AND '.join(inside)})"
            )
    return "".join(f", {part}" for part in parts)


def _without(filters: dict[str, str], name: str) -> str:
    """Every filter but `name`'s (by position in the statement's columns)."""
    kept = [f"f{n}" for n, other in enumerate(filters) if other != name]
    return " AND ".join(kept) or "true"


def _facet_query(kind: DocumentType, filters: dict[str, str], doc_type: str) -> str:
    """The keyword facets' value counts, each with every filter but its own, in one pass; each
    value's label read from one entry that has it (`doc_type`: the bound type name)."""
    cases = " ".join(
        f"WHEN '{keyword.name}' THEN {_without(filters, keyword.name)}"
        for keyword in kind.declared(Keyword)
        if keyword.facet
    )
    if not cases:
        return "NULL"
    return f"""(SELECT coalesce(json_agg(json_build_array(facet, slug, (
            SELECT labels -> facet ->> slug FROM search_entries
            WHERE doc_type = {doc_type} AND keywords @> ARRAY[k] LIMIT 1), n)), '[]') FROM (
        SELECT k, split_part(k, ':', 1) AS facet, substr(k, strpos(k, ':') + 1) AS slug,
               count(*) AS n
        FROM matched, unnest(keywords) AS k
        WHERE CASE split_part(k, ':', 1) {cases} ELSE false END
        GROUP BY k) counted)"""  # noqa: S608 (names from the type's declarations)


def _sort_field(kind: DocumentType, request: SearchRequest, matching: _Matching):
    """The sort in force: "relevance" (with words), "newest", or one of the type's."""
    if request.sort == "relevance" and matching.scored:
        return "relevance"
    return "newest" if request.sort == "relevance" else request.sort


def _sort_value(
    kind: DocumentType, numbers: dict[str, int], request: SearchRequest, matching: _Matching
) -> str:
    """The value a page is ordered by (NULL sorts last)."""
    chosen = _sort_field(kind, request, matching)
    if chosen == "relevance":
        return "rank"
    if chosen == "newest":
        return "extract(epoch FROM published_at)"
    sort = kind.sorts[chosen]
    if sort.field in numbers:
        return f"numbers[{numbers[sort.field]}]"
    prefix = f"{sort.field}:"
    return (
        f"(SELECT substr(k, {len(prefix) + 1}) FROM unnest(keywords) AS k "  # noqa: S608
        f"WHERE starts_with(k, '{prefix}') LIMIT 1)"
    )


def _order(
    kind: DocumentType, numbers: dict[str, int], request: SearchRequest, matching: _Matching
) -> str:
    chosen = _sort_field(kind, request, matching)
    if chosen == "relevance":
        return "rank DESC, doc_id"
    descending = True if chosen == "newest" else kind.sorts[chosen].descending
    value = (
        "sort_value"
        if chosen == "newest" or kind.sorts[chosen].field in numbers
        else ('sort_value COLLATE "C"')
    )
    direction = "DESC" if descending else "ASC"
    return f"{value} {direction} NULLS LAST, doc_id {direction}"


def _ranked(kind: DocumentType, request: SearchRequest, matching: _Matching, top: list) -> Ranked:
    """The page's rows as the engine's order: (primary, tiebreak) ascending, comparable across
    types for relevance, "newest" and number sorts."""
    keys = np.array([row[0] for row in top], dtype=np.int64)
    chosen = _sort_field(kind, request, matching)
    if chosen == "relevance":
        ranks = np.array([row[1] for row in top], dtype=np.float64)
        return Ranked(kind.name, keys, keys, ranks % CLAUSE_TIER, -ranks, keys)
    descending = True if chosen == "newest" else kind.sorts[chosen].descending
    if chosen != "newest" and kind.sorts[chosen].field not in {
        number.name for number in kind.declared(Number)
    }:
        primary = np.arange(len(keys), dtype=np.float64)  # a keyword's order, within the type
    else:
        values = np.array(
            [np.nan if row[2] is None else float(row[2]) for row in top], dtype=np.float64
        )
        primary = np.where(np.isnan(values), np.inf, -values if descending else values)
    return Ranked(kind.name, keys, keys, None, primary, -keys if descending else keys)


def _facets(kind: DocumentType, counts: dict, rows: list | None) -> dict[str, list[dict]]:
    facets: dict[str, list[dict]] = {
        keyword.name: [] for keyword in kind.declared(Keyword) if keyword.facet
    }
    for facet, slug, label, count in rows or ():
        facets[facet].append({"value": slug, "label": label or slug, "count": count})
    found = {name: facet_values(entries) for name, entries in facets.items()}
    for number in kind.declared(Number):
        if number.bands:
            found[number.name] = band_counts(
                number,
                [counts[f"band_{number.name}_{n}"] for n in range(len(number.bands))],
            )
    return found


def _highlight_terms(parsed, corrections: dict[int, str]) -> frozenset[str]:
    """The stems snippets mark: every word of every clause's alternatives and corrections."""
    words = [word for clause in parsed.clauses for alt in clause.alternatives for word in alt]
    words += list(corrections.values())
    return frozenset(stem for word in words for stem in stems(word))
