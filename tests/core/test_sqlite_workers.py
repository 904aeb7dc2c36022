"""Four gunicorn workers writing to one SQLite file at once never see "database is locked"."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from core import create_app
from core.auth.models import Role
from tests.conftest import ADMIN_PASSWORD, _test_config, create_user

PROJECT = Path(__file__).resolve().parents[2]
WORKERS = 4
CLIENTS = 8
WRITES_PER_CLIENT = 15

pytestmark = pytest.mark.slow


def call(base: str, method: str, path: str, body=None, headers=None):
    """One HTTP request to the local server: (status, headers, JSON body)."""
    data = json.dumps(body).encode() if body is not None else None
    request = Request(base + path, data=data, method=method, headers=headers or {})  # noqa: S310
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urlopen(request, timeout=30) as response:  # noqa: S310  (loopback only)
            return response.status, response.headers, json.loads(response.read() or b"{}")
    except HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"{}")


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
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(WORKERS),
        "DATABASE_URL": sqlite_file,
        "SECRET_KEY": "test-secret",
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
        "RATELIMIT_ENABLED": "false",
    }
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
            cwd=PROJECT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call(base, "GET", "/healthz")
                break
            except OSError:
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield base, log_path
    finally:
        server.send_signal(signal.SIGINT)  # quick shutdown: the test is over
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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
