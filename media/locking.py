"""One lock between uploads and pruning, so a prune never removes what a live upload uses."""

from sqlalchemy import text

from core.extensions import db

# An arbitrary constant naming the lock on PostgreSQL ("media" in ASCII).
LOCK_KEY = 0x6D65646961


def hold_media_lock(*, exclusive: bool) -> None:
    """Take the lock until the current transaction ends: uploads shared, a prune exclusive."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        connection.execute(text(f"SELECT {function}(:key)"), {"key": LOCK_KEY})
    else:
        # SQLite has one writer at a time: a write statement takes its lock for the transaction.
        connection.execute(text("DELETE FROM media_assets WHERE 0 = 1"))
