"""The search outbox: a row per changed document id, written in the same transaction as the change.

An `after_flush` hook on the app's sessions turns every insert, update and delete of a watched
model into outbox rows on the flushing connection, so they commit or roll back with the change
itself: a rolled-back transaction leaves nothing to index. The session also remembers which
documents it queued (up to the engine's bound), so that after the commit the engine indexes just
those (see `search.indexer`) and leaves everything else to the background drainer. With the
PostgreSQL backend no outbox row is written: the session notes the documents, and they are
indexed in the same transaction, before it commits (see `search.pg.writing`).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import (
    BigInteger,
    Index,
    Integer,
    Select,
    String,
    bindparam,
    func,
    insert,
    inspect,
    literal,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, mapped_column
from sqlalchemy.sql.dml import UpdateBase

from core.clock import utcnow
from core.extensions import Model, db
from core.hot_reads import hot_read
from core.models import UTCDateTime, table_of
from core.session_events import on_session_event
from search.pg.writing import forget_changes, index_changes, note_changes
from search.registry import document_types

QUEUED = "search_outbox_queued"
DEFERRED = "search_outbox_deferred"
PENDING_NOW = "search_pending_now"
STALE_CHECK_MAX = 10_000  # pending documents checked against the database per search


class SearchOutbox(Model):
    """A document whose index entry must be brought up to date with the database."""

    __tablename__ = "search_outbox"
    # Drains delete the rows they read by id, so an id must never come back: SQLite would reuse
    # the highest id once deleted unless AUTOINCREMENT is on (PostgreSQL never reuses them).
    __table_args__ = (
        Index("ix_search_outbox_doc_type_id", "doc_type", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    doc_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass
class QueuedChanges:
    """The documents one transaction queued, as far as `limit` ids; `overflow` if it queued more."""

    limit: int
    ids: dict[str, set[int]] = field(default_factory=dict)
    overflow: bool = False

    def add(self, name: str, doc_ids: Iterable[int]) -> None:
        """Remember `doc_ids` of type `name`, or as many as fit (then it overflows)."""
        known = self.ids.setdefault(name, set())
        fresh = sorted(set(doc_ids) - known)
        room = self.room()
        known.update(fresh[:room])
        self.overflow = self.overflow or len(fresh) > room

    def room(self) -> int:
        """How many more ids fit."""
        return max(self.limit - sum(map(len, self.ids.values())), 0)


PENDING_AMONG = select(SearchOutbox.doc_id).where(
    SearchOutbox.doc_type == bindparam("doc_type"),
    SearchOutbox.doc_id.in_(bindparam("doc_ids", expanding=True)),
)
# Every search and listing reads the pending documents: a prebuilt Core statement skips the
# ORM's per-statement work.
PENDING = (
    select(SearchOutbox.doc_type, SearchOutbox.doc_id)
    .where(SearchOutbox.doc_type.in_(bindparam("doc_types", expanding=True)))
    .distinct()
    .limit(bindparam("limit", type_=Integer))
)


def pending_among(doc_type: str, doc_ids: list[int]) -> list[int]:
    """Which of `doc_ids` (of type `doc_type`) have a change the index has not taken in yet."""
    if not doc_ids:
        return []
    found = db.session.connection().scalars(
        PENDING_AMONG, {"doc_type": doc_type, "doc_ids": doc_ids}
    )
    return sorted(set(found))


def pending_doc_ids(doc_types: list[str], limit: int) -> dict[str, list[int]]:
    """Up to `limit` (type, id) pairs of documents whose index entry may be out of date.

    A hot read with a prebuilt Core statement: every listing and search pays it.
    """
    rows = hot_read(PENDING, {"doc_types": doc_types, "limit": limit})
    pending: dict[str, list[int]] = defaultdict(list)
    for doc_type, doc_id in rows:
        pending[doc_type].append(doc_id)
    return pending


def pending_now(doc_types: list[str]) -> Mapping[str, list[int]]:
    """Up to STALE_CHECK_MAX pending documents of `doc_types`, read once per request for the
    same types (a listing's cache key and its search share the read); a change queued in the
    request reads them again."""
    if not has_request_context():
        return pending_doc_ids(doc_types, STALE_CHECK_MAX)
    memo = g.setdefault(PENDING_NOW, {})
    key = tuple(sorted(doc_types))
    if key not in memo:
        memo[key] = pending_doc_ids(doc_types, STALE_CHECK_MAX)
    return memo[key]


def track_changes(app: Flask) -> None:
    """Queue and index the changes made in `app`'s sessions."""
    on_session_event(app, "after_flush", _enqueue_changes)
    on_session_event(app, "do_orm_execute", _enqueue_bulk_write)
    on_session_event(app, "after_commit", _drain_after_commit)
    on_session_event(app, "after_soft_rollback", _forget_pending)
    if app.config["SEARCH_BACKEND"] == "postgres":
        on_session_event(app, "before_commit", index_changes)


def _enqueue_changes(session: Session, flush_context) -> None:
    changed = [
        *session.new,
        *session.deleted,
        *(instance for instance in session.dirty if session.is_modified(instance)),
    ]
    _enqueue(session, changed)


def _enqueue_bulk_write(state: ORMExecuteState) -> None:
    """Queue the documents an UPDATE or DELETE statement run through a session changes.

    The rows it will touch (by its WHERE clause, or by primary key for a bulk update from a
    list of rows) are read first, in the same transaction, and queued as if each had been
    changed one by one (an update that moves a row to another parent queues the old one).
    """
    if not (state.is_update or state.is_delete):
        return
    statement = cast(UpdateBase, state.statement)
    table = getattr(getattr(statement, "table", None), "name", None)
    watched = {watch.model for kind in document_types() for watch in kind.watches}
    for model in (model for model in watched if table_of(model).name == table):
        where = getattr(statement, "whereclause", None)
        rows = state.parameters
        if where is None and isinstance(rows, list):
            mapper: Mapper = inspect(model)
            key = mapper.primary_key[0]
            attribute = mapper.get_property_by_column(key).key
            where = key.in_([row[attribute] for row in rows])
        touched: Select = select(model) if where is None else select(model).where(where)
        _enqueue(state.session, list(state.session.scalars(touched)))


def _enqueue(session: Session, changed: list) -> None:
    """Write outbox rows for the documents the `changed` instances affect, and remember them."""
    if not changed:
        return
    if has_request_context():
        g.pop(PENDING_NOW, None)
    ids: dict[str, set[int]] = defaultdict(set)
    statements: list[tuple[str, Select]] = []
    for kind in document_types():
        for watch in kind.watches:
            for instance in changed:
                if isinstance(instance, watch.model):
                    affected = watch.ids(instance)
                    if isinstance(affected, Select):
                        statements.append((kind.name, affected))
                    else:
                        ids[kind.name].update(i for i in affected if i is not None)
    if not any(ids.values()) and not statements:
        return
    if current_app.extensions["search"].postgres:  # indexed before this transaction commits
        note_changes(session, ids, statements)
        return
    queued = session.info.setdefault(QUEUED, QueuedChanges(_commit_bound(session)))
    table = table_of(SearchOutbox)
    connection = session.connection()
    rows = [
        {"doc_type": name, "doc_id": i, "created_at": utcnow()} for name in ids for i in ids[name]
    ]
    if rows:
        connection.execute(insert(table), rows)
    for name in ids:
        queued.add(name, ids[name])
    for name, statement in statements:
        source = statement.add_columns(literal(name), literal(utcnow(), UTCDateTime))
        connection.execute(insert(table).from_select(["doc_id", "doc_type", "created_at"], source))
        few = _ids_if_few(connection, statement, queued.room())
        if few is None:
            queued.overflow = True
        else:
            queued.add(name, few)


def _commit_bound(session: Session) -> int:
    """How many documents the engine indexes right after a commit (0 when it does not)."""
    engine = current_app.extensions["search"]
    if session.info.get(DEFERRED) or not engine.drain_on_commit:
        return 0
    return engine.commit_index_max


def defer_indexing(session: Session) -> None:
    """Leave the changes `session` commits to the drainers instead of indexing each commit's
    own: a bulk writer's many small commits then reach the index in large batches."""
    session.info[DEFERRED] = True


def _ids_if_few(connection: Connection, statement: Select, room: int) -> list[int] | None:
    """The ids `statement` selects if there are at most `room`, else None (reading no more)."""
    if room <= 0:
        return None
    found = connection.scalars(select(statement.subquery()).limit(room + 1)).all()
    return None if len(found) > room else list(found)


def _drain_after_commit(session: Session) -> None:
    queued = session.info.pop(QUEUED, None)
    # A deferring writer's changes wait for the drainers' next look (those of other processes,
    # while this one is busy writing), rather than waking this process's own every commit.
    if queued is not None and not session.info.get(DEFERRED):
        current_app.extensions["search"].after_commit(queued)


def _forget_pending(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(QUEUED, None)
        forget_changes(session)


@dataclass(frozen=True)
class Backlog:
    """How many changes wait to be indexed (counted no further than a cap) and since when."""

    waiting: int
    more_than: bool  # the count stopped at the cap
    oldest: datetime | None


def backlog(cap: int = 10_000) -> Backlog:
    """The outbox's backlog, cheap however long it has grown."""
    capped = select(SearchOutbox.id).limit(cap + 1).subquery()
    waiting = db.session.scalar(select(func.count()).select_from(capped)) or 0
    oldest = db.session.scalar(select(func.min(SearchOutbox.created_at)))
    return Backlog(min(waiting, cap), waiting > cap, oldest)
