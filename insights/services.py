"""Writes of the search log: a batch of queued rows in one transaction, and pruning old rows."""

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import cast

from flask import current_app
from sqlalchemy import CursorResult, Result, delete, insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.extensions import db
from insights.models import (
    SearchClick,
    SearchLogDay,
    SearchLogEntry,
    SearchLogGap,
    SearchQueryDay,
)
from insights.recording import DECLINE, EXTENSION
from insights.rollup import add_counts, count_into_days, mark_declined, searches_by_id

RETRIES = 5  # flushes a click or decline waits for its search (written by another worker)
ATTEMPTS = "attempts"  # how many flushes a queued click or decline has waited so far


def flush() -> int:
    """Write this process's queued rows (and the count of any it dropped); how many were written.

    A result opened, or a correction refused, from a search another worker has not written yet
    waits for it a few flushes (RETRIES). Never raises: a batch the database refuses is dropped
    and counted instead.
    """
    search_log = current_app.extensions[EXTENSION]
    rows, dropped = search_log.take()
    if not rows and not dropped:
        return 0
    by_table: dict[type | str, list[dict]] = defaultdict(list)
    for table, row in rows:
        by_table[table].append(row)
    searches, later = by_table[SearchLogEntry], []
    try:
        with Session(db.engine) as session, session.begin():
            if searches:
                session.execute(insert(SearchLogEntry), searches)
            follow_ups = by_table[SearchClick] + by_table[DECLINE]
            known = searches_by_id(session, {row["search_id"] for row in follow_ups})
            later = [(t, row) for t in (SearchClick, DECLINE) for row in by_table[t]
                     if row["search_id"] not in known]  # fmt: skip
            clicks = [row for row in by_table[SearchClick] if row["search_id"] in known]
            if clicks:
                session.execute(insert(SearchClick), [_without_attempts(row) for row in clicks])
            declines = [row["search_id"] for row in by_table[DECLINE] if row["search_id"] in known]
            clicked = [known[row["search_id"]] for row in clicks]
            count_into_days(session, searches, clicked, mark_declined(session, declines))
            if dropped:
                _count_gap(session, dropped)
    except SQLAlchemyError as error:
        search_log.lost(len(rows), dropped, error)
        return 0
    search_log.written()
    for table, row in later:
        if row.get(ATTEMPTS, 0) < RETRIES:
            search_log.add(table, {**row, ATTEMPTS: row.get(ATTEMPTS, 0) + 1})
    return len(rows) - len(later)


def _without_attempts(row: dict) -> dict:
    return {name: value for name, value in row.items() if name != ATTEMPTS}


def _count_gap(session: Session, dropped: int) -> None:
    """Add `dropped` to today's count of rows the log lost."""
    today = datetime.now(UTC).date()
    add_counts(session, SearchLogGap, ("day",), {(today,): Counter(dropped=dropped)}, ("dropped",))


def prune(retention_days: int) -> tuple[int, int]:
    """Delete searches and opened results older than `retention_days`; (searches, clicks)."""
    cutoff = datetime.now(UTC) - timedelta(days=retention_days)
    with Session(db.engine) as session, session.begin():
        old_searches = delete(SearchLogEntry).where(SearchLogEntry.searched_at < cutoff)
        old_clicks = delete(SearchClick).where(SearchClick.clicked_at < cutoff)
        searches = _rowcount(session.execute(old_searches))
        clicks = _rowcount(session.execute(old_clicks))
        for daily in (SearchLogGap, SearchQueryDay, SearchLogDay):
            session.execute(delete(daily).where(daily.day < cutoff.date()))
    return searches, clicks


def _rowcount(result: Result) -> int:
    """How many rows an UPDATE or DELETE touched (its result is a cursor's)."""
    return cast(CursorResult, result).rowcount
