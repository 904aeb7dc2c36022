"""Revision rows: a one-row table whose number moves with every write to what it stands for.

Caches keep the revision they were computed at and rebuild once it moved; the number moves in
the writing transaction, so a reader that sees it move also sees the new rows.
"""

from sqlalchemy import Connection, Table, insert, update

ROW_ID = 1


def bump_revision_row(connection: Connection, table: Table) -> None:
    """Move `table`'s revision on within `connection`'s transaction (writers queue here)."""
    moved = connection.execute(
        update(table).where(table.c.id == ROW_ID).values(revision=table.c.revision + 1)
    )
    if moved.rowcount == 0:
        connection.execute(insert(table).values(id=ROW_ID, revision=1))
