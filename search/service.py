"""The search service: query several document types, merge, paginate, suggest completions.

This is the layer routes, other domains and benchmarks call; it needs an app context.
"""

import heapq
from bisect import bisect_left
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from core.clock import utcnow
from core.problems import Problem
from search import indexer, querying, snippets, spelling
from search.analysis import MAX_QUERY_CHARS, parse_query, plain_words
from search.querying import Hit, SearchRequest
from search.registry import DocumentType, document_type, document_types

MAX_COMPLETIONS = 10


@dataclass
class SearchPage:
    """One page of merged results with its facets and the "did you mean" suggestion."""

    hits: list[Hit]
    total: int
    facets: dict[str, list[dict]] = field(default_factory=dict)
    suggestion: str | None = None
    matched: str | None = None
    snippets: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)


def engine():
    """The app's search engine (see `search.init_app`)."""
    return current_app.extensions["search"]


def search(
    text: str = "",
    *,
    types: list[str] | None = None,
    filters: dict[str, Any] | None = None,
    sort: str | None = None,
    page: int = 1,
    per_page: int = 20,
    staff: bool = False,
    status: str | None = None,
    with_snippets: bool = True,
) -> SearchPage:
    """Search `types` (default: every type that understands `filters`) for `text`.

    `filters` are the listing arguments (keyword slugs as lists, range bounds, flags); `sort` is
    "relevance" (the default when there is text), "newest" (the default otherwise) or a sort the
    types declare. Raises Problem 403/422 for statuses or filters the caller may not use.
    """
    filters = {name: value for name, value in (filters or {}).items() if value not in (None, [])}
    status = None if status is None else str(status)
    chosen = _chosen_types(types, filters, sort)
    _check_status(chosen, staff, status)
    request = SearchRequest(
        parsed=parse_query(text),
        filters=filters,
        sort=sort or ("relevance" if text and text.strip() else "newest"),
        limit=page * per_page,
        staff=staff,
        status=status,
        now=utcnow(),
    )
    with ExitStack() as stack:
        views = {kind.name: stack.enter_context(engine().store.view(kind)) for kind in chosen}
        results = [querying.run(view, request) for view in views.values()]
        merged = heapq.nsmallest(
            request.limit,
            (hit for result in results for hit in result.hits),
            key=lambda hit: (hit.order, hit.type),
        )
        hits = merged[(page - 1) * per_page :]
        terms = frozenset().union(*(result.terms for result in results))
        highlighted = {
            (hit.type, hit.id): snippets.snippets(views[hit.type], hit.docnum, terms)
            for hit in hits
            if with_snippets
        }
    return SearchPage(
        hits=hits,
        total=sum(result.total for result in results),
        facets={name: values for result in results for name, values in result.facets.items()},
        suggestion=next((result.suggestion for result in results if result.suggestion), None),
        matched=_matched(results),
        snippets=highlighted,
    )


def present(page: SearchPage) -> list[dict]:
    """The items of a result page: type, id, score, snippets and each type's own summary."""
    documents = {
        name: document_type(name).present([hit.id for hit in page.hits if hit.type == name])
        for name in {hit.type for hit in page.hits}
    }
    return [
        {
            "type": hit.type,
            "id": hit.id,
            "score": hit.score,
            "highlights": page.snippets.get((hit.type, hit.id), {}),
            "document": documents[hit.type][hit.id],
        }
        for hit in page.hits
        if hit.id in documents[hit.type]  # deleted since the index saw it
    ]


def suggest(prefix: str, *, types: list[str] | None = None) -> list[str]:
    """Up to 10 completions of the last word of `prefix`, most common first (public documents)."""
    words = plain_words(prefix[:MAX_QUERY_CHARS])
    if not words or prefix[-1:].isspace():
        return []
    head, last = " ".join(words[:-1]), words[-1]
    counts: dict[str, int] = {}
    now = utcnow()
    for kind in _chosen_types(types, {}, None):
        with engine().store.view(kind) as view:
            vocabulary = view.words.vocabulary
            word_counts = spelling.public_word_counts(view, now)
            start, stop = bisect_left(vocabulary, last), bisect_left(vocabulary, last + "\uffff")
            for position in range(start, stop):
                if word_counts[position]:
                    word = vocabulary[position]
                    counts[word] = counts.get(word, 0) + int(word_counts[position])
    best = heapq.nsmallest(MAX_COMPLETIONS, counts, key=lambda word: (-counts[word], word))
    return [f"{head} {word}" if head else word for word in best]


def reindex(types: list[str] | None = None) -> dict[str, int]:
    """Rebuild the indexes of `types` (default: all) from the database; counts per type."""
    counts = {}
    for kind in _chosen_types(types, {}, None):
        total, documents = indexer.documents_of(kind)
        counts[kind.name] = engine().store.rebuild(kind, documents, total)
    indexer.drain_quietly(engine().store, engine().lock_timeout)
    return counts


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
    return Problem(
        422,
        f"The request has invalid fields: {name}.",
        kind="validation-error",
        errors={name: [message]},
    )
