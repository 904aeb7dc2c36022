"""Real gunicorn servers on loopback for the multi-process tests, and a small JSON client."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

PROJECT = Path(__file__).resolve().parents[1]
REQUEST_TIMEOUT = 30
START_TIMEOUT = 30


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", *arguments]
    with open(log_path, "w") as log:
        server = subprocess.Popen(  # noqa: S603  (our own interpreter and fixed arguments)
            [*command, application], cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT
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
    server, base = start_gunicorn(environment, log_path, arguments, application)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                call(base, "GET", ready_path)
                break
            except OSError:
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
