"""Under `make run`'s gunicorn without Redis, a password guesser meets one budget, not one a worker.

These start real gunicorn servers on 127.0.0.1 (a free port) with the documented limits.
"""

import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live_server import START_TIMEOUT, call, gunicorn_server, start_gunicorn

pytestmark = pytest.mark.slow
WORKERS = 3
GUESSES = 12
DOCUMENTED_LOGINS_PER_MINUTE = 5  # README: RATELIMIT_LOGIN is "5 per minute; 30 per hour"


@pytest.fixture
def production(_schema, tmp_path) -> dict[str, str]:
    """A production environment on the test database with nothing said about rate-limit storage."""
    return {
        "APP_ENV": "production",
        "DATABASE_URL": _schema,
        "SECRET_KEY": "test-secret",
        "PUBLIC_BASE_URL": "https://catalogue.example",
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        # Empty is unset, whatever the shell running the tests exported.
        "RATELIMIT_STORAGE_URI": "",
        "REDIS_URL": "",
    }


def guess(base: str, number: int) -> int:
    attempt = {"email": "admin@example.com", "password": f"guess number {number}"}
    status, _, _ = call(base, "POST", "/api/v1/auth/tokens", attempt)
    return status


def test_a_password_guesser_gets_the_documented_five_tries_across_all_workers(production, tmp_path):
    environment = {**production, "WEB_CONCURRENCY": str(WORKERS)}
    with gunicorn_server(environment, tmp_path / "gunicorn.log") as base:
        # Concurrent guesses, each on a fresh connection and each busy a worker for the
        # production Argon2 cost, land on several workers.
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            statuses = list(pool.map(lambda number: guess(base, number), range(GUESSES)))
    assert statuses.count(401) == DOCUMENTED_LOGINS_PER_MINUTE, statuses
    assert statuses.count(429) == GUESSES - DOCUMENTED_LOGINS_PER_MINUTE, statuses


def test_production_refuses_per_worker_counters_by_the_workers_gunicorn_really_runs(
    production, tmp_path
):
    per_process = {**production, "RATELIMIT_STORAGE_URI": "memory://", "WEB_CONCURRENCY": "1"}
    log_path = tmp_path / "refused.log"
    server, _ = start_gunicorn(per_process, log_path, ["--workers", "2"])
    try:
        exit_code = server.wait(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        pytest.fail("gunicorn kept running with per-worker counters:\n" + log_path.read_text())
    assert exit_code != 0
    assert "would not be shared by 2 workers" in log_path.read_text()

    with gunicorn_server(
        per_process, tmp_path / "single.log", arguments=["--workers", "1"]
    ) as base:
        assert call(base, "GET", "/healthz")[0] == 200
