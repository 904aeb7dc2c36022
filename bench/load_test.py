"""Load and fault test: gunicorn workers under browsing, search and admin edits, then an audit.

    PYTHONPATH=. .venv/bin/python bench/load_test.py [--seconds 60] [--clients 16]

Runs on SQLite (a temporary file), then on PostgreSQL (`--database-url`, whose schema is
dropped and rebuilt). Each run loads the demo data, serves it with gunicorn on a free loopback
port, lets the clients loose for `--seconds`, stops by itself, and checks that no request got a
5xx and no acknowledged edit was lost: each edit appends a unique token to a product's
description (with If-Match), and every acknowledged token must be in the database and found by
search, with `flask search verify` clean. Each acknowledged edit is then searched for until it
is found: edit-to-searchable p95 must stay under a second while the load runs. Rate limits are
off: the clients share one address.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from loopback import (
    PROJECT,
    first_traceback,
    flask_command,
    http_request,
    logged_exceptions,
    percentiles_ms,
    serve,
)
from sqlalchemy import create_engine, text

from core.config import normalise_database_url

ADMIN_EMAIL = "load@example.com"
ADMIN_PASSWORD = "load test password"  # noqa: S105  (a throwaway account)
EDITED_PRODUCTS = 8  # few, so that editors collide and If-Match retries happen
EDIT_ATTEMPTS = 20
SEARCHABLE_WAIT = 5.0  # seconds an acknowledged edit may take to be found before it counts as never
SEARCHABLE_P95_MS = 1000
WORDS = ("faucet", "kitchen", "chrome", "basin mixer", "brass", "thermostatic", "pull down")
PREFIXES = ("fau", "kit", "chr", "bas", "bra", "the")


@dataclass
class Tally:
    """What the clients saw, per kind of request."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    edits: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    searchable: list[float] = field(default_factory=list)  # seconds from PATCH to found
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1

    def acknowledge(self, slug: str, token: str) -> None:
        with self.lock:
            self.edits[slug].append(token)


class Client:
    """One simulated user: mostly a shopper, sometimes a searcher, now and then an editor."""

    def __init__(self, port: int, token: str, catalogue: dict, tally: Tally, seed: int) -> None:
        self.port, self.catalogue, self.tally = port, catalogue, tally
        self.auth = {"Authorization": f"Bearer {token}"}
        self.random = random.Random(seed)
        self.seed, self.edits = seed, 0

    def call(self, kind: str, method: str, path: str, body=None, headers=None):
        headers = {**(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        before = time.perf_counter()
        status, response_headers, raw = http_request(self.port, path, method, data, headers)
        self.tally.record(kind, status, time.perf_counter() - before)
        return status, response_headers, raw

    def run(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            roll = self.random.random()
            if roll < 0.6:
                self.browse()
            elif roll < 0.9:
                self.search()
            else:
                self.edit()

    def browse(self) -> None:
        pick = self.random.choice
        category, brand = pick(self.catalogue["categories"]), pick(self.catalogue["brands"])
        path = pick(
            (
                f"/api/v1/products?{urlencode({'category': category, 'sort': 'price'})}",
                f"/api/v1/products?{urlencode({'brand': brand, 'in_stock': 'true'})}",
                f"/api/v1/products/{pick(self.catalogue['products'])}",
                "/api/v1/categories",
                "/api/v1/articles",
                f"/api/v1/articles/{pick(self.catalogue['articles'])}",
            )
        )
        self.call("browse", "GET", path)

    def search(self) -> None:
        if self.random.random() < 0.7:
            query = urlencode({"q": self.random.choice(WORDS)})
            self.call("search", "GET", f"/api/v1/search?{query}")
        else:
            query = urlencode({"q": self.random.choice(PREFIXES)})
            self.call("search", "GET", f"/api/v1/search/suggest?{query}")

    def edit(self) -> None:
        """Append a unique token to a product's description; on 412 read again and retry.

        An overwrite that did not see the latest version would drop someone's token, so every
        acknowledged token still being there afterwards proves no update was lost.
        """
        slug = self.random.choice(self.catalogue["products"][:EDITED_PRODUCTS])
        self.edits += 1
        token = f"lt{self.seed}x{self.edits}tok"
        url = f"/api/v1/products/{slug}"
        for _ in range(EDIT_ATTEMPTS):
            status, headers, raw = self.call("edit", "GET", url, headers=self.auth)
            change = {"description": f"{json.loads(raw)['description']} {token}"}
            sent = time.perf_counter()
            status, headers, raw = self.call(
                "edit", "PATCH", url, change, {**self.auth, "If-Match": headers["ETag"]}
            )
            if status == 200:
                self.tally.acknowledge(slug, token)
                self.wait_until_searchable(token, sent)
                return
            if status != 412:
                return

    def wait_until_searchable(self, token: str, sent: float) -> None:
        """Search for an edit's token until it is found; record the delay from its PATCH."""
        query = urlencode({"q": token, "type": "product"})
        while time.perf_counter() - sent < SEARCHABLE_WAIT:
            status, _, raw = self.call("search", "GET", f"/api/v1/search?{query}")
            if status == 200 and json.loads(raw)["meta"]["total"]:
                with self.tally.lock:
                    self.tally.searchable.append(time.perf_counter() - sent)
                return
            time.sleep(0.02)
        with self.tally.lock:
            self.tally.searchable.append(float("inf"))


def environment(database_url: str, workdir: str) -> dict[str, str]:
    """The server's and the CLI's environment: this database, a fresh index, no rate limits."""
    return {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "FLASK_APP": "wsgi",
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_DIR": str(Path(workdir) / "search-index"),
        "SECRET_KEY": "load-test-secret",
        "RATELIMIT_ENABLED": "false",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
    }


def prepare(env: dict[str, str]) -> None:
    """An empty schema (PostgreSQL's is dropped first), the demo data and an admin."""
    if env["DATABASE_URL"].startswith("postgres"):
        engine = create_engine(normalise_database_url(env["DATABASE_URL"]))
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    flask_command(env, "db", "upgrade")
    flask_command(env, "demo", "load")
    create_admin = ("users", "create", "--email", ADMIN_EMAIL, "--role", "admin")
    flask_command(env, *create_admin, "--password", ADMIN_PASSWORD)
    flask_command(env, "search", "reindex")


def read_catalogue(port: int) -> dict[str, list[str]]:
    """The slugs the clients pick from."""

    def slugs(path: str) -> list[str]:
        return [item["slug"] for item in json.loads(http_request(port, path)[2])["items"]]

    return {
        "products": slugs("/api/v1/products?per_page=100"),
        "categories": slugs("/api/v1/categories?per_page=100"),
        "brands": slugs("/api/v1/brands?per_page=100"),
        "articles": slugs("/api/v1/articles?per_page=100"),
    }


def sign_in(port: int) -> str:
    body = json.dumps({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).encode()
    headers = {"Content-Type": "application/json"}
    status, _, raw = http_request(port, "/api/v1/auth/tokens", "POST", body, headers)
    assert status == 201, raw
    return json.loads(raw)["token"]


def lost_updates(port: int, tally: Tally) -> list[str]:
    """Acknowledged edits missing from the database or not found by search."""
    lost = []
    for slug, tokens in tally.edits.items():
        stored = json.loads(http_request(port, f"/api/v1/products/{slug}")[2])["description"]
        lost += [f"{slug}: {token} not in the database" for token in tokens if token not in stored]

    def found(slug_and_token: tuple[str, str]) -> bool:
        query = urlencode({"q": slug_and_token[1]})
        hits = json.loads(http_request(port, f"/api/v1/search?{query}")[2])["items"]
        return [hit["document"]["slug"] for hit in hits] == [slug_and_token[0]]

    edits = [(slug, token) for slug, tokens in tally.edits.items() for token in tokens]
    with ThreadPoolExecutor(8) as pool:
        for (slug, token), ok in zip(edits, pool.map(found, edits), strict=True):
            if not ok:
                lost.append(f"{slug}: {token} not found by search")
    return lost


def wait_until_verified(env: dict[str, str], seconds: float) -> subprocess.CompletedProcess:
    """`flask search verify`, retried until it passes or `seconds` have gone by."""
    deadline = time.monotonic() + seconds
    while True:
        result = flask_command(env, "search", "verify", check=False)
        if result.returncode == 0 or time.monotonic() > deadline:
            return result
        time.sleep(1)


def run_load(database_url: str, seconds: float, clients: int, workers: int = 4) -> dict:
    """One full run against `database_url`; returns the figures and what went wrong."""
    with tempfile.TemporaryDirectory() as workdir:
        env = environment(database_url, workdir)
        prepare(env)
        server, port = serve("wsgi:app", env, workers, workdir)
        try:
            token, catalogue, tally = sign_in(port), read_catalogue(port), Tally()
            deadline = time.monotonic() + seconds
            started = time.perf_counter()
            users = [Client(port, token, catalogue, tally, seed) for seed in range(clients)]
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(lambda user: user.run(deadline), users))  # re-raises any error
            elapsed = time.perf_counter() - started
            verified = wait_until_verified(env, 15)
            lost = lost_updates(port, tally)
        finally:
            server.terminate()
            server.wait(timeout=30)
        exceptions = logged_exceptions(workdir, "wsgi:app")
        traceback = first_traceback(workdir, "wsgi:app")
    return {
        "tally": tally,
        "elapsed": elapsed,
        "verify": verified,
        "lost": lost,
        "exceptions": exceptions,
        "traceback": traceback,
    }


def report(name: str, run: dict, latency_target: bool = True) -> list[str]:
    """Print the run's table; return its failures (with `latency_target`, a slow p95 too)."""
    tally, elapsed = run["tally"], run["elapsed"]
    total = sum(len(latencies) for latencies in tally.latencies.values())
    print(f"\n{name}: {total} requests in {elapsed:.1f} s = {total / elapsed:.0f} req/s")
    print(f"{'kind':8} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
          f" {'4xx':>5} {'5xx':>5}")  # fmt: skip
    server_errors = 0
    for kind in sorted(tally.latencies):
        latencies, statuses = tally.latencies[kind], tally.statuses[kind]
        p50, p95, p99 = percentiles_ms(latencies, 50, 95, 99)
        client_errors = sum(n for status, n in statuses.items() if 400 <= status < 500)
        kind_server_errors = sum(n for status, n in statuses.items() if status >= 500)
        server_errors += kind_server_errors
        print(f"{kind:8} {len(latencies):8d} {len(latencies) / elapsed:7.1f} {p50:7.1f}"
              f" {p95:7.1f} {p99:7.1f} {client_errors:5d} {kind_server_errors:5d}")  # fmt: skip
    acknowledged = sum(len(edits) for edits in tally.edits.values())
    conflicts = tally.statuses["edit"].get(412, 0)
    print(f"edits acknowledged: {acknowledged}, 412 retries: {conflicts}, "
          f"lost: {len(run['lost'])}; search verify: {run['verify'].stdout.strip()!r}")  # fmt: skip
    failures = [f"{name}: {message}" for message in run["lost"]]
    if server_errors:
        logged = "; ".join(f"{line} (x{n})" for line, n in run["exceptions"].most_common(5))
        failures.append(f"{name}: {server_errors} server error(s); the server logged: {logged}")
        print(f"the first traceback the server logged:\n{run['traceback']}")
    if run["verify"].returncode:
        failures.append(f"{name}: flask search verify failed")
    if not acknowledged:
        failures.append(f"{name}: no edit was acknowledged")
    searchable = run["tally"].searchable
    p50, p95 = percentiles_ms(searchable, 50, 95)
    print(f"edit-to-searchable over {len(searchable)} edits: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    if latency_target and p95 >= SEARCHABLE_P95_MS:
        failures.append(f"{name}: edit-to-searchable p95 {p95:.0f} ms (target < 1000)")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1/load_phase2")
    parser.add_argument("--skip-postgres", action="store_true")
    options = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        targets = {"SQLite": f"sqlite:///{Path(scratch) / 'load.db'}"}
        if not options.skip_postgres:
            targets["PostgreSQL"] = options.database_url
        for name, url in targets.items():
            run = run_load(url, options.seconds, options.clients, options.workers)
            failures += report(name, run)
    for failure in failures:
        print("FAILED", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
