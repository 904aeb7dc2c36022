"""The search service: query several document types, merge, paginate, suggest completions.

This is the layer routes, other domains and benchmarks call; it needs an app context.
"""

import json
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.pagination import page_meta, page_of_ids
from core.problems import Problem, validation_problem
from search import indexer, spelling
from search.analysis import MAX_QUERY_CHARS, parse_query, plain_words
from search.listings import current_listing_texts, current_listings
from search.observers import SearchMade, searched
from search.outbox import defer_indexing
from search.querying import Hit, SearchRequest
from search.registry import DocumentType, as_stored, document_type, document_types
from search.rules import QueryRules, current_rules
from search.staff_ranking import pins_by_type

T = TypeVar("T")
MAX_COMPLETIONS = 10
MAX_SUGGESTED_DOCUMENTS = 5


@dataclass
class SearchPage:
    """One page of merged results with its facets and the "did you mean" suggestion."""

    hits: list[Hit]
    total: int
    facets: dict[str, list[dict]] = field(default_factory=dict)
    suggestion: str | None = None
    matched: str | None = None
    snippets: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    listings: dict[tuple[str, int], str] = field(default_factory=dict)  # JSON text, as stored
    # Per flag argument (in_stock …): how many results ticking it would leave (with facets).
    flags: dict[str, int] = field(default_factory=dict)
    # Per type, the ids with a change the index has not taken in yet (None: too many to read).
    pending: Mapping[str, list[int]] | None = None
    search_id: int | None = None  # the search log's id, for reporting which result was opened
    redirect: str | None = None  # the site page a redirect rule sends this query to


def engine():
    """The app's search engine (see `search.init_app`)."""
    return current_app.extensions["search"]


def search(
    text: str = "",
    *,
    types: list[str] | None = None,
    filters: dict[str, Any] | None = None,
    applicable_filters: dict[str, Any] | None = None,
    sort: str | None = None,
    page: int = 1,
    per_page: int = 20,
    staff: bool = False,
    status: str | None = None,
    with_snippets: bool = True,
    with_facets: bool = True,
    with_listings: bool = True,
    every_word: bool = False,
    correct: bool = True,
    observed: bool = False,
    rules: QueryRules | None = None,
) -> SearchPage:
    """Search `types` (default: every type that understands `filters`) for `text`.

    `filters` are the listing arguments (keyword slugs as lists, range bounds, flags); `sort` is
    "relevance" (the default when there is text), "newest" (the default otherwise) or a sort the
    types declare. `applicable_filters` narrow only the types that declare them and choose no
    type (a shopper's market narrows products and leaves articles). `every_word` turns soft AND
    off (suggest lists only items with every word); without `correct`, a word no document has
    is not replaced by the closest one that is.
    Without snippets and listings, no stored field is read (callers that load rows themselves).
    With `observed` (a shopper's search, not staff's), the app's search observer is told of it.
    `rules` replace the rules in force (a preview of draft rules).
    Raises Problem 403/422 for statuses or filters the caller may not use.
    """
    started = time.perf_counter()
    filters = {name: value for name, value in (filters or {}).items() if value not in (None, [])}
    status = None if status is None else str(status)
    chosen = _chosen_types(types, filters, sort)
    _check_status(chosen, staff, status)
    # Each type's run reads only the filters it declares, so the others pass it by.
    filters = {**(applicable_filters or {}), **filters}
    if rules is None and text and text.strip():  # a listing without words reads no rules
        rules = current_rules()
    parsed = parse_query(text, rules)
    typed = tuple(plain_words(text)) if rules else ()
    now = utcnow()

    def request_for(corrections: dict[int, str], hidden: Mapping) -> SearchRequest:
        return SearchRequest(
            parsed=parsed,
            corrections=corrections,
            filters=filters,
            sort=sort or ("relevance" if text and text.strip() else "newest"),
            limit=page * per_page,
            facets=with_facets,
            every_word=every_word,
            hidden=hidden,
            staff=staff,
            status=status,
            now=now,
            boosts=rules.boosts if rules else (),
            **pins_by_type(rules.pins_for(typed) if rules else None),
        )

    found = engine().backend.find(
        chosen,
        request_for,
        correct=correct,
        start=(page - 1) * per_page,
        stop=page * per_page,
        with_snippets=with_snippets,
        with_listings=with_listings,
    )
    results = found.results
    page_found = SearchPage(
        hits=found.hits,
        total=sum(result.total for result in results),
        facets={name: values for result in results for name, values in result.facets.items()},
        flags={name: count for result in results for name, count in result.flags.items()},
        suggestion=spelling.suggestion(parsed, found.corrections) if found.corrections else None,
        matched=_matched(results),
        snippets=found.snippets,
        listings=found.listings,
        pending=found.pending,
        redirect=rules.redirect_for(typed) if rules else None,
    )
    if observed and not staff:
        page_found.search_id = searched(
            SearchMade(
                text=text,
                types=tuple(kind.name for kind in chosen),
                filters=filters,
                sort=sort,
                page=page,
                total=page_found.total,
                suggestion=page_found.suggestion,
                took_ms=(time.perf_counter() - started) * 1000,
            )
        )
    return page_found


def present(page: SearchPage) -> list[dict]:
    """The items of a result page: type, id, score, snippets and each type's own summary."""
    listings = current_listings(page)
    return [
        {
            "type": hit.type,
            "id": hit.id,
            "score": hit.score,
            "highlights": page.snippets.get((hit.type, hit.id), {}),
            "document": listings[(hit.type, hit.id)],
        }
        for hit in page.hits
        if (hit.type, hit.id) in listings  # deleted since the index saw it
    ]


def listing_page(text: str, *, page: int, per_page: int, **options: Any) -> dict[str, Any]:
    """A page of listings for `text` in the {"items", "meta"} envelope; `options` are `search`'s.

    The engine matches, filters, sorts, counts and pages; the items are each type's listing
    (see `current_listings`). With `with_facets`, the envelope holds the facet counts too.
    """
    options.setdefault("with_facets", False)
    results = search(text, page=page, per_page=per_page, with_snippets=False, **options)
    envelope: dict[str, Any] = {
        "items": _in_hit_order(results.hits, current_listings(results)),
        "meta": page_meta(page, per_page, results.total),
    }
    if options["with_facets"]:
        envelope["facets"] = results.facets
        envelope["flags"] = results.flags
    return envelope


def listing_page_json(text: str, *, page: int, per_page: int, **options: Any) -> str:
    """`listing_page` (without facets) as JSON text: listings that show as stored are spliced
    in as the index holds them, not parsed and encoded again."""
    results = search(
        text, page=page, per_page=per_page, with_snippets=False, with_facets=False, **options
    )
    meta = json.dumps(page_meta(page, per_page, results.total))
    if not all(document_type(hit.type).present is as_stored for hit in results.hits):
        items = _in_hit_order(results.hits, current_listings(results))
        return f'{{"items":{json.dumps(items, ensure_ascii=False)},"meta":{meta}}}'
    spliced = ",".join(_in_hit_order(results.hits, current_listing_texts(results)))
    return f'{{"items":[{spliced}],"meta":{meta}}}'


def _in_hit_order(hits: list[Hit], by_key: Mapping[tuple[str, int], T]) -> list[T]:
    """The values of `by_key` in the order of `hits` (a hit deleted since: left out)."""
    return [by_key[key] for hit in hits if (key := (hit.type, hit.id)) in by_key]


def suggest(prefix: str, *, types: list[str] | None = None) -> list[str]:
    """Up to 10 completions of what was typed, in context and typo-tolerant (public words only)."""
    chosen = _chosen_types(types, {}, None)
    return engine().backend.suggest(chosen, prefix[:MAX_QUERY_CHARS], utcnow(), MAX_COMPLETIONS)


def suggested_documents(
    completion: str, *, types: list[str] | None = None, filters: dict[str, Any] | None = None
) -> list[dict]:
    """The best few products and articles for a completion, as the search box lists them
    (each type's `brief`: title, and a picture, price or date); `filters` narrow only the types
    that declare them."""
    page = search(
        completion,
        types=types,
        applicable_filters=filters,
        per_page=MAX_SUGGESTED_DOCUMENTS,
        with_snippets=False,
        with_facets=False,
        every_word=True,
    )
    return [
        {
            "type": item["type"],
            "id": item["id"],
            "slug": item["document"].get("slug"),
            **document_type(item["type"]).brief(item["document"]),
        }
        for item in present(page)
    ]


def page_of_rows(
    model, text: str, *, page: int, per_page: int, load_options=(), **options: Any
) -> dict[str, Any]:
    """A page of `model` rows for `text`: the engine matches and ranks, the database supplies the
    rows (loaded with `load_options`). `options` are `search`'s."""
    results = search(
        text,
        page=page,
        per_page=per_page,
        with_snippets=False,
        with_listings=False,
        with_facets=False,
        **options,
    )
    ids = [hit.id for hit in results.hits]
    return page_of_ids(model, ids, results.total, page, per_page, *load_options)


def reindex(types: list[str] | None = None) -> dict[str, int]:
    """Rebuild the indexes of `types` (default: all) from the database; counts per type."""
    return engine().backend.reindex(_chosen_types(types, {}, None))


@contextmanager
def bulk_writing(session: Session) -> Iterator[None]:
    """Write many small transactions in `session` without indexing each: its commits leave
    their documents to the drainers of other processes (this one's pauses meanwhile), and what
    is still pending at the end is indexed then, in large batches."""
    defer_indexing(session)
    engine().bulk_writers += 1
    try:
        yield
    finally:
        engine().bulk_writers -= 1
        catch_up()


def catch_up(lock_timeout: float = 10.0) -> int:
    """Index every pending change now, waiting up to `lock_timeout` s for the index; how many.

    Never raises: what could not be indexed stays pending for the drainers. (The PostgreSQL
    backend indexes in each writer's transaction: nothing is ever pending.)
    """
    if engine().postgres:
        return 0
    return indexer.drain_quietly(engine().store, lock_timeout, state=engine().drain_state)


def _chosen_types(types: list[str] | None, filters: dict, sort: str | None) -> list:
    known = {kind.name: kind for kind in document_types()}
    if types:
        unknown = [name for name in types if name not in known]
        if unknown:
            raise _invalid("type", f"Unknown type: {', '.join(unknown)}.")
        chosen = [known[name] for name in types]
        for kind in chosen:
            foreign = set(filters) - kind.filter_args()
            if foreign:
                raise _invalid(sorted(foreign)[0], f"Does not apply to {kind.name}.")
    else:
        chosen = [kind for kind in known.values() if set(filters) <= kind.filter_args()]
    if sort not in (None, "relevance", "newest"):
        chosen = [kind for kind in chosen if sort in kind.sorts]
        if not chosen:
            raise _invalid("sort", f"No chosen type can be sorted by {sort}.")
    return chosen


def _check_status(chosen: list[DocumentType], staff: bool, status: str | None) -> None:
    if status is None:
        return
    if not any(status in kind.statuses for kind in chosen):
        raise _invalid("status", f"No chosen type has the status {status}.")
    if not staff and not any(status in kind.public_statuses for kind in chosen):
        raise Problem(
            403, "Only editors and admins may search unpublished items.", kind="forbidden"
        )


def _matched(results) -> str | None:
    matched = {result.matched for result in results if result.total and result.matched}
    return "all" if "all" in matched else next(iter(matched), None)


def _invalid(name: str, message: str) -> Problem:
    return validation_problem({name: [message]})
