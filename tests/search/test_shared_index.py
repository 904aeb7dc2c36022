"""Hosts with their own Whoosh index on one database: the first keeps the search outbox, any other
is refused (it drains nothing and says so in /readyz and the log), and takes over, caught up,
once the first goes quiet. Workers sharing one index directory are one index, never refused."""

import logging
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from app import create_app
from search.service import catch_up
from search.sharing import IndexClaims
from tests.catalog.conftest import BASE_PRODUCT, variant
from tests.conftest import emptied_after

SHARED_SETTINGS = ("TESTING", "DATABASE_URL", "SECRET_KEY", "RATELIMIT_ENABLED", "PUBLIC_BASE_URL")
WINDOW = 2.0  # seconds a claim stays active after its index's last drain, in these tests


@pytest.fixture
def host():
    """Makes another app on the test app's database with its index in a given directory, as
    another host runs it; its connections are closed after the test."""
    with ExitStack() as stack:

        def make(app, index_dir: Path, window: float | None = None):
            settings = {name: app.config[name] for name in SHARED_SETTINGS}
            settings["SEARCH_INDEX_DIR"] = str(index_dir)
            if window is not None:
                settings["SEARCH_CLAIM_WINDOW"] = window
            return stack.enter_context(emptied_after(create_app(settings)))

        yield make


def with_window(app, window: float):
    """`app` with its index's claim lapsing `window` seconds after its last drain."""
    engine = app.extensions["search"]
    engine.claims = IndexClaims(engine.claims.root, window)
    return app


def product(name: str, sku: str) -> dict:
    return {**BASE_PRODUCT, "name": name, "variants": [variant(sku, "chrome", "150.00")]}


def create(client, editor, name: str, sku: str) -> None:
    response = client.post("/api/v1/products", json=product(name, sku), headers=editor)
    assert response.status_code == 201, response.json


def found(client, query: str) -> set[str]:
    response = client.get(f"/api/v1/search?q={query}&type=product")
    assert response.status_code == 200, response.json
    return {item["document"]["slug"] for item in response.json["items"]}


def index_dir(app) -> str:
    return str(Path(app.config["SEARCH_INDEX_DIR"]).resolve())


def test_a_second_host_s_index_is_refused_and_the_first_keeps_every_change(
    app, client, editor, taxonomy, host, tmp_path
):
    create(client, editor, "Alderney Basin Tap", "HB-1")  # this host's index drains first
    second = host(app, tmp_path / "second-host" / "search-index")
    other = second.test_client()

    create(other, editor, "Brixham Kitchen Mixer", "BK-1")
    refused = other.get("/readyz")
    assert refused.status_code == 503
    verdict = refused.json["errors"]["search index sharing"][0]
    assert index_dir(app) in verdict and "Deploying on several hosts" in verdict

    with app.app_context():
        catch_up()
    assert found(client, "alderney") == {"alderney-basin-tap"}
    assert found(client, "brixham") == {"brixham-kitchen-mixer"}  # written through the other host
    with second.app_context():
        catch_up()
    assert found(other, "brixham") == set()  # drained by the keeper, not here: hence unready

    kept = client.get("/readyz")
    assert kept.status_code == 200 and kept.json["status"] == "degraded"
    assert index_dir(second) in kept.json["checks"]["search index sharing"]


def test_the_refused_host_takes_over_once_the_keeper_goes_quiet_and_catches_up_first(
    app, client, editor, taxonomy, host, tmp_path
):
    with_window(app, WINDOW)
    create(client, editor, "Alderney Basin Tap", "HB-1")
    second = host(app, tmp_path / "second-host" / "search-index", window=WINDOW)
    other = second.test_client()
    assert other.get("/readyz").status_code == 503
    create(client, editor, "Brixham Kitchen Mixer", "BK-1")
    create(other, editor, "Corrib Shower Set", "MS-1")
    with app.app_context():
        catch_up()

    time.sleep(WINDOW + 0.2)  # the keeper goes quiet
    with second.app_context():
        catch_up()
    assert other.get("/readyz").json["checks"]["search index sharing"] == "ok"
    for query, slug in [("alderney", "alderney-basin-tap"), ("brixham", "brixham-kitchen-mixer"),
                        ("corrib", "corrib-shower-set")]:  # fmt: skip
        assert found(other, query) == {slug}

    returning = client.get("/readyz")  # the old keeper is back: now it is the one refused
    assert returning.status_code == 503
    assert index_dir(second) in returning.json["errors"]["search index sharing"][0]


def test_a_refused_host_logs_once_what_to_do_and_its_worker_command_fails(
    app, client, editor, taxonomy, host, tmp_path, caplog
):
    create(client, editor, "Alderney Basin Tap", "HB-1")
    second = host(app, tmp_path / "second-host" / "search-index")
    with caplog.at_level(logging.WARNING, logger="search.sharing"):
        for _ in range(3):  # each probe looks at the database again
            assert second.test_client().get("/readyz").status_code == 503
    refusals = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(refusals) == 1
    assert index_dir(app) in refusals[0].getMessage()
    assert "Deploying on several hosts" in refusals[0].getMessage()

    result = second.test_cli_runner().invoke(args=["search", "worker", "--once"])
    assert result.exit_code == 1
    assert "this index is not updated" in result.output


def test_workers_sharing_one_index_directory_are_one_index(app, client, editor, taxonomy, host):
    create(client, editor, "Alderney Basin Tap", "HB-1")
    sibling = host(app, Path(app.config["SEARCH_INDEX_DIR"]))
    other = sibling.test_client()
    create(other, editor, "Brixham Kitchen Mixer", "BK-1")
    assert found(other, "brixham") == {"brixham-kitchen-mixer"}
    for each in (client, other):
        ready = each.get("/readyz")
        assert ready.status_code == 200 and ready.json["status"] == "ready"
