"""Several gunicorn workers, a read-only index and a killed indexer: the index still catches up.

These start real processes on 127.0.0.1 (a free port), share the test database and index
directory with the test, and stop themselves within bounded time.
"""

import fcntl
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, literal, select

from catalog.models import Product
from catalog.synthetic import generate_products
from core.clock import utcnow
from core.extensions import db
from core.models import UTCDateTime
from search.indexer import DRAIN_BATCH, drain, verify
from search.outbox import SearchOutbox
from search.registry import document_type
from tests.catalog.conftest import BASE_PRODUCT, variant
from tests.live_server import PROJECT, call, gunicorn_server
from tests.search.indexing import product_index_dir, read_only, wait_until

pytestmark = pytest.mark.slow
CATCH_UP_SECONDS = 2.0
READY_PATH = "/api/v1/search?q=ready"


def _environment(app, **extra) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "FLASK_APP": "wsgi",
        "DATABASE_URL": app.config["DATABASE_URL"],
        "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": "false",
        "SEARCH_DRAIN_INTERVAL": "0.5",
        **extra,
    }


def wait_for_no_drift(app, seconds: float) -> float:
    """Poll `verify` until the index matches the database; returns how long it took."""
    started = time.monotonic()
    with app.app_context():
        store = app.extensions["search"].store
        while True:
            drift = verify(store, document_type("product"))
            elapsed = time.monotonic() - started
            if not drift.count or elapsed > seconds:
                assert not drift.count, drift
                return elapsed
            time.sleep(0.05)


def product_body(name: str, sku: str) -> dict:
    return {**BASE_PRODUCT, "name": name, "variants": [variant(sku, "chrome", "150.00")]}


def test_200_concurrent_admin_writes_on_four_workers_leave_no_drift(
    app, client, admin, taxonomy, tmp_path
):
    existing = []
    for number in range(40):
        response = client.post(
            "/api/v1/products", json=product_body(f"Seed {number}", f"SEED-{number}"), headers=admin
        )
        assert response.status_code == 201, response.json
        existing.append(response.json["slug"])
    edits = [("PATCH", slug, round_) for slug in existing[:20] for round_ in range(3)]
    deletes = [("DELETE", slug, 0) for slug in existing[20:]]
    creates = [("POST", f"Load {number}", number) for number in range(120)]
    operations = edits + deletes + creates
    random.Random(7).shuffle(operations)
    assert len(operations) == 200

    with gunicorn_server(
        _environment(app, WEB_CONCURRENCY="4"), tmp_path / "gunicorn.log", READY_PATH
    ) as base:
        write = {**admin, "If-Match": "*"}

        def perform(operation) -> int:
            method, target, number = operation
            if method == "POST":
                body = product_body(target, f"LOAD-{number}")
                return call(base, "POST", "/api/v1/products", body, admin)[0]
            if method == "PATCH":
                body = {"name": f"Edited {target} {number}", "summary": f"round {number}"}
                return call(base, "PATCH", f"/api/v1/products/{target}", body, write)[0]
            return call(base, "DELETE", f"/api/v1/products/{target}?hard=true", None, write)[0]

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(perform, operations))
        assert set(statuses) <= {200, 201, 204}, statuses
        caught_up_after = wait_for_no_drift(app, CATCH_UP_SECONDS)
        assert caught_up_after <= CATCH_UP_SECONDS
        status, _, found = call(base, "GET", "/api/v1/search?q=load&per_page=1")
        assert status == 200 and found["meta"]["total"] == 120


def search_total(base: str, words: str) -> int:
    status, _, found = call(base, "GET", f"/api/v1/search?q={words}")
    assert status == 200, found
    return found["meta"]["total"]


def readiness(base: str) -> dict:
    status, _, body = call(base, "GET", "/readyz")
    assert status == 200, body  # an unwritable index degrades the app; it stays in service
    return body


def degraded_index(base: str) -> str | None:
    """What /readyz says of the search index, when it reports it degraded."""
    body = readiness(base)
    return body["checks"]["search index"] if body["status"] == "degraded" else None


def test_writes_succeed_while_the_index_is_read_only_and_it_catches_up_after(
    app, client, admin, taxonomy, tmp_path
):
    with gunicorn_server(
        _environment(app, WEB_CONCURRENCY="2"), tmp_path / "gunicorn.log", READY_PATH
    ) as base:
        created = call(base, "POST", "/api/v1/products", product_body("Before", "RO-1"), admin)
        assert created[0] == 201
        with read_only(product_index_dir(app)):
            sealed = product_body("Sealed", "RO-2")
            assert call(base, "POST", "/api/v1/products", sealed, admin)[0] == 201
            reason = wait_until(
                lambda: degraded_index(base), CATCH_UP_SECONDS, "/readyz reporting the index"
            )
            assert reason.startswith("degraded: search index not writable: [Errno ")
            assert search_total(base, "sealed") == 0
        wait_until(lambda: search_total(base, "sealed") == 1, CATCH_UP_SECONDS + 1, "catching up")
        wait_until(lambda: readiness(base)["status"] == "ready", CATCH_UP_SECONDS, "recovering")
    wait_for_no_drift(app, CATCH_UP_SECONDS)


def _lock_is_held(lock_file: Path) -> bool:
    with open(lock_file, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def pending_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(SearchOutbox.id)))


def test_an_indexer_killed_mid_drain_leaves_an_index_that_opens_and_catches_up(
    app, client, admin, taxonomy
):
    first = client.post("/api/v1/products", json=product_body("First", "K-1"), headers=admin)
    assert first.status_code == 201
    with app.app_context():
        generate_products(DRAIN_BATCH * 3 // 2, lambda done: None)
        outbox = SearchOutbox.__table__
        db.session.execute(
            outbox.insert().from_select(
                ["doc_type", "doc_id", "created_at"],
                # In id order, so "First" is in the first batch (always indexed and forgotten).
                select(literal("product"), Product.id, literal(utcnow(), UTCDateTime)).order_by(
                    Product.id
                ),
            )
        )
        db.session.commit()
    pending = pending_rows(app)
    # One row per product: "First" was indexed when it was created.
    assert pending == 1 + DRAIN_BATCH * 3 // 2
    lock_file = product_index_dir(app) / "MAIN_WRITELOCK"

    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "search", "worker", "--once"],
        cwd=PROJECT,
        env=_environment(app),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def writing_a_later_batch() -> bool:
            assert worker.poll() is None, "the worker finished before it could be killed"
            return pending_rows(app) < pending and _lock_is_held(lock_file)

        wait_until(writing_a_later_batch, 30, "the worker indexing its second batch")
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait(timeout=10)
    assert worker.returncode == -signal.SIGKILL

    assert not _lock_is_held(lock_file)
    # The worker indexes DRAIN_BATCH rows at a time and forgets each batch in one transaction:
    # whole batches are gone, at least one is, and the killed one is still queued.
    forgotten = pending - pending_rows(app)
    left = pending - forgotten
    assert forgotten % DRAIN_BATCH == 0 and 0 < forgotten < pending, forgotten
    with app.app_context():
        store = app.extensions["search"].store
        with store.view(document_type("product")) as view:
            # The index opens with each forgotten batch in it. The killed batch is not, unless
            # the kill landed between its index commit and forgetting its rows (then it is whole).
            live = int(view.live.sum())  # `size` also counts the copies an update replaced
            assert live in (forgotten, min(forgotten + DRAIN_BATCH, pending)), live
        # Each row left is drained exactly once more: none was lost, none is counted twice.
        assert drain(store, timeout=5) == left
        assert not verify(store, document_type("product")).count


def test_a_single_indexer_process_drains_continuously(app, client, admin, taxonomy):
    app.extensions["search"].drain_on_commit = False  # as if the web workers left it all to it
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "search", "worker", "--interval", "0.1"],
        cwd=PROJECT,
        env=_environment(app),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for number, name in enumerate(("Nightly", "Weekly")):
            body = product_body(name, f"W-{number}")
            assert client.post("/api/v1/products", json=body, headers=admin).status_code == 201
            deadline = time.monotonic() + 15
            while client.get("/api/v1/search", query_string={"q": name}).json["meta"]["total"] < 1:
                assert worker.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
