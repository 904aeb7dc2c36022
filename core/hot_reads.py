"""Hot reads: the small statements every page and listing runs (the catalogue revision, the
search outbox's pending documents), one network round trip each.

Through the app's engine a read costs four round trips on PostgreSQL: the pool's pre-ping,
BEGIN, the statement and the ROLLBACK that returns the connection. These run on a pool of
their own in autocommit mode, without a pre-ping: a connection the server dropped fails its
statement instead, and the read is tried once more on a fresh one (the pool discards every
connection it held when it sees one dropped). Each statement reads one consistent snapshot on
its own, which is all these reads need. SQLite has no round trips to save: there the app's
engine serves them.
"""

import os
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Engine, Executable, Row, create_engine, event
from sqlalchemy.exc import DBAPIError

from core.extensions import db

EXTENSION = "hot_reads"
_creating = threading.Lock()


def hot_read(statement: Executable, parameters: Mapping[str, Any] | None = None) -> Sequence[Row]:
    """The rows of a read-only `statement`, run outside any session's transaction."""
    engine = _engine(current_app)
    try:
        return _rows(engine, statement, parameters)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        return _rows(engine, statement, parameters)


def _rows(engine: Engine, statement: Executable, parameters) -> Sequence[Row]:
    with engine.connect() as connection:
        return connection.execute(statement, dict(parameters or {})).all()


def _engine(app: Flask) -> Engine:
    """This process's engine for hot reads, created on first use (so after a fork, a new one:
    a pooled connection must not be shared by two processes)."""
    made = app.extensions.get(EXTENSION)
    if made is None or made[0] != os.getpid():
        with _creating:
            made = app.extensions.get(EXTENSION)
            if made is None or made[0] != os.getpid():
                made = app.extensions[EXTENSION] = (os.getpid(), _new_engine(app))
    return made[1]


def _new_engine(app: Flask) -> Engine:
    """An autocommit engine beside the app's, disposed of with it."""
    main = db.engine
    if main.dialect.name == "sqlite":
        return main
    options = {
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
        "isolation_level": "AUTOCOMMIT",
        "pool_pre_ping": False,
    }
    engine = create_engine(main.url, **options)

    def dispose_too(_: Engine) -> None:
        engine.dispose()
        app.extensions.pop(EXTENSION, None)

    event.listen(main, "engine_disposed", dispose_too)
    return engine
