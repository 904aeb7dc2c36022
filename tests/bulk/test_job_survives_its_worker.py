"""An import whose web worker is killed mid-write is resumed by the next one, and each product
ends up written exactly once and whole."""

import io
import json
import os
import signal
import time
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from catalog import services
from catalog.models import Brand, Category, Finish, Product, Variant
from core.audit.models import AuditEntry
from core.auth.models import Role
from core.extensions import db
from tests.conftest import ADMIN_PASSWORD, create_user
from tests.live_server import call, running_gunicorn, server_environment

pytestmark = pytest.mark.slow
PRODUCTS = 1500
HEADER = "slug,name,brand,category,handle_type,mounting,spout_type,status," + (
    "sku,finish,price,currency"
)


def range_file() -> bytes:
    rows = [HEADER]
    for n in range(PRODUCTS):
        common = f"tap-{n},Tap {n},acme,taps,single,deck,fixed,published"
        rows.append(f"{common},T{n}-A,chrome,{10 + n % 90}.00,EUR")
        rows.append(f"tap-{n},,,,,,,,T{n}-B,chrome,{11 + n % 90}.50,EUR")
    return "\n".join(rows).encode()


def post_file(base: str, headers: dict, data: bytes) -> dict:
    upload = FileStorage(io.BytesIO(data), filename="range.csv")
    boundary, body = encode_multipart({"file": upload, "dry_run": "false"})
    request = Request(  # noqa: S310  (loopback only)
        base + "/api/v1/imports", data=body, method="POST", headers=headers
    )
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    with urlopen(request, timeout=30) as response:  # noqa: S310  (loopback only)
        assert response.status == 202
        return json.loads(response.read())


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def wait_for(base, headers, job_id, test, timeout=120.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        _, _, job = call(base, "GET", f"/api/v1/imports/{job_id}", headers=headers)
        if test(job):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


@pytest.fixture
def taxonomy_and_admin(app):
    create_user(app, "admin@example.com", ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    with app.app_context():
        services.create_term(Brand, {"name": "Acme", "slug": "acme"})
        services.create_term(Category, {"name": "Taps", "slug": "taps"})
        services.create_term(Finish, {"name": "Chrome", "slug": "chrome"})


def test_a_killed_worker_s_import_is_resumed_and_every_product_is_written_once(
    app, database_url, tmp_path, taxonomy_and_admin
):
    environment = server_environment(
        database_url, tmp_path, 1, IMPORT_LEASE_SECONDS="3", IMPORT_POLL_SECONDS="0.5"
    )
    with running_gunicorn(environment, tmp_path / "gunicorn.log") as (server, base):
        _, _, token = call(
            base,
            "POST",
            "/api/v1/auth/tokens",
            {"email": "admin@example.com", "password": ADMIN_PASSWORD},
        )
        headers = {"Authorization": f"Bearer {token['token']}"}
        job = post_file(base, headers, range_file())
        wait_for(
            base,
            headers,
            job["id"],
            lambda j: j["progress"]["products_done"] >= 100 and j["state"] == "applying",
        )
        for pid in worker_pids(server.pid):
            os.kill(pid, signal.SIGKILL)
        stopped_at = wait_for(base, headers, job["id"], lambda j: True)["progress"]["products_done"]
        assert stopped_at < PRODUCTS, "the import finished before its worker was killed"
        done = wait_for(base, headers, job["id"], lambda j: j["state"] == "applied")

    assert done["summary"]["created"] + done["summary"].get("failed", 0) <= PRODUCTS
    assert done["progress"]["products_done"] == PRODUCTS
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Product)) == PRODUCTS
        per_product = db.session.execute(
            select(Variant.product_id, func.count()).group_by(Variant.product_id)
        ).all()
        assert {count for _, count in per_product} == {2} and len(per_product) == PRODUCTS
        entries = db.session.execute(
            select(AuditEntry.object_id, func.count())
            .where(AuditEntry.object_type == "product")
            .group_by(AuditEntry.object_id)
        ).all()
        assert len(entries) == PRODUCTS and {count for _, count in entries} == {1}
