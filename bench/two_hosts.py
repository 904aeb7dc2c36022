"""Edits through the HTTP API, and the two-host run: two gunicorn instances on one database.

An edit renames a product with a made-up word (PATCH with If-Match); it is searchable on a host
once that host's /api/v1/search finds the product by the word. In the two-host run each host has
its own SEARCH_INDEX_DIR; edits alternate between the hosts and both are polled after each one,
at the same time, from the moment the PATCH was sent.
"""

import json
import re
import secrets
import shutil
import string
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from urllib.parse import urlencode

from loopback import Reply, drive_each, http_request, logged_exceptions, serve
from search_corpus import ADMIN
from search_queries import QueryMaker

TOO_LONG = 10.0  # seconds an edit may take to show up on a host before it counts as never
POLL_SECONDS = 0.01
WORD_LETTERS = 12
# The words earlier edits appended: replaced, so names stay short over runs and trials.
EDIT_WORDS = re.compile(rf"(?: [a-z]{{{WORD_LETTERS}}})+$")
HOSTS = ("A", "B")
IDENTITY_FILE = "identity"  # a Whoosh index directory's name for itself (search.sharing)


@dataclass
class HostRun:
    """What one host of the two-host run showed."""

    name: str
    index_dir: str
    readiness: str = ""  # "200 ready", "200 degraded" or "503 not ready"
    reasons: list[str] = field(default_factory=list)  # each /readyz check that is not "ok"
    queries: list[Reply] = field(default_factory=list)  # the cold mix, each query sent once
    delays: list[float | None] = field(default_factory=list)  # per edit; None: never found
    at_once: int = 0  # edits the first search after the PATCH returned found
    edits_sent: int = 0
    exceptions: Counter = field(default_factory=Counter)

    @property
    def found(self) -> list[float]:
        """The delays of the edits this host found in time."""
        return [delay for delay in self.delays if delay is not None]


def admin_token(port: int) -> str:
    """A bearer token for the benchmark's admin."""
    request = json.dumps({"email": ADMIN[0], "password": ADMIN[1]}).encode()
    status, _, body = http_request(
        port, "/api/v1/auth/tokens", "POST", request, {"Content-Type": "application/json"}
    )
    assert status == 201, body[:200]
    return json.loads(body)["token"]


def rename_product(port: int, slug: str, token: str) -> tuple[str, float]:
    """Rename product `slug` with a fresh made-up word; returns the word and when (perf_counter)
    the PATCH was sent."""
    status, headers, body = http_request(port, f"/api/v1/products/{slug}")
    assert status == 200, body[:200]
    # Fresh in every trial and run: a word an earlier one left in the index would be found at once.
    word = "".join(secrets.choice(string.ascii_lowercase) for _ in range(WORD_LETTERS))
    name = EDIT_WORDS.sub("", json.loads(body)["name"])
    change = json.dumps({"name": f"{name} {word}"}).encode()
    edit = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "If-Match": headers["ETag"],
    }
    started = time.perf_counter()
    status, _, body = http_request(port, f"/api/v1/products/{slug}", "PATCH", change, edit)
    assert status == 200, body[:200]
    return word, started


def searchable_after(port: int, slug: str, word: str, started: float) -> tuple[float | None, bool]:
    """Seconds from `started` until /api/v1/search on `port` finds product `slug` by `word`
    (None when TOO_LONG passes first), and whether the first search after the edit did."""
    search = f"/api/v1/search?{urlencode({'q': word, 'type': 'product'})}"
    searches = 0
    while time.perf_counter() - started < TOO_LONG:
        status, _, body = http_request(port, search)
        searches += 1
        items = json.loads(body)["items"] if status == 200 else []
        if any(item["document"]["slug"] == slug for item in items):
            return time.perf_counter() - started, searches == 1
        time.sleep(POLL_SECONDS)
    return None, False


def copy_index(source: str, target: str) -> None:
    """Give a second Whoosh host the index its own `flask search reindex` would build now: a copy
    of `source` (stopped), without its identity, so the copy claims the outbox as another host."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns(IDENTITY_FILE))


def readiness(port: int) -> tuple[str, list[str]]:
    """The host's /readyz verdict ("200 ready" …) and each check that is not "ok", with why."""
    status, _, body = http_request(port, "/readyz")
    document = json.loads(body)
    if status == 200:
        verdicts = document["checks"]
        label = document["status"]
    else:  # a problem document: `errors` lists the checks that are not "ok"
        verdicts = {name: " ".join(texts) for name, texts in document.get("errors", {}).items()}
        label = "not ready"
    reasons = [f"{name}: {verdict}" for name, verdict in verdicts.items() if verdict != "ok"]
    return f"{status} {label}", reasons


def run_two_hosts(
    environment: dict, index_dirs: tuple[str, str], workdir: str, maker: QueryMaker, slugs, args
) -> list[HostRun]:
    """Serve one database from two gunicorn instances (A, then B), each with its own index dir;
    send each a cold query mix, then edit through A and B in turn, polling both after each."""
    hosts = [HostRun(name, directory) for name, directory in zip(HOSTS, index_dirs, strict=True)]
    logs = [Path(workdir) / f"host-{host.name.lower()}" for host in hosts]
    servers = []
    try:
        # A answers before B starts: with Whoosh, the index active the longest keeps the outbox.
        for host, log in zip(hosts, logs, strict=True):
            log.mkdir(parents=True, exist_ok=True)
            settings = {**environment, "SEARCH_INDEX_DIR": host.index_dir}
            servers.append(serve("wsgi:app", settings, args.workers, str(log)))
        ports = [port for _, port in servers]
        for port in ports:  # each worker opens its index on its first requests
            drive_each(port, [query.path for query in maker.mix(args.workers)], args.clients)
        for host, port in zip(hosts, ports, strict=True):
            cold = [query.path for query in maker.mix(args.host_queries)]
            host.queries, _ = drive_each(port, cold, args.clients, args.seconds)
        token = admin_token(ports[0])
        with ThreadPoolExecutor(len(ports)) as pool:
            for number, slug in enumerate(slugs):
                via = number % len(ports)
                hosts[via].edits_sent += 1
                word, started = rename_product(ports[via], slug, token)
                polled = (ports, repeat(slug), repeat(word), repeat(started))
                found = pool.map(searchable_after, *polled)
                for host, (delay, first) in zip(hosts, found, strict=True):
                    host.delays.append(delay)
                    host.at_once += first
        for host, port in zip(hosts, ports, strict=True):
            host.readiness, host.reasons = readiness(port)
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            process.wait(timeout=30)
    for host, log in zip(hosts, logs, strict=True):
        host.exceptions = logged_exceptions(str(log), "wsgi:app")
    return hosts
