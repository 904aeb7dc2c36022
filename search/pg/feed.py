"""The change log read back: where a type's versions stand, and which documents changed since.

Writers raise a type's version and log the documents they changed under it in their own
transaction (`search.pg.writing.log_changes`), holding the version's row lock until they
commit: versions become visible in order. So one statement that reads the version and the log
rows after some version sees every change up to the version it reports, late commits included.
"""

from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection

from core.models import table_of
from search.pg.models import SearchChange, SearchVersion

VERSIONS = table_of(SearchVersion)
CHANGES = table_of(SearchChange)
# Change rows kept per type (at least): a mirror further behind rebuilds from the database,
# as it would anyway once more documents changed than its keeper applies at once.
KEPT_CHANGES = 100_000


@dataclass(frozen=True)
class Position:
    """Where a type's change log stands: its name, its latest version and the last version
    whose rows may be gone."""

    feed: str
    version: int
    forgotten: int


POSITIONS = select(
    VERSIONS.c.doc_type, VERSIONS.c.feed, VERSIONS.c.version, VERSIONS.c.forgotten
).where(VERSIONS.c.doc_type.in_(bindparam("doc_types", expanding=True)))


def changes_after(
    connection: Connection, name: str, after: int, most: int
) -> tuple[Position | None, list[int]]:
    """Type `name`'s position and the documents changed after version `after` up to it (at
    most `most` + 1 of them, so a caller can tell there are more than it takes)."""
    changed = (
        select(CHANGES.c.doc_id)
        .where(
            CHANGES.c.doc_type == VERSIONS.c.doc_type,
            CHANGES.c.version > after,
            CHANGES.c.version <= VERSIONS.c.version,
        )
        .distinct()
        .limit(most + 1)
        .scalar_subquery()
    )
    row = connection.execute(
        select(VERSIONS.c.feed, VERSIONS.c.version, VERSIONS.c.forgotten, func.array(changed))
        .where(VERSIONS.c.doc_type == name)
        .correlate(VERSIONS)
    ).first()
    if row is None:
        return None, []
    feed, version, forgotten, ids = row
    return Position(feed, version, forgotten), sorted(ids)


def prune(connection: Connection, name: str, kept: int) -> int:
    """Delete type `name`'s change rows but the latest `kept` (whole versions); how many."""
    cut = connection.scalar(
        select(CHANGES.c.version)
        .where(CHANGES.c.doc_type == name)
        .order_by(CHANGES.c.version.desc())
        .offset(kept)
        .limit(1)
    )
    if cut is None:
        return 0
    connection.execute(
        update(VERSIONS)
        .where(VERSIONS.c.doc_type == name, VERSIONS.c.forgotten < cut)
        .values(forgotten=cut)
    )
    pruned = connection.execute(
        delete(CHANGES).where(CHANGES.c.doc_type == name, CHANGES.c.version <= cut)
    )
    return pruned.rowcount
