"""The search outbox: a row per changed document id, written in the same transaction as the change.

A SQLAlchemy `after_flush` hook turns every insert, update and delete of a watched model into
outbox rows on the flushing connection, so they commit or roll back with the change itself: a
rolled-back transaction leaves nothing to index. After a commit that wrote rows, the engine
drains the outbox (see `search.indexer`).
"""

from collections import defaultdict
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import BigInteger, Index, Integer, Select, String, event, insert, literal
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.clock import utcnow
from core.extensions import db
from core.models import UTCDateTime
from search.registry import document_types

PENDING = "search_outbox_pending"


class SearchOutbox(db.Model):
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


def track_changes() -> None:
    """Install the session hooks (once per process)."""
    if not event.contains(Session, "after_flush", _enqueue_changes):
        event.listen(Session, "after_flush", _enqueue_changes)
        event.listen(Session, "after_commit", _drain_after_commit)
        event.listen(Session, "after_soft_rollback", _forget_pending)


def _enqueue_changes(session: Session, flush_context) -> None:
    changed = [
        *session.new,
        *session.deleted,
        *(instance for instance in session.dirty if session.is_modified(instance)),
    ]
    if not changed:
        return
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
    table = SearchOutbox.__table__
    connection = session.connection()
    rows = [
        {"doc_type": name, "doc_id": i, "created_at": utcnow()} for name in ids for i in ids[name]
    ]
    if rows:
        connection.execute(insert(table), rows)
    for name, statement in statements:
        source = statement.add_columns(literal(name), literal(utcnow(), UTCDateTime))
        connection.execute(insert(table).from_select(["doc_id", "doc_type", "created_at"], source))
    if rows or statements:
        session.info[PENDING] = True


def _drain_after_commit(session: Session) -> None:
    if session.info.pop(PENDING, False) and has_app_context():
        current_app.extensions["search"].after_commit()


def _forget_pending(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)
