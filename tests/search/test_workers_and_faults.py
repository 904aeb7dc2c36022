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
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, literal, select

from catalog.models import Product
from catalog.synthetic import generate_products
from core.clock import utcnow
from core.extensions import db
from core.models import UTCDateTime
from search.indexer import drain, verify
from search.outbox import SearchOutbox
from search.registry import document_type
from tests.catalog.conftest import BASE_PRODUCT, variant
from tests.live_server import PROJECT, call, gunicorn_server

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


@contextmanager
def read_only(directory: Path):
    """Make `directory` unwritable, even for root (which ignores permission bits)."""
    if os.geteuid() == 0:
        sealing = subprocess.run(["chattr", "+i", str(directory)], check=False)  # noqa: S603,S607
        if sealing.returncode:
            pytest.skip("cannot make a directory read-only for root here (no chattr support)")
        undo = ["chattr", "-i", str(directory)]
    else:
        directory.chmod(0o555)
        undo = ["chmod", "755", str(directory)]
    try:
        yield
    finally:
        subprocess.run(undo, check=True)  # noqa: S603


def test_writes_succeed_while_the_index_is_read_only_and_it_catches_up_after(
    app, client, admin, taxonomy, tmp_path
):
    with gunicorn_server(
        _environment(app, WEB_CONCURRENCY="2"), tmp_path / "gunicorn.log", READY_PATH
    ) as base:
        created = call(base, "POST", "/api/v1/products", product_body("Before", "RO-1"), admin)
        assert created[0] == 201
        index_directory = (Path(app.config["SEARCH_INDEX_DIR"]) / "product").resolve()
        with read_only(index_directory):
            sealed = product_body("Sealed", "RO-2")
            assert call(base, "POST", "/api/v1/products", sealed, admin)[0] == 201
            time.sleep(1.0)  # background retries run and fail meanwhile
            assert call(base, "GET", "/api/v1/search?q=sealed")[2]["meta"]["total"] == 0
        deadline = time.monotonic() + CATCH_UP_SECONDS + 1
        while call(base, "GET", "/api/v1/search?q=sealed")[2]["meta"]["total"] == 0:
            assert time.monotonic() < deadline, "the index never caught up"
            time.sleep(0.1)
    wait_for_no_drift(app, CATCH_UP_SECONDS)


def _lock_is_held(lock_file: Path) -> bool:
    with open(lock_file, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_an_indexer_killed_mid_drain_leaves_an_index_that_opens_and_catches_up(
    app, client, admin, taxonomy
):
    assert client.post("/api/v1/products", json=product_body("First", "K-1"), headers=admin)
    with app.app_context():
        generate_products(1500, lambda done: None)
        outbox = SearchOutbox.__table__
        db.session.execute(
            outbox.insert().from_select(
                ["doc_type", "doc_id", "created_at"],
                select(literal("product"), Product.id, literal(utcnow(), UTCDateTime)),
            )
        )
        db.session.commit()
        pending = db.session.scalar(select(func.count(SearchOutbox.id)))
    lock_file = (Path(app.config["SEARCH_INDEX_DIR"]) / "product").resolve() / "MAIN_WRITELOCK"

    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "search", "worker", "--once"],
        cwd=PROJECT,
        env=_environment(app),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not _lock_is_held(lock_file):
            assert worker.poll() is None, "the worker finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        time.sleep(0.3)  # well into loading and writing the first batch
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait(timeout=10)
    assert worker.returncode == -signal.SIGKILL

    assert not _lock_is_held(lock_file)
    with app.app_context():
        assert db.session.scalar(select(func.count(SearchOutbox.id))) > 0
        store = app.extensions["search"].store
        with store.view(document_type("product")) as view:
            assert view.size >= 1  # the index opens; the killed batch simply is not there
        assert drain(store, timeout=5) >= pending - 1500
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
