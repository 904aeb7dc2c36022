"""Writes of the search log: a batch of queued rows in one transaction, and pruning old rows."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import cast

from flask import current_app
from sqlalchemy import CursorResult, Result, delete, insert, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from core.extensions import db
from insights.models import (
    SearchClick,
    SearchLogDay,
    SearchLogEntry,
    SearchLogGap,
    SearchQueryDay,
)
from insights.recording import EXTENSION
from insights.rollup import count_into_days


def flush() -> int:
    """Write this process's queued rows (and the count of any it dropped); how many were written.

    Never raises: a batch the database refuses is dropped and counted instead.
    """
    search_log = current_app.extensions[EXTENSION]
    rows, dropped = search_log.take()
    if not rows and not dropped:
        return 0
    by_table: dict[type, list[dict]] = defaultdict(list)
    for table, row in rows:
        by_table[table].append(row)
    try:
        with Session(db.engine) as session, session.begin():
            for table in (SearchLogEntry, SearchClick):
                if by_table[table]:
                    session.execute(insert(table), by_table[table])
            count_into_days(session, by_table[SearchLogEntry], by_table[SearchClick])
            if dropped:
                _count_gap(session, dropped)
    except SQLAlchemyError as error:
        search_log.lost(len(rows), dropped, error)
        return 0
    search_log.written()
    return len(rows)


def _count_gap(session: Session, dropped: int) -> None:
    """Add `dropped` to today's count of rows the log lost."""
    today = datetime.now(UTC).date()
    if _add_to_day(session, today, dropped):
        return
    try:
        with session.begin_nested():
            session.execute(insert(SearchLogGap).values(day=today, dropped=dropped))
    except IntegrityError:  # another process counted today's first gap meanwhile
        _add_to_day(session, today, dropped)


def _add_to_day(session: Session, day: date, dropped: int) -> bool:
    added = session.execute(
        update(SearchLogGap)
        .where(SearchLogGap.day == day)
        .values(dropped=SearchLogGap.dropped + dropped)
    )
    return _rowcount(added) > 0


def prune(retention_days: int) -> tuple[int, int]:
    """Delete searches and opened results older than `retention_days`; (searches, clicks)."""
    cutoff = datetime.now(UTC) - timedelta(days=retention_days)
    with Session(db.engine) as session, session.begin():
        old_searches = delete(SearchLogEntry).where(SearchLogEntry.searched_at < cutoff)
        old_clicks = delete(SearchClick).where(SearchClick.clicked_at < cutoff)
        searches = _rowcount(session.execute(old_searches))
        clicks = _rowcount(session.execute(old_clicks))
        session.execute(delete(SearchLogGap).where(SearchLogGap.day < cutoff.date()))
        for counts in (SearchQueryDay, SearchLogDay):
            session.execute(delete(counts).where(counts.day < cutoff.date()))
    return searches, clicks


def _rowcount(result: Result) -> int:
    """How many rows an UPDATE or DELETE touched (its result is a cursor's)."""
    return cast(CursorResult, result).rowcount
