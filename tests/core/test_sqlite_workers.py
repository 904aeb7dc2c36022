"""Four gunicorn workers writing to one SQLite file at once never see "database is locked"."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from app import create_app
from core.auth.models import Role
from tests.conftest import ADMIN_PASSWORD, _test_config, create_user
from tests.live_server import call, gunicorn_server, server_environment

WORKERS = 4
CLIENTS = 8
WRITES_PER_CLIENT = 15

pytestmark = pytest.mark.slow


@pytest.fixture
def sqlite_file(database_url, tmp_path):
    """A fresh, migrated SQLite database with an admin (the PostgreSQL run has no use for it)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's locking is what is tested; the SQLite run covers it")
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'workers.db'}"
    app = create_app({**_test_config(url, tmp_path), "DATABASE_URL": url})
    with app.app_context():
        upgrade(revision="heads")
    create_user(app, "admin@example.com", ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    return url


@pytest.fixture
def served(sqlite_file, tmp_path):
    """gunicorn with `make run`'s settings and four workers, on a free loopback port."""
    environment = server_environment(sqlite_file, tmp_path, WORKERS)
    log_path = tmp_path / "gunicorn.log"
    with gunicorn_server(environment, log_path) as base:
        yield base, log_path


def test_concurrent_writers_all_succeed_and_nothing_names_the_server(served):
    base, log_path = served
    status, headers, body = call(
        base,
        "POST",
        "/api/v1/auth/tokens",
        {"email": "admin@example.com", "password": ADMIN_PASSWORD},
    )
    assert status == 201, body
    assert headers["Server"] == "catalogue"
    admin = {"Authorization": f"Bearer {body['token']}"}

    def write_brands(client: int) -> list[int]:
        statuses = []
        for number in range(WRITES_PER_CLIENT):
            key = f"client-{client}-write-{number}"
            brand = {"name": f"Brand {client}-{number}", "slug": key}
            status, _, _ = call(
                base, "POST", "/api/v1/brands", brand, {**admin, "Idempotency-Key": key}
            )
            statuses.append(status)
        return statuses

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = [status for batch in pool.map(write_brands, range(CLIENTS)) for status in batch]
    elapsed = time.monotonic() - started

    assert statuses.count(201) == CLIENTS * WRITES_PER_CLIENT, sorted(set(statuses))
    _, _, listing = call(base, "GET", "/api/v1/brands?per_page=1")
    assert listing["meta"]["total"] == CLIENTS * WRITES_PER_CLIENT
    _, _, audit = call(base, "GET", "/api/v1/audit?object_type=brand&per_page=1", headers=admin)
    assert audit["meta"]["total"] == CLIENTS * WRITES_PER_CLIENT
    assert "database is locked" not in log_path.read_text()
    assert elapsed < 60
