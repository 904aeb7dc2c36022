"""Operators see from /readyz, and once in the log, when the search index fails or falls behind."""

import logging
from pathlib import Path

from app import create_app
from core.extensions import db
from search.outbox import SearchOutbox
from tests.search.conftest import names
from tests.search.indexing import background_drainer, product_index_dir, read_only, wait_until

UNWRITABLE = "degraded: search index not writable: [Errno "  # EACCES, or EPERM for root


def test_a_working_search_engine_is_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {
        "database": "ok",
        "search index": "ok",
        "search outbox": "ok",
        "search index sharing": "ok",
    }


def test_an_index_directory_that_cannot_be_opened_makes_the_app_unready(app, client):
    Path(app.config["SEARCH_INDEX_DIR"]).write_text("a file where the index should be")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.json["detail"] == "Not ready: search index."
    assert list(response.json["errors"]) == ["search index"]


def test_a_backlog_over_the_threshold_makes_the_app_unready_until_it_drains(app, client):
    app.config["SEARCH_OUTBOX_READY_MAX"] = 2
    with app.app_context():
        db.session.add_all(SearchOutbox(doc_type="product", doc_id=i) for i in (1, 2))
        db.session.commit()
    assert client.get("/readyz").status_code == 200

    with app.app_context():
        db.session.add(SearchOutbox(doc_type="product", doc_id=3))
        db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["errors"] == {"search outbox": ["more than 2 changes wait to be indexed"]}


def rename(client, editor, slug: str, name: str) -> None:
    response = client.patch(
        f"/api/v1/products/{slug}", json={"name": name}, headers={**editor, "If-Match": "*"}
    )
    assert response.status_code == 200, response.json


def readiness(client) -> dict:
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    return response.json


def test_an_unwritable_index_is_reported_degraded_until_a_drain_succeeds(
    app, client, editor, search, make_product
):
    slug = make_product()["slug"]
    with read_only(product_index_dir(app)):
        rename(client, editor, slug, "Sealed Faucet")
        ready = readiness(client)
        assert ready["status"] == "degraded"
        assert ready["checks"]["search index"].startswith(UNWRITABLE)
        assert ready["checks"]["database"] == ready["checks"]["search outbox"] == "ok"
        assert search(q="sealed").json["meta"]["total"] == 0  # searches still work, staler

    with background_drainer(app, interval=0.05):
        wait_until(lambda: readiness(client)["status"] == "ready", 5, "recovering")
    assert set(readiness(client)["checks"].values()) == {"ok"}
    assert names(search(q="sealed")) == ["Sealed Faucet"]


def test_a_backlog_while_the_index_is_unwritable_is_unready_and_says_why(
    app, client, editor, make_product
):
    app.config["SEARCH_OUTBOX_READY_MAX"] = 1
    slug = make_product()["slug"]
    with read_only(product_index_dir(app)):
        rename(client, editor, slug, "First Rename")
        rename(client, editor, slug, "Second Rename")
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["detail"] == "Not ready: search outbox."
    assert response.json["errors"]["search outbox"] == ["more than 1 changes wait to be indexed"]
    [degraded] = response.json["errors"]["search index"]
    assert degraded.startswith(UNWRITABLE)


def test_a_drainer_that_keeps_failing_logs_once_on_failing_and_once_on_recovering(
    app, client, editor, make_product, caplog
):
    caplog.set_level(logging.INFO, logger="search")
    slug = make_product()["slug"]
    state = app.extensions["search"].drain_state
    with background_drainer(app, interval=0.01):
        with read_only(product_index_dir(app)):
            rename(client, editor, slug, "Sealed Faucet")
            wait_until(lambda: state.failed_attempts >= 10, 10, "ten failed drains")
        wait_until(lambda: readiness(client)["status"] == "ready", 5, "recovering")
    search_records = [record for record in caplog.records if record.name.startswith("search")]
    warnings = [record for record in search_records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1, [record.getMessage() for record in warnings]
    assert "search index not writable: [Errno " in warnings[0].getMessage()
    assert warnings[0].exc_info is None  # the reason says it all: no traceback
    recovered = [record for record in search_records if "work again" in record.getMessage()]
    assert len(recovered) == 1
    assert recovered[0].levelno == logging.INFO


def test_an_index_built_by_another_version_is_refused_until_rebuilt(app, search, catalogue):
    """Upgraded code never reads an index it did not write: a clear 503, then one command."""
    (product_index_dir(app) / "FORMAT").write_text("1 an-older-engine")
    upgraded = create_app({**app.config})  # a freshly started worker
    try:
        refused = upgraded.test_client().get("/api/v1/search", query_string={"q": "arden"})
        assert refused.status_code == 503
        assert refused.mimetype == "application/problem+json"
        assert "flask search reindex" in refused.json["detail"]

        rebuilt = upgraded.test_cli_runner().invoke(args=["search", "reindex", "--if-outdated"])
        assert rebuilt.exit_code == 0, rebuilt.output
        assert "product:" in rebuilt.output and "article:" not in rebuilt.output
        answered = upgraded.test_client().get("/api/v1/search", query_string={"q": "arden"})
        assert names(answered) == ["Arden Pull-Down Kitchen Faucet"]
    finally:
        with upgraded.app_context():
            db.engine.dispose()  # its own pool: no connection may outlive the test
