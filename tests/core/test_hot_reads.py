"""Hot reads: one round trip each on PostgreSQL, current at once, and a dropped connection
costs a retry, not an error page."""

import pytest
from sqlalchemy import event, text

from catalog.revision import current_revision
from core.extensions import db
from core.hot_reads import hot_read

REVISION = text("SELECT revision FROM catalogue_revision")


def on_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def test_a_hot_read_sees_what_was_committed_a_moment_before(app, client, editor, make_product):
    with app.app_context():
        before = current_revision()
    make_product(slug="fresh-tap")
    with app.app_context():
        assert current_revision() > before
        assert current_revision() == db.session.scalar(REVISION)


def test_a_hot_read_on_postgresql_is_one_statement_with_no_transaction(app, monkeypatch):
    if not on_postgresql(app):
        pytest.skip("SQLite has no round trips to save: its reads use the app's engine")
    sent: list[tuple[str, bool]] = []
    pings: list[object] = []
    with app.app_context():
        hot_read(text("SELECT 1"))  # the pool's first connection (its set-up is not counted)
        engine = app.extensions["hot_reads"][1]
        monkeypatch.setattr(engine.dialect, "do_ping", lambda connection: pings.append(1))

        def note(connection, cursor, statement, *rest) -> None:
            sent.append((statement, connection.connection.driver_connection.autocommit))

        event.listen(engine, "before_cursor_execute", note)
        assert hot_read(text("SELECT 41 + 1"))[0][0] == 42
    # Autocommit: no BEGIN before it and no ROLLBACK after; and no ping before it.
    assert sent == [("SELECT 41 + 1", True)]
    assert pings == []


def test_a_connection_the_server_dropped_is_replaced_and_the_read_answers(app, client):
    if not on_postgresql(app):
        pytest.skip("There is no server to drop a SQLite connection")
    with app.app_context():
        hot_read(text("SELECT 1"))  # a pooled connection now waits in the hot pool
        with db.engine.connect() as admin:
            dropped = admin.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        assert dropped >= 1
        assert hot_read(text("SELECT 7"))[0][0] == 7
    assert client.get("/api/v1/products").status_code == 200
