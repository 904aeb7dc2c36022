"""Under `make run`'s gunicorn without Redis, a password guesser meets one budget, not one a worker.

These start real gunicorn servers on 127.0.0.1 (a free port) with the documented limits.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live_server import call, gunicorn_server

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
