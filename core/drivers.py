"""How the app's engines talk to each database's driver: SQLite's pragmas, and PostgreSQL's own
placeholders so psycopg sends statements as they are.

psycopg turns `%(name)s` placeholders into PostgreSQL's `$1` by scanning each statement, and
caches the result only for statements under 4 KB with at most 50 parameters. A bulk write's
multi-row INSERTs are far larger (an import's 50 products: 40 KB and over 1,000 parameters), so
each was scanned again, a sixth of the time an import spent writing. SQLAlchemy renders `$1`
itself (its `numeric_dollar` style) and psycopg's raw cursors take it unscanned.
"""

from typing import Any

import psycopg
from sqlalchemy import Engine, event, make_url


def engine_options(database_uri: str, options: dict[str, Any]) -> dict[str, Any]:
    """The engine options for `database_uri`: the configured ones over the driver's defaults."""
    if make_url(database_uri).drivername != "postgresql+psycopg":
        return options
    return {"paramstyle": "numeric_dollar", **options}


def configure_engine(engine: Engine) -> None:
    """Set up each new driver connection of `engine` for its database."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    elif engine.dialect.paramstyle == "numeric_dollar" and engine.dialect.driver == "psycopg":
        event.listen(engine, "connect", _raw_cursors)


def _configure_sqlite(dbapi_connection, connection_record) -> None:
    """Make SQLite safe for several workers: WAL, a busy timeout and enforced foreign keys."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _raw_cursors(dbapi_connection: psycopg.Connection, connection_record) -> None:
    """Cursors that send `$1` placeholders to the server as they are (no client-side scan)."""
    dbapi_connection.cursor_factory = psycopg.RawCursor
    dbapi_connection.server_cursor_factory = psycopg.RawServerCursor
