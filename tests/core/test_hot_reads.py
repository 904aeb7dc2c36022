"""Hot reads: one round trip each on PostgreSQL, current at once, and a dropped connection
costs a retry, not an error page."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

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


def test_a_hot_read_on_postgresql_is_one_statement_with_no_transaction(app):
    if not on_postgresql(app):
        pytest.skip("SQLite has no round trips to save")
    with app.app_context():
        hot_read(text("SELECT 1"))  # this thread's connection (its set-up is not counted)
        backend = hot_read(text("SELECT pg_backend_pid()"))[0][0]
        assert hot_read(text("SELECT 41 + 1"))[0][0] == 42
        with db.engine.connect() as admin:
            seen = admin.execute(
                text("SELECT state, query, xact_start FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": backend},
            ).one()
    # The server's own record: the last statement was the read itself (no ROLLBACK after it),
    # and the connection holds no transaction open (no BEGIN before it).
    assert (seen.state, seen.query, seen.xact_start) == ("idle", "SELECT 41 + 1", None)


def test_a_connection_the_server_dropped_is_replaced_and_the_read_answers(app, client):
    if not on_postgresql(app):
        pytest.skip("There is no server to drop a SQLite connection")
    with app.app_context():
        hot_read(text("SELECT 1"))  # this thread now holds a hot connection
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


def test_a_driver_error_in_a_hot_read_is_raised_as_sqlalchemys(app):
    with app.app_context(), pytest.raises(DBAPIError) as raised:
        hot_read(text("SELECT revision FROM no_such_table"))
    assert "no_such_table" in str(raised.value.orig)


def test_a_database_that_fails_a_hot_read_answers_503_not_500(app, client):
    if on_postgresql(app):
        pytest.skip("A missing table is a programming error on PostgreSQL, not an outage")
    with app.app_context():
        db.session.execute(text("ALTER TABLE search_outbox RENAME TO search_outbox_away"))
        db.session.commit()
    try:
        response = client.get("/api/v1/products")
        assert response.status_code == 503
        assert response.mimetype == "application/problem+json"
    finally:
        with app.app_context():
            db.session.execute(text("ALTER TABLE search_outbox_away RENAME TO search_outbox"))
            db.session.commit()
