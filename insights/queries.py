"""What the insights show, read from each query's daily counts: the queries by what happened to
them, and the days of a period."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, func, select

from core.extensions import db
from insights.models import SearchQueryDay

PERIODS = (7, 30, 90)  # days the insights offer
ROWS = 50  # queries a table lists


@dataclass(frozen=True)
class QueryCounts:
    """One query's searches over a period, and what became of them."""

    query: str
    searches: int
    zero_results: int
    with_results: int
    corrected: int
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


def period_start(days: int) -> date:
    """The first day (UTC) of the last `days` days, today included."""
    return datetime.now(UTC).date() - timedelta(days=days - 1)


_SUMS = {
    name: func.sum(getattr(SearchQueryDay, name)).label(name)
    for name in ("searches", "zero_results", "with_results", "corrected", "clicks")
}
# Which queries each table lists, and by what it ranks them.
TABLES: dict[str, tuple[ColumnElement | None, ColumnElement]] = {
    "top": (None, _SUMS["searches"]),
    "zero": (_SUMS["zero_results"] > 0, _SUMS["zero_results"]),
    "no-clicks": ((_SUMS["with_results"] > 0) & (_SUMS["clicks"] == 0), _SUMS["with_results"]),
    "corrected": (_SUMS["corrected"] > 0, _SUMS["corrected"]),
}


def query_table(table: str, days: int, limit: int | None = ROWS) -> list[QueryCounts]:
    """The queries of `table` ("top", "zero", "no-clicks", "corrected") over the last `days`
    days, most first (then alphabetically); all of them when `limit` is None."""
    having, rank = TABLES[table]
    statement = (
        select(SearchQueryDay.query, *_SUMS.values())
        .where(SearchQueryDay.day >= period_start(days))
        .group_by(SearchQueryDay.query)
        .order_by(rank.desc(), SearchQueryDay.query)
        .limit(limit)
    )
    if having is not None:
        statement = statement.having(having)
    return [QueryCounts(*row) for row in db.session.execute(statement)]


def daily_counts(days: int) -> list[DayCounts]:
    """Every day of the last `days` days, oldest first (days without searches count zero)."""
    start = period_start(days)
    statement = (
        select(
            SearchQueryDay.day,
            _SUMS["searches"],
            _SUMS["zero_results"],
            _SUMS["clicks"],
        )
        .where(SearchQueryDay.day >= start)
        .group_by(SearchQueryDay.day)
    )
    found = {row.day: row for row in db.session.execute(statement)}
    every_day = [start + timedelta(days=n) for n in range(days)]
    return [DayCounts(day, *(found[day][1:] if day in found else (0, 0, 0))) for day in every_day]
