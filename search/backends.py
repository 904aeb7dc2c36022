"""The engine interface search's service calls, and the Whoosh backend behind it (the default).

A backend finds a page of hits for some document types (`find`), completes what was typed
(`suggest`), rebuilds, verifies and repairs its indexes (what `flask search reindex|verify`
run), and says when a cache of results must change (`state`) and when the next scheduled
document goes live (`next_publication`). The PostgreSQL backend (`search.pg.backend`)
implements the same methods over the database.
"""

from collections.abc import Callable, Hashable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import numpy as np

from search import indexer, querying, snippets, spelling
from search.outbox import STALE_CHECK_MAX, pending_now
from search.querying import Hit, SearchRequest, TypeResult
from search.registry import DocumentType, document_type
from search.store import IndexStore
from search.tables import IndexView
from search.upkeep import Drift, Progress

RequestFor = Callable[[dict[int, str], Mapping], SearchRequest]


@dataclass
class Found:
    """What a backend found: each type's result, the page's hits, their snippets and stored
    listings (JSON text), the corrections made, and the documents the index may be behind on."""

    results: list[TypeResult]
    hits: list[Hit]
    corrections: dict[int, str] = field(default_factory=dict)
    snippets: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    listings: dict[tuple[str, int], str] = field(default_factory=dict)
    # Per type, ids with a change not indexed yet ({} when none can be; None: too many to read).
    pending: Mapping[str, list[int]] | None = None


class Backend(Protocol):
    """What search's service needs of an engine."""

    def find(
        self,
        chosen: list[DocumentType],
        request_for: RequestFor,
        *,
        correct: bool,
        start: int,
        stop: int,
        with_snippets: bool,
        with_listings: bool,
    ) -> Found:
        """Hits `start` to `stop` of `chosen` for the request `request_for(corrections,
        hidden)` builds, merged across types."""

    def suggest(self, chosen: list[DocumentType], typed: str, now: datetime, limit: int) -> list:
        """Completions of the last word typed."""

    def reindex(
        self, chosen: list[DocumentType], progress: Progress | None = None
    ) -> dict[str, int]:
        """Rebuild the indexes of `chosen` from the database; documents per type."""

    def outdated(self, chosen: list[DocumentType]) -> list[DocumentType]:
        """Those of `chosen` whose index another version of this code built (or none built)."""

    def verify(self, kind: DocumentType) -> Drift:
        """Every difference between `kind`'s index and the database."""

    def repair(self, drift: Drift) -> None:
        """Index again the documents `drift` names, as the database holds them now."""

    def state(self, chosen: list[DocumentType]) -> Hashable:
        """A value that changes whenever anything indexed for `chosen` does."""

    def next_publication(self, chosen: list[DocumentType], after: datetime) -> datetime | None:
        """When the first document of `chosen` scheduled after `after` goes public."""


class WhooshBackend:
    """Whoosh indexes on this host's disk, fed from the outbox (see `search.store`)."""

    def __init__(self, store: IndexStore, lock_timeout: float) -> None:
        self.store = store
        self.lock_timeout = lock_timeout

    def find(
        self,
        chosen: list[DocumentType],
        request_for: RequestFor,
        *,
        correct: bool,
        start: int,
        stop: int,
        with_snippets: bool,
        with_listings: bool,
    ) -> Found:
        """See `Backend.find`: matched in NumPy over each type's index view."""
        with ExitStack() as stack:
            views = {kind.name: stack.enter_context(self.store.view(kind)) for kind in chosen}
            pending = pending_now(list(views))
            complete = sum(map(len, pending.values())) < STALE_CHECK_MAX
            return find_in_views(
                views,
                request_for,
                correct=correct,
                start=start,
                stop=stop,
                with_snippets=with_snippets,
                with_listings=with_listings,
                pending=pending,
                complete=complete,
            )

    def suggest(self, chosen: list[DocumentType], typed: str, now: datetime, limit: int) -> list:
        """See `Backend.suggest`."""
        with ExitStack() as stack:
            views = [stack.enter_context(self.store.view(kind)) for kind in chosen]
            return spelling.completions(views, typed, now, limit)

    def reindex(
        self, chosen: list[DocumentType], progress: Progress | None = None
    ) -> dict[str, int]:
        """See `Backend.reindex`: new directories swapped in, then what waits is drained."""
        rebuilt = indexer.rebuild_indexes(self.store, chosen, progress=progress)
        counts = {kind.name: count for kind, count in rebuilt}
        indexer.drain_quietly(self.store, self.lock_timeout)
        return counts

    def outdated(self, chosen: list[DocumentType]) -> list[DocumentType]:
        """See `Backend.outdated`: by the format each index directory records."""
        return [kind for kind in chosen if self.store.is_outdated(kind)]

    def verify(self, kind: DocumentType) -> Drift:
        """See `Backend.verify`: each indexed document's digest against the database's."""
        return indexer.verify(self.store, kind)

    def repair(self, drift: Drift) -> None:
        """See `Backend.repair`: written again under the index lock (an update replaces every
        copy; a document the database no longer has is deleted)."""
        indexer.repair(self.store, drift)

    def state(self, chosen: list[DocumentType]) -> Hashable:
        """See `Backend.state`: each index's directory and generation."""
        return tuple(self.store.state(kind) for kind in chosen)

    def next_publication(self, chosen: list[DocumentType], after: datetime) -> datetime | None:
        """See `Backend.next_publication`, by the indexes."""
        with ExitStack() as stack:
            views = [stack.enter_context(self.store.view(kind)) for kind in chosen]
            moments = [m for view in views if (m := view.next_publication(after)) is not None]
        return datetime.fromtimestamp(min(moments), UTC) if moments else None


def find_in_views(
    views: dict[str, IndexView],
    request_for: RequestFor,
    *,
    correct: bool,
    start: int,
    stop: int,
    with_snippets: bool,
    with_listings: bool,
    pending: Mapping[str, list[int]],
    complete: bool = True,
) -> Found:
    """See `Backend.find`, over open views whose index may be behind on the `pending` documents
    (unless `complete`, only some of them: the page's hits are then checked too)."""
    bare = request_for({}, {})
    corrections = (
        spelling.corrections(list(views.values()), bare.parsed, bare.now)
        if bare.parsed.clauses and correct
        else {}
    )
    stale = {} if bare.staff else _withdrawn(views, pending, bare.now)
    request = request_for(corrections, stale)
    results = [querying.run(view, request) for view in views.values()]
    hits = querying.merged_hits([result.ranked for result in results], start, stop)
    if not bare.staff and not complete:
        hits = _still_public(hits)
    terms = frozenset().union(*(result.terms for result in results))
    stored = {
        (hit.type, hit.id): views[hit.type].searcher.stored_fields(hit.docnum)
        for hit in (hits if with_snippets else [])
    }
    listings = {
        (hit.type, hit.id): views[hit.type].listing(hit.docnum)
        for hit in (hits if with_snippets or with_listings else [])
    }
    return Found(
        results=results,
        hits=hits,
        corrections=corrections,
        snippets={
            key: snippets.snippets(document_type(key[0]), fields, terms)
            for key, fields in stored.items()
        },
        listings=listings,
        pending=pending if complete else None,
    )


def _withdrawn(views: dict, pending: Mapping[str, list[int]], now) -> dict[str, np.ndarray]:
    """Per type, documents the index shows as public but the database no longer does.

    Every change writes an outbox row in its own transaction, so only documents with pending
    rows can be stale: those that still look public are checked against the database, and
    the ones it hides are left out of results, totals and facets alike.
    """
    hidden = {}
    for name, ids in pending.items():
        view = views[name]
        suspects = np.flatnonzero(np.isin(view.keys, ids) & view.visible(False, None, now))
        if len(suspects):
            keys = view.keys[suspects]
            public = view.document_type.public_ids(keys.tolist())
            hidden[name] = np.zeros(view.size, dtype=bool)
            hidden[name][suspects[~np.isin(keys, list(public))]] = True
    return hidden


def _still_public(hits: list[Hit]) -> list[Hit]:
    """The hits the database still shows the public: a stale index can omit, never expose.

    Needed only when there were too many pending documents to check them all: otherwise every
    document the index may be wrong about was checked before matching (`_withdrawn`).
    """
    allowed = {
        name: document_type(name).public_ids([hit.id for hit in hits if hit.type == name])
        for name in {hit.type for hit in hits}
    }
    return [hit for hit in hits if hit.id in allowed[hit.type]]
