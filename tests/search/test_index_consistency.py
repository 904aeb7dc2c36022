"""The index follows the database: every change, nothing rolled back, stale or lost."""

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from whoosh import index

from catalog.models import Product
from core.extensions import db
from search import store as search_store
from search.outbox import SearchOutbox
from search.registry import declared_type, document_type
from tests.catalog.conftest import variant
from tests.search.conftest import names
from tests.search.indexing import (
    drift_behind_the_index,
    phantom_product,
    verify_finds_and_repair_fixes_the_drift,
)


def pending(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(SearchOutbox.id)))


@contextmanager
def index_locked(app):
    """Hold the product index's writer lock as another process would."""
    lock = index.open_dir(str(Path(app.config["SEARCH_INDEX_DIR"]) / "product")).lock("WRITELOCK")
    assert lock.acquire()
    try:
        yield
    finally:
        lock.release()


@pytest.mark.both_backends
def test_creates_edits_and_deletes_are_searchable_at_once(client, admin, search, catalogue):
    slug = catalogue["melange"]["slug"]
    changed = client.patch(
        f"/api/v1/products/{slug}",
        json={"name": "Cascade Basin Mixer"},
        headers={**admin, "If-Match": "*"},
    )
    assert changed.status_code == 200
    assert names(search(q="cascade")) == ["Cascade Basin Mixer"]
    assert search(q="melange").json["meta"]["total"] == 0
    gone = client.delete(f"/api/v1/products/{slug}?hard=true", headers={**admin, "If-Match": "*"})
    assert gone.status_code == 204
    assert search(q="cascade").json["meta"]["total"] == 0
    assert pending(client.application) == 0


def test_a_rolled_back_transaction_leaves_no_trace(app, search, catalogue, runner):
    with app.app_context():
        phantom_product()
        db.session.flush()
        assert db.session.scalar(select(func.count(SearchOutbox.id))) == 1
        db.session.rollback()
    assert pending(app) == 0
    assert search(q="phantom").json["meta"]["total"] == 0
    assert runner.invoke(args=["search", "verify"]).exit_code == 0


@pytest.mark.both_backends
def test_a_refused_write_changes_neither_database_nor_index(client, editor, search, catalogue):
    slug = catalogue["heritage"]["slug"]
    refused = client.patch(
        f"/api/v1/products/{slug}",
        json={"name": "Renamed", "variants": [variant("X-1", "no-such-finish", "1.00")]},
        headers={**editor, "If-Match": "*"},
    )
    assert refused.status_code == 422
    assert search(q="renamed").json["meta"]["total"] == 0
    assert pending(client.application) == 0


@pytest.mark.both_backends
def test_renaming_terms_reindexes_the_products_that_use_them(client, editor, search, catalogue):
    changes = {
        "brands/jenor": {"name": "Bluewater Works"},
        "finishes/gunmetal": {"name": "Graphite"},
        "categories/kitchen-twin-handle": {"name": "Bridge faucets"},
        "certifications/wras": {"name": "Approved Scheme"},
    }
    for path, body in changes.items():
        response = client.patch(f"/api/v1/{path}", json=body, headers={**editor, "If-Match": "*"})
        assert response.status_code == 200, response.json
    assert set(names(search(q="bluewater"))) == {
        "Heritage Twin-Handle Kitchen Faucet",
        "Dual Lever Gun Metal Mixer Tap",
        "Arden Pull-Down Kitchen Faucet",
    }
    assert names(search(q="graphite")) == ["Heritage Twin-Handle Kitchen Faucet"]
    assert "Heritage Twin-Handle Kitchen Faucet" in names(search(q="bridge"))
    assert names(search(q="approved scheme")) == ["Dual Lever Gun Metal Mixer Tap"]
    facets = search(q="kitchen").json["facets"]
    assert {"value": "jenor", "label": "Bluewater Works", "count": 3} in facets["brand"]


def test_one_product_edited_many_times_has_exactly_one_current_copy(
    app, client, editor, search, catalogue, runner
):
    """Regression: a refreshed Whoosh searcher kept stale copies of updated documents."""
    slug = catalogue["pull_down"]["slug"]
    for edition in range(1, 26):
        response = client.patch(
            f"/api/v1/products/{slug}",
            json={"summary": f"Edition number{edition} of the spray"},
            headers={**editor, "If-Match": "*"},
        )
        assert response.status_code == 200
        assert search(q="arden").json["meta"]["total"] == 1
    assert search(q="number25").json["meta"]["total"] == 1
    assert search(q="number24").json["meta"]["total"] == 0
    with app.app_context():
        edited = db.session.scalar(select(Product.id).where(Product.slug == slug))
        with app.extensions["search"].store.view(document_type("product")) as view:
            keys = [key for key, _ in view.digests()]
    assert keys.count(edited) == 1
    assert len(keys) == len(set(keys)) == 7
    assert runner.invoke(args=["search", "verify"]).exit_code == 0


def test_searchers_are_reused_until_the_index_changes(app, client, editor, catalogue):
    product = declared_type(app, "product")
    with app.app_context():
        store = app.extensions["search"].store
        with store.view(product) as first, store.view(product) as second:
            assert first is second
    slug = catalogue["heritage"]["slug"]
    client.patch(
        f"/api/v1/products/{slug}", json={"summary": "New"}, headers={**editor, "If-Match": "*"}
    )
    with app.app_context(), store.view(product) as third:
        assert third is not first
        assert first.retired and first.searcher.is_closed


def test_the_drainer_indexes_the_database_as_it_is_at_drain_time(
    app, client, editor, search, catalogue, runner
):
    app.extensions["search"].drain_on_commit = False
    slug = catalogue["heritage"]["slug"]
    client.patch(
        f"/api/v1/products/{slug}",
        json={"name": "Snapshot Name"},
        headers={**editor, "If-Match": "*"},
    )
    with app.app_context():
        # A later change in raw SQL, which bypasses the outbox (so no outbox row of its own).
        db.session.execute(
            text("UPDATE products SET name = 'Current Name' WHERE slug = :slug"), {"slug": slug}
        )
        db.session.commit()
    assert pending(app) == 1
    result = runner.invoke(args=["search", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert names(search(q="current")) == ["Current Name"]
    assert search(q="snapshot").json["meta"]["total"] == 0


def test_a_busy_index_never_fails_a_write_and_catches_up(
    app, client, editor, search, catalogue, runner
):
    slug = catalogue["heritage"]["slug"]
    with index_locked(app):
        response = client.patch(
            f"/api/v1/products/{slug}",
            json={"name": "Locked Out"},
            headers={**editor, "If-Match": "*"},
        )
        assert response.status_code == 200
        assert search(q="locked").json["meta"]["total"] == 0
        assert pending(app) == 1
    assert runner.invoke(args=["search", "verify"]).exit_code == 1
    assert "indexed 1" in runner.invoke(args=["search", "worker", "--once"]).output
    assert names(search(q="locked")) == ["Locked Out"]
    assert pending(app) == 0


def test_verify_reports_drift_and_repair_fixes_it(app, search, catalogue, runner):
    with app.app_context():
        missing = drift_behind_the_index(catalogue)
        store = app.extensions["search"].store
        with store.writing(document_type("product"), timeout=1) as batch:
            batch.put(missing, None)
    verify_finds_and_repair_fixes_the_drift(runner, search)


def test_reindex_builds_a_fresh_index_and_swaps_it_in(app, search, catalogue, runner):
    link = Path(app.config["SEARCH_INDEX_DIR"]) / "product"
    before = link.resolve()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "product: 7 document(s) indexed" in result.output
    assert link.resolve() != before and before.exists()  # kept one rebuild for open searchers
    assert names(search(q="arden")) == ["Arden Pull-Down Kitchen Faucet"]
    runner.invoke(args=["search", "reindex"])
    assert not before.exists()
    assert runner.invoke(args=["search", "verify"]).exit_code == 0


def test_a_large_rebuild_analyses_in_subprocesses_and_stays_exact(
    app, search, catalogue, runner, monkeypatch
):
    monkeypatch.setattr(search_store, "PARALLEL_BUILD", 1)  # as for a catalogue of thousands
    result = runner.invoke(args=["search", "reindex", "--type", "product"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["search", "verify"]).exit_code == 0
    assert names(search(q="arden")) == ["Arden Pull-Down Kitchen Faucet"]
    assert search(q="kitchen").json["meta"]["total"] == 3


def test_a_large_rebuild_beside_running_threads_forks_nothing(
    app, search, catalogue, runner, monkeypatch
):
    # A fork copies whatever lock another thread holds at that instant (Python 3.12 warns).
    monkeypatch.setattr(search_store, "PARALLEL_BUILD", 1)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("the rebuild forked a threaded process"))
    release = threading.Event()
    busy = threading.Thread(target=release.wait, daemon=True)
    busy.start()
    try:
        result = runner.invoke(args=["search", "reindex", "--type", "product"])
    finally:
        release.set()
        busy.join()
    assert result.exit_code == 0, result.output
    assert names(search(q="arden")) == ["Arden Pull-Down Kitchen Faucet"]
    assert search(q="kitchen").json["meta"]["total"] == 3
