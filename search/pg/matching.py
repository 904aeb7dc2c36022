"""One type's search in one SQL statement: the Whoosh backend's semantics over `search_entries`.

The same rules as `search.querying`: soft AND (a document may miss one clause, ranked below
those that miss none; widened to any clause only when nothing else matches), quoted phrases
never optional, rank tiers (pinned, then typed codes, then clauses matched, then relevance),
disjunctive facets (each facet's counts apply every filter but its own), and a total order
(ties by id), so pages never skip or repeat an item. The GIN index narrows the candidates to
documents holding enough of the clauses; `ts_rank` over the field weights scores them, scaled
so that 1.0 means "found once in the strongest field", as the Whoosh scorer's scores are.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from search.pg.ranking import Matching
from search.pg.statements import Statement, between
from search.querying import (
    CLAUSE_TIER,
    Ranked,
    SearchRequest,
    TypeResult,
    band_counts,
    facet_values,
)
from search.registry import DocumentType, Keyword, Number


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
    sql = Statement()
    numbers = {number.name: n + 1 for n, number in enumerate(kind.declared(Number))}
    doc_type = sql.bind(kind.name)
    where = [f"doc_type = {doc_type}", *_visibility(sql, kind, request)]
    filters = _filters(sql, kind, numbers, request.filters)
    pinned = request.pinned.get(kind.name) if request.sort == "relevance" else None
    matching = Matching(sql, kind, numbers, request, widened)
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
    order = _page_order(kind, numbers, request, matching)
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
             FROM (SELECT doc_id, rank, {order.value} AS sort_value
                   FROM matched WHERE {every}
                   ORDER BY {_order_by(order)}
                   LIMIT {sql.bind(request.limit)}) page)
    """  # noqa: S608
    counts, facet_rows, top = session.connection().execute(text(statement), sql.values).one()
    if counts["total"] == 0 and matching.can_widen and not widened:
        return None
    return TypeResult(
        ranked=_ranked(kind, order, top),
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


def _visibility(sql: Statement, kind: DocumentType, request: SearchRequest) -> list[str]:
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
    sql: Statement, kind: DocumentType, numbers: dict[str, int], given: dict[str, Any]
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


@dataclass(frozen=True)
class _PageOrder:
    """The order in force: by relevance, or by a value (an SQL expression), either way."""

    relevance: bool
    value: str  # what each row is ordered by ("rank" for relevance)
    descending: bool
    by_keyword: bool  # a keyword's text: ordered byte by byte, comparable within the type only


def _page_order(
    kind: DocumentType, numbers: dict[str, int], request: SearchRequest, matching: Matching
) -> _PageOrder:
    """Relevance (with words), "newest" (without, or asked for), or one of the type's sorts;
    a missing value sorts last."""
    if request.sort == "relevance" and matching.scored:
        return _PageOrder(relevance=True, value="rank", descending=True, by_keyword=False)
    if request.sort in ("relevance", "newest"):
        value = "extract(epoch FROM published_at)"
        return _PageOrder(relevance=False, value=value, descending=True, by_keyword=False)
    sort = kind.sorts[request.sort]
    if sort.field in numbers:
        value = f"numbers[{numbers[sort.field]}]"
        return _PageOrder(False, value, sort.descending, by_keyword=False)
    prefix = f"{sort.field}:"
    value = (
        f"(SELECT substr(k, {len(prefix) + 1}) FROM unnest(keywords) AS k "  # noqa: S608
        f"WHERE starts_with(k, '{prefix}') LIMIT 1)"
    )
    return _PageOrder(False, value, sort.descending, by_keyword=True)


def _order_by(order: _PageOrder) -> str:
    """The page's ORDER BY: the value, then the id the same way."""
    if order.relevance:
        return "rank DESC, doc_id"
    value = f'({order.value}) COLLATE "C"' if order.by_keyword else f"({order.value})"
    direction = "DESC" if order.descending else "ASC"
    return f"{value} {direction} NULLS LAST, doc_id {direction}"


def _ranked(kind: DocumentType, order: _PageOrder, top: list) -> Ranked:
    """The page's rows as the engine's order: (primary, tiebreak) ascending, comparable across
    types for relevance, "newest" and number sorts."""
    keys = np.array([row[0] for row in top], dtype=np.int64)
    if order.relevance:
        ranks = np.array([row[1] for row in top], dtype=np.float64)
        return Ranked(kind.name, keys, keys, ranks % CLAUSE_TIER, -ranks, keys)
    if order.by_keyword:
        primary = np.arange(len(keys), dtype=np.float64)  # a keyword's order, within the type
    else:
        values = np.array(
            [np.nan if row[2] is None else float(row[2]) for row in top], dtype=np.float64
        )
        primary = np.where(np.isnan(values), np.inf, -values if order.descending else values)
    return Ranked(kind.name, keys, keys, None, primary, -keys if order.descending else keys)


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
