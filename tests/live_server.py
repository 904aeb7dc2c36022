"""Real gunicorn servers on loopback for the multi-process tests, and a small JSON client."""

import json
import os
import signal
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from bench.loopback import PROJECT, START_TIMEOUT, free_port, launch_gunicorn, wait_until_answering

REQUEST_TIMEOUT = 30


def call(base: str, method: str, path: str, body=None, headers=None) -> tuple[int, Message, dict]:
    """One HTTP request to the local server: (status, headers, JSON body or {})."""
    data = json.dumps(body).encode() if body is not None else None
    request = Request(base + path, data=data, method=method, headers=headers or {})  # noqa: S310
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310  (loopback only)
            return response.status, response.headers, json.loads(response.read() or b"{}")
    except HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"{}")


def server_environment(database_url: str, folder: Path, workers: int, **settings: str) -> dict:
    """The environment of a test server: its database, index folder, cheap hashing, no limits."""
    return {
        "WEB_CONCURRENCY": str(workers),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "SEARCH_INDEX_DIR": str(folder / "search-index"),
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_KIB": "1024",
        "RATELIMIT_ENABLED": "false",
        **settings,
    }


def start_gunicorn(
    environment: dict[str, str],
    log_path: Path,
    arguments: Sequence[str] = (),
    application: str = "wsgi:app",
) -> tuple[subprocess.Popen, str]:
    """Start gunicorn as `make run` does (plus `arguments`) on a free loopback port."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), **environment, "BIND": f"127.0.0.1:{port}"}
    server = launch_gunicorn(
        ["--config", "gunicorn.conf.py", *arguments, application],
        cwd=PROJECT,
        environment=env,
        log_path=log_path,
    )
    return server, f"http://127.0.0.1:{port}"


@contextmanager
def gunicorn_server(
    environment: dict[str, str],
    log_path: Path,
    ready_path: str = "/healthz",
    arguments: Sequence[str] = (),
    application: str = "wsgi:app",
) -> Iterator[str]:
    """Run gunicorn with `make run`'s settings on a free loopback port; yields its base URL."""
    with running_gunicorn(environment, log_path, ready_path, arguments, application) as (_, base):
        yield base


@contextmanager
def running_gunicorn(
    environment: dict[str, str],
    log_path: Path,
    ready_path: str = "/healthz",
    arguments: Sequence[str] = (),
    application: str = "wsgi:app",
) -> Iterator[tuple[subprocess.Popen, str]]:
    """`gunicorn_server`, yielding the master process too (to find and kill its workers)."""
    server, base = start_gunicorn(environment, log_path, arguments, application)
    try:
        wait_until_answering(server, urlsplit(base).port, ready_path, log_path, START_TIMEOUT)
        yield server, base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
