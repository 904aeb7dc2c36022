"""What the insights show, read from the daily counts the log's writes keep: every query of a
period in one pass (each table picks and ranks its own), and the days of the period."""

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from core.extensions import db
from insights.models import COUNTS, SearchLogDay, SearchQueryDay

PERIODS = (7, 30, 90)  # days the insights offer
ROWS = 50  # queries a table lists on the page


@dataclass(frozen=True)
class QueryCounts:
    """One query's searches over a period, and what became of them."""

    query: str
    searches: int
    zero_results: int
    with_results: int
    corrected: int
    declined: int
    clicks: int

    @property
    def click_rate(self) -> float:
        """Results opened per search that found something."""
        return self.clicks / self.with_results if self.with_results else 0.0


@dataclass(frozen=True)
class DayCounts:
    """All searches of one day."""

    day: date
    searches: int
    zero_results: int
    clicks: int


@dataclass(frozen=True)
class Table:
    """Which queries a table lists, and by what it ranks them (most first)."""

    keeps: Callable[[QueryCounts], bool]
    rank: Callable[[QueryCounts], int]


TABLES = {
    "top": Table(lambda row: True, lambda row: row.searches),
    "zero": Table(lambda row: row.zero_results > 0, lambda row: row.zero_results),
    "no-clicks": Table(
        lambda row: row.with_results > 0 and not row.clicks, lambda row: row.with_results
    ),
    "corrected": Table(lambda row: row.corrected > 0, lambda row: row.corrected),
}


def period_start(days: int) -> date:
    """The first day (UTC) of the last `days` days, today included."""
    return datetime.now(UTC).date() - timedelta(days=days - 1)


def queries_of(days: int) -> list[QueryCounts]:
    """Every query searched in the last `days` days, with its counts summed (one pass)."""
    sums = [func.sum(getattr(SearchQueryDay, name)) for name in COUNTS]
    statement = (
        select(SearchQueryDay.query, *sums)
        .where(SearchQueryDay.day >= period_start(days))
        .group_by(SearchQueryDay.query)
    )
    return [QueryCounts(*row) for row in db.session.execute(statement)]


def ranked(table: str, queries: list[QueryCounts], limit: int | None = ROWS) -> list[QueryCounts]:
    """The queries `table` lists, most first, then alphabetically; all of them without `limit`."""
    chosen = TABLES[table]
    kept = (row for row in queries if chosen.keeps(row))

    def order(row: QueryCounts) -> tuple[int, str]:
        return -chosen.rank(row), row.query

    return heapq.nsmallest(limit, kept, key=order) if limit else sorted(kept, key=order)


def daily_counts(days: int) -> list[DayCounts]:
    """Every day of the last `days` days, oldest first (days without searches count zero)."""
    start = period_start(days)
    statement = select(
        SearchLogDay.day, SearchLogDay.searches, SearchLogDay.zero_results, SearchLogDay.clicks
    ).where(SearchLogDay.day >= start)
    found = {row.day: row for row in db.session.execute(statement)}
    every_day = [start + timedelta(days=n) for n in range(days)]
    return [DayCounts(day, *(found[day][1:] if day in found else (0, 0, 0))) for day in every_day]
