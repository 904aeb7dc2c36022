"""Two app hosts (two gunicorn instances, each with its own Whoosh index directory) on one
database, edited concurrently through both: the host whose index keeps the search outbox finds
every edit, and the other says through `/readyz` that it must not serve.

With Whoosh an index lives on one host's disk, so only the keeper can show every edit; hosts
that all see every edit need search served by the database they share.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from core.auth.models import Role
from core.extensions import db
from search.indexer import verify
from search.outbox import SearchOutbox
from search.registry import document_type
from search.sharing import SearchIndexClaim
from tests.catalog.conftest import BASE_PRODUCT, variant
from tests.conftest import ADMIN_PASSWORD, create_user
from tests.live_server import call, gunicorn_server, server_environment

pytestmark = pytest.mark.slow
PRODUCTS = 10
CATCH_UP_SECONDS = 15


def sign_in(base: str) -> dict[str, str]:
    body = {"email": "admin@example.com", "password": ADMIN_PASSWORD}
    status, _, token = call(base, "POST", "/api/v1/auth/tokens", body)
    assert status == 201, token
    return {"Authorization": f"Bearer {token['token']}"}


def create_and_rename(base: str, headers: dict, number: int) -> str:
    """Create product `number` through `base`, then rename it there; returns its final name."""
    body = {
        **BASE_PRODUCT,
        "name": f"Shared host draft {number}",
        "variants": [variant(f"SH-{number}", "chrome", "150.00")],
    }
    status, _, made = call(base, "POST", "/api/v1/products", body, headers)
    assert status == 201, made
    name = f"Shared host tap{number:02d}"
    _, etag_headers, _ = call(base, "GET", f"/api/v1/products/{made['slug']}")
    status, _, renamed = call(
        base,
        "PATCH",
        f"/api/v1/products/{made['slug']}",
        {"name": name},
        {**headers, "If-Match": etag_headers["ETag"]},
    )
    assert status == 200, renamed
    return name


def names_found(base: str) -> set[str]:
    status, _, page = call(base, "GET", "/api/v1/search?q=shared+host&type=product&per_page=50")
    assert status == 200, page
    return {item["document"]["name"] for item in page["items"]}


def what_went_wrong(app, folder: Path, refused_found: set[str]) -> str:
    """What a failure needs explained: the keeper's drift, the outbox, the claims, the logs."""
    with app.app_context():
        drift = verify(app.extensions["search"].store, document_type("product"))
        outbox = db.session.execute(select(SearchOutbox.doc_type, SearchOutbox.doc_id)).all()
        claims = db.session.execute(
            select(SearchIndexClaim.directory, SearchIndexClaim.active_since)
        ).all()
        db.session.remove()
    logs = {name: (folder / name).read_text()[-4000:] for name in ("first.log", "second.log")}
    return f"{drift=} {outbox=} {claims=} {refused_found=} {logs=}"


def test_two_hosts_with_their_own_index_one_keeps_every_edit_the_other_is_unready(
    app, database_url, taxonomy, tmp_path
):
    create_user(app, "admin@example.com", ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    settings = {"SEARCH_DRAIN_INTERVAL": "0.5"}
    first = server_environment(database_url, tmp_path, 2, **settings)
    assert first["SEARCH_INDEX_DIR"] == app.config["SEARCH_INDEX_DIR"]  # the test checks it
    second = server_environment(database_url, tmp_path / "second-host", 2, **settings)
    (tmp_path / "second-host").mkdir()
    with gunicorn_server(first, tmp_path / "first.log", ready_path="/readyz") as keeper:
        with gunicorn_server(second, tmp_path / "second.log") as refused:
            headers = sign_in(keeper)
            hosts = [keeper, refused] * (PRODUCTS // 2)
            with ThreadPoolExecutor(4) as pool:
                expected = set(
                    pool.map(lambda n: create_and_rename(hosts[n], headers, n), range(PRODUCTS))
                )

            deadline = time.monotonic() + CATCH_UP_SECONDS
            while names_found(keeper) != expected and time.monotonic() < deadline:
                time.sleep(0.2)
            found = names_found(keeper)
            assert found == expected, what_went_wrong(app, tmp_path, names_found(refused))

            status, _, verdict = call(refused, "GET", "/readyz")
            assert status == 503
            reason = verdict["errors"]["search index sharing"][0]
            assert str(Path(first["SEARCH_INDEX_DIR"]).resolve()) in reason
            status, _, kept = call(keeper, "GET", "/readyz")
            assert status == 200 and kept["status"] == "degraded"
            assert str(Path(second["SEARCH_INDEX_DIR"]).resolve()) in str(kept["checks"])
            assert not names_found(refused)  # its index took in nothing: hence unready

    with app.app_context():  # the keeper's index holds every document as the database has it
        assert verify(app.extensions["search"].store, document_type("product")).count == 0
    log = (tmp_path / "second.log").read_text()
    # Logged once per worker process (two), not at every drain or probe, with what to do.
    assert 1 <= log.count("search index refused") <= 2
    assert "Deploying on several hosts" in log
