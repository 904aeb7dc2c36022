"""Bring the index up to the database: drain the outbox, rebuild from scratch, verify and repair.

Draining reads each pending document's state from the database *after* taking the index lock,
so the last database write always wins in the index even when several processes drain at once.
Outbox rows are deleted only after the index commit; a process killed in between leaves rows
that the next drain indexes again (indexing is idempotent). After a commit, a web worker indexes
only the documents its own transaction queued (a bounded number, with a short lock timeout);
a background thread per worker drains the rest: other processes' rows, what a busy or unwritable
index left pending, and fan-outs too large to index before answering.
"""

import logging
import time
from collections.abc import Iterable, Iterator, Mapping

from flask import current_app
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from core.background import PollingThread
from core.extensions import db
from search.documents import digest
from search.drain_state import DrainState
from search.outbox import SearchOutbox
from search.registry import Document, DocumentType, document_type, document_types
from search.sharing import CATCHING_UP, REFUSED, IndexClaims, IndexShared, Sharing
from search.store import IndexBusy, IndexStore
from search.upkeep import Drift, Progress, compared

log = logging.getLogger(__name__)
LOAD_BATCH = 500
# Pending rows one drain commit takes. A backlog (an import) indexed 500 at a time left 20 small
# segments per 10,000 documents, and merging them took two-thirds as long again as indexing them.
DRAIN_BATCH = 2_000
DRAIN_BUDGET = 1.0  # seconds of one background round, so a huge backlog yields between rounds
PROMPT_RETRY = 0.2  # seconds between background rounds while rows wait and the index takes writes


def has_pending(kind: DocumentType | None = None) -> bool:
    """Whether the outbox holds rows (of `kind`, or of any type)."""
    condition = exists().where(SearchOutbox.doc_type == kind.name) if kind else exists()
    with Session(db.engine) as session:
        return bool(session.scalar(select(condition.select_from(SearchOutbox.__table__))))


def drain(
    store: IndexStore, timeout: float, batch_size: int = DRAIN_BATCH, budget: float | None = None
) -> int:
    """Index pending outbox rows until none are left (or `budget` seconds passed); returns how many.

    Whoever holds the lock keeps going while rows arrive, so writers that gave up waiting for
    the lock are covered. Raises IndexBusy when the lock is not free within `timeout`, OSError
    when the index directory cannot be written, IndexShared when another host's index keeps
    the outbox; the rows then stay pending. An index taking over from another host is first
    brought up to the database.
    """
    standing = claims().require_drain()
    if standing.role == CATCHING_UP:
        _catch_up(store, timeout, standing)
    done = 0
    deadline = None if budget is None else time.monotonic() + budget
    for kind in document_types():
        written = 0
        while has_pending(kind) and (deadline is None or time.monotonic() < deadline):
            written += _drain_batch(store, kind, timeout, batch_size, merge=False)
        if written and not has_pending(kind):
            store.merge_small_segments(kind, timeout)
        done += written
    return done


def drain_documents(store: IndexStore, timeout: float, doc_ids: Mapping[str, Iterable[int]]) -> int:
    """Index the pending rows of just these documents ({type name: ids}); returns how many.

    Rows of other documents stay for the background drainer. Raises like `drain`.
    """
    claims().require_drain()
    done = 0
    for kind in document_types():
        wanted = set(doc_ids.get(kind.name, ()))
        if wanted:
            done += _drain_batch(store, kind, timeout, LOAD_BATCH, wanted)
    return done


def claims() -> IndexClaims:
    """The app's claim on the search outbox for its index (see `search.sharing`)."""
    return current_app.extensions["search"].claims


def _catch_up(store: IndexStore, timeout: float, standing: Sharing) -> None:
    """Bring an index that another host's kept meanwhile up to the database, then say so."""
    assert standing.missed_since is not None  # noqa: S101 (what CATCHING_UP means)
    repaired = 0
    for kind in document_types():
        drift = verify(store, kind)
        repair(store, drift, timeout)
        repaired += drift.count
    claims().caught_up(standing.missed_since)
    log.warning("search index taken over: %d document(s) it had missed re-indexed", repaired)


def _drain_batch(
    store: IndexStore,
    kind: DocumentType,
    timeout: float,
    size: int,
    doc_ids: set[int] | None = None,
    *,
    merge: bool = True,
) -> int:
    """Index up to `size` pending rows of `kind` (of `doc_ids` only, if given), then delete them;
    the commit merges small segments unless `merge` is false."""
    pending = select(SearchOutbox.id, SearchOutbox.doc_id).where(SearchOutbox.doc_type == kind.name)
    if doc_ids is not None:
        pending = pending.where(SearchOutbox.doc_id.in_(doc_ids))
    with store.writing(kind, timeout) as batch, Session(db.engine) as session:
        rows = session.execute(pending.order_by(SearchOutbox.id).limit(size)).all()
        batch.merge = merge
        ids = sorted({row.doc_id for row in rows})
        documents = kind.load(session, ids)
        for key in ids:
            batch.put(key, documents.get(key))
    with Session(db.engine) as session, session.begin():
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([row.id for row in rows])))
    return len(rows)


def drain_quietly(
    store: IndexStore,
    timeout: float,
    budget: float | None = None,
    state: DrainState | None = None,
    only: Mapping[str, Iterable[int]] | None = None,
) -> int:
    """Drain (everything, or the documents `only` names), never raising; `state` records how.

    A busy or unwritable index only leaves rows for the next drain.
    """
    state = state or DrainState()
    try:
        if only is None:
            done = drain(store, timeout, budget=budget)
        else:
            done = drain_documents(store, timeout, only)
    except IndexBusy:
        state.busy()
        return 0
    except IndexShared:
        state.refused()
        return 0
    except Exception as error:  # never fail the caller: the rows stay pending
        state.failed(error)
        return 0
    state.succeeded()
    return done


def documents_of(kind: DocumentType) -> tuple[int, Iterator[tuple[int, Document]]]:
    """How many documents `kind` has, and an iterator over (id, document) read in batches."""
    with Session(db.engine) as session:
        ids = list(kind.all_ids(session))

    def read() -> Iterator[tuple[int, Document]]:
        for start in range(0, len(ids), LOAD_BATCH):
            chunk = ids[start : start + LOAD_BATCH]
            with Session(db.engine) as session:
                documents = kind.load(session, chunk)
            for key in chunk:
                if key in documents:
                    yield key, documents[key]

    return len(ids), read()


def rebuild_indexes(
    store: IndexStore,
    kinds: Iterable[DocumentType],
    *,
    progress: Progress | None = None,
) -> Iterator[tuple[DocumentType, int]]:
    """Rebuild the index of each of `kinds` from the database; yields each type and its count
    once it is swapped in.

    `progress` may wrap each type's documents (given them and their total) to show progress.
    Callers drain the outbox afterwards: writes made during a rebuild wait there.
    """
    for kind in kinds:
        total, documents = documents_of(kind)
        shown = progress(kind, documents, total) if progress else documents
        yield kind, store.rebuild(kind, shown, total)


def verify(store: IndexStore, kind: DocumentType) -> Drift:
    """Compare every document in the index with the database (duplicates count as extra)."""
    with store.view(kind) as view:
        indexed = view.digests()
    return compared(kind.name, indexed, current_digests(kind))


def current_digests(kind: DocumentType) -> Iterator[tuple[int, str]]:
    """(id, digest) of each of `kind`'s documents as the database holds them now."""
    _, documents = documents_of(kind)
    return ((key, digest(document)) for key, document in documents)


def repair(store: IndexStore, drift: Drift, timeout: float = 10.0) -> None:
    """Re-index what `drift` found: current documents written again, vanished ones deleted."""
    kind = document_type(drift.type)
    keys = drift.keys
    for start in range(0, len(keys), LOAD_BATCH):
        chunk = keys[start : start + LOAD_BATCH]
        with store.writing(kind, timeout) as batch, Session(db.engine) as session:
            documents = kind.load(session, chunk)
            for key in chunk:
                batch.put(key, documents.get(key))  # an update replaces every copy


class BackgroundDrainer(PollingThread):
    """A daemon thread per worker process that drains the outbox.

    It checks every `interval` seconds while idle or while the index cannot be written, every
    PROMPT_RETRY seconds while rows wait, and at once when `wake()` is called (by a commit that
    left some of its own changes to it).
    """

    name = "search-drainer"

    def first(self) -> None:
        """Read each index's tables now, so the worker's first search does not wait for it."""
        self._warm_up(self._app.extensions["search"].store)

    def round(self) -> float:
        """Drain what is pending; returns the seconds to wait before the next round."""
        engine = self._app.extensions["search"]
        try:
            return self._drain(engine)
        except Exception as error:  # e.g. the database is down: retry, quietly
            engine.drain_state.failed(error)
            return self._interval

    def _drain(self, engine) -> float:
        if engine.bulk_writers:
            return self._interval
        failures_seen = engine.drain_state.failed_attempts
        standing = engine.claims.sharing()  # also keeps this index's claim alive while idle
        if standing.role == REFUSED:
            return self._interval
        if standing.role != CATCHING_UP and not has_pending():
            # Whoever emptied the outbox could write the index: nothing is failing any more.
            engine.drain_state.succeeded(failures_seen)
            return self._interval
        drain_quietly(engine.store, engine.lock_timeout, DRAIN_BUDGET, state=engine.drain_state)
        if engine.drain_state.last in ("failed", "refused"):
            return self._interval
        return min(PROMPT_RETRY, self._interval)

    @staticmethod
    def _warm_up(store: IndexStore) -> None:
        """Read each index's tables now, so the worker's first search does not wait for it."""
        for kind in document_types():
            try:
                with store.view(kind):
                    pass
            except Exception:
                log.warning("could not open the %s index", kind.name, exc_info=True)
