"""Shared fixtures: app, client, runner, db, tokens; SQLite unless TEST_DATABASE_URL is set."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from app import create_app
from core import clock
from core.auth import services as auth_services
from core.auth.models import Role
from core.extensions import db as _db

# Fixtures shared by several folders: a loopback S3 server for the image storage tests.
pytest_plugins = ["tests.s3_server"]

# Not the test client's own host (localhost), so a link built from the request shows up.
PUBLIC_BASE_URL = "https://catalogue.example"
ADMIN_PASSWORD = "correct horse battery staple"
EDITOR_PASSWORD = "editor password 1234"


def pytest_report_header(config):
    url = os.environ.get("TEST_DATABASE_URL")
    return f"database: {url or 'SQLite (temporary file)'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The database the suite runs on: TEST_DATABASE_URL or a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Build the schema once per run through the real migrations."""
    from flask_migrate import upgrade

    app = create_app(_test_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        _drop_everything()
        upgrade(revision="heads")
        SEEDED.update(_seeded_rows())
        _db.engine.dispose()
    return database_url


# The rows the migrations seed (the default search rules, revision rows), put back after every
# test empties the tables: each test starts from the database a fresh install has.
SEEDED: dict[str, list[dict]] = {}


def _seeded_rows() -> dict[str, list[dict]]:
    with _db.engine.connect() as connection:
        found = {
            table.name: [dict(row._mapping) for row in connection.execute(table.select())]
            for table in _db.metadata.sorted_tables
        }
    return {name: rows for name, rows in found.items() if rows}


def _test_config(database_url: str, instance: Path) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        # Cheap hashing keeps the suite fast; production keeps the Argon2id defaults.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 1024,
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "MEDIA_DIR": str(instance / "media"),
        # Stories make many requests from one address; tests/core/test_rate_limits.py turns
        # the limits back on.
        "RATELIMIT_ENABLED": False,
    }


def _drop_everything() -> None:
    """Start PostgreSQL from an empty schema (a SQLite file is new already)."""
    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


ON_POSTGRESQL = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")
# Tests of the PostgreSQL search backend, which cannot start on SQLite.
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="the PostgreSQL backend needs TEST_DATABASE_URL on PostgreSQL"
)


# The settings of each search backend tests run on. The PostgreSQL backend answers from each
# host's mirror when it can ("postgres"), else from the database itself ("postgres-database").
BACKEND_SETTINGS = {
    "whoosh": {"SEARCH_BACKEND": "whoosh"},
    "postgres": {"SEARCH_BACKEND": "postgres"},
    "postgres-database": {"SEARCH_BACKEND": "postgres", "SEARCH_MIRROR": False},
}


def pytest_generate_tests(metafunc):
    """Run the tests marked `both_backends` on the Whoosh backend and, when the suite runs on
    PostgreSQL, on the PostgreSQL backend too (from the mirror and from the database), with the
    same expectations."""
    marked = metafunc.definition.get_closest_marker("both_backends")
    if marked and "search_backend" in metafunc.fixturenames:
        backends = list(BACKEND_SETTINGS) if ON_POSTGRESQL else ["whoosh"]
        if not marked.kwargs.get("reads", True):  # writes are the same with a mirror or not
            backends = [name for name in backends if name != "postgres-database"]
        metafunc.parametrize("search_backend", backends)


@pytest.fixture
def search_backend() -> str:
    """The app's search backend: TEST_SEARCH_BACKEND, or Whoosh (tests marked `both_backends`
    take each in turn)."""
    return os.environ.get("TEST_SEARCH_BACKEND", "whoosh")


@pytest.fixture
def app(_schema, tmp_path, search_backend):
    """A fresh app on the migrated schema; every table is emptied after the test.

    No app context stays pushed, so each test request gets its own `g` and session,
    as it would in production; use `with app.app_context()` to call services directly.
    """
    config = {**_test_config(_schema, tmp_path), **BACKEND_SETTINGS[search_backend]}
    with emptied_after(create_app(config)) as app:
        yield app


@contextmanager
def emptied_after(app):
    """`app` for the block; then every table is emptied and its connections are closed."""
    try:
        yield app
    finally:
        with app.app_context():
            _db.session.remove()
            _empty_tables()
            _db.engine.dispose()


def _empty_tables() -> None:
    tables = _db.metadata.sorted_tables
    with _db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for table in reversed(tables):
                connection.execute(table.delete())
        for table in tables:
            if table.name in SEEDED:
                connection.execute(table.insert(), SEEDED[table.name])
                if connection.dialect.name == "postgresql" and "id" in table.c:
                    last = max(row["id"] for row in SEEDED[table.name])
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence(:name, 'id'), :last)"),
                        {"name": table.name, "last": last},
                    )
        connection.commit()


@pytest.fixture
def make_app(app, _schema, tmp_path, search_backend):
    """Build more apps on the test database with `overrides` (tables are emptied after the test),
    on the same search backend as `app`."""
    made = []

    def make(**overrides):
        config = {**_test_config(_schema, tmp_path), **BACKEND_SETTINGS[search_backend]}
        extra = create_app({**config, **overrides})
        made.append(extra)
        return extra

    yield make
    for extra in made:
        with extra.app_context():
            _db.engine.dispose()


@pytest.fixture
def set_clock():
    """Move the app's clock: call with an aware datetime; restored after the test."""
    yield clock.set_now
    clock.set_now(None)


@pytest.fixture
def run_jobs(app):
    """Run the queued import jobs as a worker would (in an app context of its own); how many."""
    from bulk.runner import work_until_idle

    def run() -> int:
        with app.app_context():
            return work_until_idle()

    return run


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """The database, inside an app context, for tests that inspect rows directly."""
    with app.app_context():
        yield _db


def _token_for(client, email: str, password: str) -> str:
    response = client.post("/api/v1/auth/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.json
    return response.json["token"]


def if_match_now(client, url: str, headers: dict) -> dict:
    """`headers` plus an If-Match with the ETag this caller reads `url` with now (read, write)."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.json
    return {**headers, "If-Match": response.headers["ETag"]}


def create_user(app, email: str, password: str, role: Role, name: str) -> None:
    """Create a user directly through the service layer."""
    with app.app_context():
        auth_services.create_user(email, password, role, name)


@pytest.fixture
def admin_token(app, client) -> str:
    create_user(app, "admin@example.com", ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    return _token_for(client, "admin@example.com", ADMIN_PASSWORD)


@pytest.fixture
def editor_token(app, client) -> str:
    create_user(app, "editor@example.com", EDITOR_PASSWORD, Role.EDITOR, "Eddie Editor")
    return _token_for(client, "editor@example.com", EDITOR_PASSWORD)


@pytest.fixture
def admin(admin_token) -> dict[str, str]:
    """Authorization headers of an admin."""
    return {"Authorization": f"Bearer {admin_token}"}


@pytest.fixture
def editor(editor_token) -> dict[str, str]:
    """Authorization headers of an editor."""
    return {"Authorization": f"Bearer {editor_token}"}
