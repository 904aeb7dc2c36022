"""Hot reads: the small statements every page and listing runs (the catalogue revision, the
search outbox's pending documents), one statement on a driver connection each.

Through the app's engine a read costs four round trips on PostgreSQL (the pool's pre-ping,
BEGIN, the statement and the ROLLBACK that returns the connection) and, on either database,
more Python than the statement itself: a checkout, a compiled-cache lookup, a result object.
Here each thread keeps one driver connection of its own, in autocommit mode on PostgreSQL
(SQLite reads outside a transaction already), so each statement reads one consistent snapshot
on its own, which is all these reads need. Each statement is compiled and expanded once per
set of parameters. A connection the server dropped fails its statement; it is replaced and
the read tried once more. A worker holds one such connection per thread that reads (a sync
gunicorn worker: one, beside its pool), closed when the app's engine is disposed of.
"""

import os
import threading
from collections.abc import Mapping, Sequence
from typing import Any, cast

from flask import Flask, current_app
from sqlalchemy import ClauseElement, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler

from core.drivers import configure_engine
from core.extensions import db

EXTENSION = "hot_reads"
READ_ATTEMPTS = 2  # a dropped connection is replaced once
EXPANDED_ENTRIES = 256  # (statement, parameters) pairs remembered, expanded to driver SQL
_creating = threading.Lock()


def hot_read(statement: ClauseElement, parameters: Mapping[str, Any] | None = None) -> Sequence:
    """The rows (driver tuples) of a read-only `statement`, run outside any transaction.

    A driver's error is raised as SQLAlchemy's (so a busy or unavailable database is the same
    503 problem as anywhere else); a dropped connection is replaced and the read tried again.
    """
    reader = _reader(current_app)
    sql, arguments = reader.expanded(statement, dict(parameters or {}))
    dialect = reader.engine.dialect
    for attempt in range(READ_ATTEMPTS):
        connection = reader.connection()
        try:
            return _rows(connection, sql, arguments)
        except dialect.loaded_dbapi.Error as error:
            dropped = dialect.is_disconnect(error, connection, None)
            if dropped:
                reader.replace(connection)
            if not dropped or attempt == READ_ATTEMPTS - 1:
                raise DBAPIError.instance(
                    sql,
                    arguments,
                    error,
                    dialect.loaded_dbapi.Error,
                    connection_invalidated=dropped,
                    dialect=dialect,
                ) from error
    raise AssertionError("unreachable")


def _rows(connection, sql: str, arguments) -> list:
    cursor = connection.cursor()
    try:
        cursor.execute(sql, arguments)
        return cursor.fetchall()
    finally:
        cursor.close()


class HotReader:
    """One process's hot reads on `engine`: a driver connection per thread, expanded SQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._local = threading.local()
        self._opened: list = []  # every thread's connection, closed with the engine
        self._lock = threading.Lock()
        # Keyed by the statements themselves (so none is collected while remembered, and no
        # other can take its id); statements are few, module constants, and compared by identity.
        self._expanded: dict[tuple, tuple[str, Any]] = {}

    def connection(self):
        """This thread's driver connection, opened through the engine (so its set-up runs)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            proxy = self.engine.raw_connection()
            connection = self._local.connection = proxy.driver_connection
            proxy.detach()  # ours for good: never returned to, nor reset by, the pool
            with self._lock:
                self._opened.append(connection)
        return connection

    def replace(self, connection) -> None:
        """Forget a connection the server dropped; the next read opens another."""
        self._local.connection = None
        with self._lock:
            if connection in self._opened:
                self._opened.remove(connection)
        _close_quietly(connection)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            opened, self._opened = self._opened, []
        for connection in opened:
            _close_quietly(connection)

    def expanded(self, statement: ClauseElement, parameters: dict) -> tuple[str, Any]:
        """`statement` as the driver's SQL and arguments for `parameters` (lists expanded)."""
        key = (statement, *((n, _frozen(v)) for n, v in sorted(parameters.items())))
        found = self._expanded.get(key)
        if found is None:
            compiled = cast(SQLCompiler, statement.compile(dialect=self.engine.dialect))
            state = compiled.construct_expanded_state(parameters)
            arguments = state.positional_parameters if compiled.positional else state.parameters
            if len(self._expanded) >= EXPANDED_ENTRIES:
                self._expanded.clear()
            found = self._expanded[key] = (state.statement, arguments)
        return found


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001, S110 (a dropped connection may fail to close; it is gone)
        pass


def _reader(app: Flask) -> HotReader:
    """This process's hot reader, created on first use (so after a fork, a new one: a
    connection must not be shared by two processes)."""
    made = app.extensions.get(EXTENSION)
    if made is None or made[0] != os.getpid():
        with _creating:
            made = app.extensions.get(EXTENSION)
            if made is None or made[0] != os.getpid():
                made = app.extensions[EXTENSION] = (os.getpid(), _new_reader(app))
    return made[1]


def _new_reader(app: Flask) -> HotReader:
    """A reader on the app's engine (SQLite) or on an autocommit engine beside it, closed
    when the app's engine is disposed of."""
    main = db.engine
    engine = main
    if main.dialect.name != "sqlite":
        options = {
            **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
            "isolation_level": "AUTOCOMMIT",
            "pool_pre_ping": False,
        }
        engine = create_engine(main.url, **options)
        configure_engine(engine)
    reader = HotReader(engine)

    def dispose_too(_: Engine) -> None:
        reader.close()
        if engine is not main:
            engine.dispose()
        app.extensions.pop(EXTENSION, None)

    event.listen(main, "engine_disposed", dispose_too)
    return reader
