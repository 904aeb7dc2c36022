"""Each query's and each day's counts, kept in the same transaction as the log rows they count,
so the insights read a row per query and day (and per day) instead of every search."""

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from insights.models import COUNTS, SearchLogDay, SearchLogEntry, SearchQueryDay


def count_into_days(
    session: Session,
    searches: list[dict],
    clicked: list[tuple[date, str]],
    declined: list[tuple[date, str]],
) -> None:
    """Add a batch of new search rows, and the (day, query) of each search a result was opened
    from or whose correction was refused, to their queries' and days' counts."""
    counts: dict[tuple[date, str], Counter] = defaultdict(Counter)
    for row in searches:
        counted = counts[(row["searched_at"].date(), row["query"])]
        counted["searches"] += 1
        counted["zero_results" if row["results"] == 0 else "with_results"] += 1
        counted["corrected"] += row["correction"] is not None
    for key in clicked:
        counts[key]["clicks"] += 1
    for key in declined:
        counts[key]["declined"] += 1
    by_day: dict[tuple[date], Counter] = defaultdict(Counter)
    for (day, _), counted in counts.items():
        by_day[(day,)].update(counted)
    if counts:
        add_counts(session, SearchQueryDay, ("day", "query"), counts)
        add_counts(session, SearchLogDay, ("day",), by_day)


def searches_by_id(session: Session, ids: set[int]) -> dict[int, tuple[date, str]]:
    """The (day, query) of each logged search among `ids` (those written so far)."""
    if not ids:
        return {}
    statement = select(SearchLogEntry.id, SearchLogEntry.searched_at, SearchLogEntry.query)
    return {
        row.id: (row.searched_at.date(), row.query)
        for row in session.execute(statement.where(SearchLogEntry.id.in_(ids)))
    }


def mark_declined(session: Session, search_ids: list[int]) -> list[tuple[date, str]]:
    """Mark the corrected searches among `search_ids` as declined; the (day, query) of each one
    marked now (a search declined twice, or never corrected, counts no more)."""
    if not search_ids:
        return []
    marked = session.execute(
        update(SearchLogEntry)
        .where(SearchLogEntry.id.in_(set(search_ids)))
        .where(SearchLogEntry.correction.is_not(None))
        .where(SearchLogEntry.correction_declined.is_(False))
        .values(correction_declined=True)
        .returning(SearchLogEntry.searched_at, SearchLogEntry.query)
    )
    return [(row.searched_at.date(), row.query) for row in marked]


def add_counts(
    session: Session,
    table: type,
    keys: tuple[str, ...],
    counts: Mapping[tuple, Counter],
    columns: tuple[str, ...] = COUNTS,
) -> None:
    """Insert a row of `table` for each key of `counts` (the values of its `keys` columns) with
    its counts of `columns`, or add them to the row there (concurrent writers queue on the
    row, in one order: no deadlock)."""
    statement = _insert(session.get_bind().dialect.name, table)
    upsert = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: getattr(table, name) + statement.excluded[name] for name in columns},
    )
    rows = [
        {**dict(zip(keys, key, strict=True)), **{name: counted[name] for name in columns}}
        for key, counted in sorted(counts.items())
    ]
    session.execute(upsert, rows)


def _insert(dialect: str, table: type) -> postgresql.Insert | sqlite.Insert:
    """An INSERT of counts that can add to a row already there (on either database)."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
