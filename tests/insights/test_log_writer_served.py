"""Under gunicorn, each worker's writer thread writes the queued searches within a flush
interval, and what is still queued when the worker stops is written as it exits."""

import time

import pytest
from sqlalchemy import select

from core.extensions import db
from insights.models import SearchLogEntry
from tests.live_server import call, gunicorn_server, server_environment

pytestmark = pytest.mark.slow


def queries_logged(app) -> list[str]:
    """The queries in the log, read from the database (nothing of this process's is written)."""
    with app.app_context():
        found = list(db.session.scalars(select(SearchLogEntry.query)))
        db.session.remove()
    return found


def test_the_worker_writes_searches_as_it_runs_and_as_it_stops(
    app, database_url, tmp_path, faucets
):
    quick = server_environment(database_url, tmp_path, 1, SEARCH_LOG_FLUSH_SECONDS="0.2")
    with gunicorn_server(quick, tmp_path / "quick.log") as base:
        assert call(base, "GET", "/api/v1/search?q=gunmetal")[0] == 200
        deadline = time.monotonic() + 5
        while not queries_logged(app) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert queries_logged(app) == ["gunmetal"]

    slow = server_environment(database_url, tmp_path, 1, SEARCH_LOG_FLUSH_SECONDS="3600")
    with gunicorn_server(slow, tmp_path / "slow.log") as base:
        assert call(base, "GET", "/api/v1/products?q=basin")[0] == 200
        time.sleep(0.5)
        assert queries_logged(app) == ["gunmetal"]  # queued: the next write is an hour away
    assert sorted(queries_logged(app)) == ["basin", "gunmetal"]  # written as the worker exited
