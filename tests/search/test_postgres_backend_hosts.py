"""Two app hosts (two gunicorn instances with their own local settings) on one PostgreSQL
database with SEARCH_BACKEND=postgres, edited concurrently through both: every edit is
searchable through both hosts the moment its request returns, and both are ready. Each host
answers from its own mirror, brought up to the database's change log before it answers.

The same story with Whoosh (tests/search/test_shared_index_hosts.py) can only ever have one
host that sees every edit.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from core.auth.models import Role
from core.extensions import db
from search.pg.mirror import read_applied
from search.pg.models import SearchVersion
from tests.conftest import ADMIN_PASSWORD, create_user, needs_postgresql
from tests.live_server import call, gunicorn_server, server_environment
from tests.search.test_shared_index_hosts import PRODUCTS, create_and_rename, names_found, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.postgres, needs_postgresql]


@pytest.mark.parametrize("search_backend", ["postgres"])
def test_two_hosts_on_the_postgres_backend_each_find_every_edit_at_once(
    app, database_url, taxonomy, tmp_path, runner
):
    create_user(app, "admin@example.com", ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    settings = {"SEARCH_BACKEND": "postgres", "SEARCH_DRAIN_INTERVAL": "0.5"}
    first = server_environment(database_url, tmp_path / "first-host", 2, **settings)
    second = server_environment(database_url, tmp_path / "second-host", 2, **settings)
    for folder in ("first-host", "second-host"):
        (tmp_path / folder).mkdir()
    with gunicorn_server(first, tmp_path / "first.log", ready_path="/readyz") as one:
        with gunicorn_server(second, tmp_path / "second.log", ready_path="/readyz") as other:
            headers = sign_in(one)
            hosts = [one, other] * (PRODUCTS // 2)
            with ThreadPoolExecutor(4) as pool:
                expected = set(
                    pool.map(lambda n: create_and_rename(hosts[n], headers, n), range(PRODUCTS))
                )
            # No waiting: each edit was indexed in its own transaction, before it returned.
            assert names_found(one) == expected
            assert names_found(other) == expected
            for host in (one, other):
                status, _, verdict = call(host, "GET", "/readyz")
                assert (status, verdict["status"]) == (200, "ready"), verdict
    with app.app_context():
        latest = db.session.scalar(
            select(SearchVersion.version).where(SearchVersion.doc_type == "product")
        )
    for folder in ("first-host", "second-host"):  # each host's mirror holds every edit
        applied = read_applied(
            (tmp_path / folder / "search-index" / "mirror" / "product").resolve()
        )
        assert applied is not None and applied.version == latest
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 0, result.output
    assert "product: 0 missing, 0 stale, 0 extra" in result.output
