"""Bring the index up to the database: drain the outbox, rebuild from scratch, verify and repair.

Draining reads each pending document's state from the database *after* taking the index lock,
so the last database write always wins in the index even when several processes drain at once.
Outbox rows are deleted only after the index commit; a process killed in between leaves rows
that the next drain indexes again (indexing is idempotent). Web workers drain after each commit
that wrote outbox rows, with a short lock timeout, and a background thread per worker picks up
whatever a busy or unwritable index left pending.
"""

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from core.extensions import db
from search.documents import digest
from search.outbox import SearchOutbox
from search.registry import Document, DocumentType, document_types
from search.store import IndexBusy, IndexStore

log = logging.getLogger(__name__)
LOAD_BATCH = 500
DRAIN_BUDGET = 1.0  # seconds a web worker spends draining for others before answering


def has_pending(kind: DocumentType | None = None) -> bool:
    """Whether the outbox holds rows (of `kind`, or of any type)."""
    condition = exists().where(SearchOutbox.doc_type == kind.name) if kind else exists()
    with Session(db.engine) as session:
        return bool(session.scalar(select(condition.select_from(SearchOutbox.__table__))))


def drain(
    store: IndexStore, timeout: float, batch_size: int = LOAD_BATCH, budget: float | None = None
) -> int:
    """Index pending outbox rows until none are left (or `budget` seconds passed); returns how many.

    Whoever holds the lock keeps going while rows arrive, so writers that gave up waiting for
    the lock are covered. Raises IndexBusy when the lock is not free within `timeout`, OSError
    when the index directory cannot be written; the rows then stay pending.
    """
    done = 0
    deadline = None if budget is None else time.monotonic() + budget
    for kind in document_types():
        while has_pending(kind) and (deadline is None or time.monotonic() < deadline):
            row_ids = _drain_batch(store, kind, timeout, batch_size)
            with Session(db.engine) as session, session.begin():
                session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(row_ids)))
            done += len(row_ids)
    return done


def _drain_batch(store: IndexStore, kind: DocumentType, timeout: float, size: int) -> list[int]:
    with store.writing(kind, timeout) as batch, Session(db.engine) as session:
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.doc_id)
            .where(SearchOutbox.doc_type == kind.name)
            .order_by(SearchOutbox.id)
            .limit(size)
        ).all()
        ids = sorted({row.doc_id for row in rows})
        documents = kind.load(session, ids)
        for key in ids:
            batch.put(key, documents.get(key))
    return [row.id for row in rows]


def drain_quietly(store: IndexStore, timeout: float, budget: float | None = None) -> int:
    """Drain, but never raise: a busy or unwritable index only leaves rows for the next drain."""
    try:
        return drain(store, timeout, budget=budget)
    except IndexBusy:
        log.info("search index busy; outbox rows stay pending")
    except Exception:
        log.warning("search outbox drain failed; rows stay pending", exc_info=True)
    return 0


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


@dataclass
class Drift:
    """How one type's index differs from the database."""

    type: str
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)


def verify(store: IndexStore, kind: DocumentType) -> Drift:
    """Compare every document in the index with the database (duplicates count as extra)."""
    with store.view(kind) as view:
        indexed = view.digests()
    seen: dict[int, str] = {}
    drift = Drift(kind.name)
    for key, value in indexed:
        if key in seen:
            drift.extra.append(key)
        seen[key] = value
    _, documents = documents_of(kind)
    for key, document in documents:
        found = seen.pop(key, None)
        if found is None:
            drift.missing.append(key)
        elif found != digest(document):
            drift.stale.append(key)
    drift.extra.extend(seen)
    return drift


def repair(store: IndexStore, drift: Drift, timeout: float = 10.0) -> None:
    """Re-index what `drift` found: current documents written again, vanished ones deleted."""
    kind = next(kind for kind in document_types() if kind.name == drift.type)
    keys = sorted({*drift.missing, *drift.stale, *drift.extra})
    for start in range(0, len(keys), LOAD_BATCH):
        chunk = keys[start : start + LOAD_BATCH]
        with store.writing(kind, timeout) as batch, Session(db.engine) as session:
            documents = kind.load(session, chunk)
            for key in chunk:
                batch.put(key, documents.get(key))  # an update replaces every copy


class BackgroundDrainer:
    """A daemon thread per worker process that retries pending rows every `interval` seconds."""

    def __init__(self, app, interval: float) -> None:
        self._app = app
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="search-drainer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        engine = self._app.extensions["search"]
        with self._app.app_context():
            self._warm_up(engine.store)
        while not self._stop.wait(self._interval):
            with self._app.app_context():
                try:
                    if has_pending():
                        drain_quietly(engine.store, engine.lock_timeout, DRAIN_BUDGET)
                except Exception:
                    log.warning("search background drain failed", exc_info=True)

    @staticmethod
    def _warm_up(store: IndexStore) -> None:
        """Read each index's tables now, so the worker's first search does not wait for it."""
        for kind in document_types():
            try:
                with store.view(kind):
                    pass
            except Exception:
                log.warning("could not open the %s index", kind.name, exc_info=True)

    def stop(self) -> None:
        """Ask the thread to finish after its current round."""
        self._stop.set()
