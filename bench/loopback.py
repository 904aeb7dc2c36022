"""Loopback HTTP helpers: the gunicorn launcher (the tests' too), a bounded load driver, RSS."""

import collections
import http.client
import itertools
import math
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "bench"
START_TIMEOUT = 30
EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(?:Error|Exception)\b")


def flask_command(
    environment: dict[str, str], *arguments: str, check: bool = True
) -> subprocess.CompletedProcess:
    """Run a `flask` command of the project against `environment`, capturing its output.

    With `check`, a failure raises with the tail of the command's error output.
    """
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *arguments],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if check and done.returncode:
        raise RuntimeError(f"flask {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return done


def percentiles_ms(latencies: list[float], *cuts: int) -> list[float]:
    """The given percentiles (1–99) of `latencies` (seconds), in milliseconds."""
    if len(latencies) < 2:
        return [latencies[0] * 1000 if latencies else float("nan")] * len(cuts)
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return [quantiles[cut - 1] * 1000 for cut in cuts]


def http_request(
    port: int,
    path: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request to 127.0.0.1:`port`; returns (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def http_get(port: int, path: str) -> bytes:
    """The body of a GET that must answer 200."""
    status, _, body = http_request(port, path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}: {body[:200]!r}")
    return body


@dataclass
class Reply:
    """One GET as a client saw it: status 0 when the connection itself failed."""

    path: str
    status: int
    seconds: float
    body: bytes


def drive_each(
    port: int, paths: list[str], clients: int, seconds: float = math.inf
) -> tuple[list[Reply], float]:
    """GET each of `paths` once (repeat a path in the list to repeat it) from `clients` threads.

    Paths are taken in order; none is started after `seconds`. Returns the replies in the order
    of `paths` (those sent) and the elapsed seconds. A failing request is a reply, not an error.
    """
    replies: list[Reply | None] = [None] * len(paths)
    tickets = itertools.count()
    deadline = time.perf_counter() + seconds

    def client_loop() -> None:
        while (index := next(tickets)) < len(paths) and time.perf_counter() < deadline:
            before = time.perf_counter()
            try:
                status, _, body = http_request(port, paths[index])
            except OSError as error:
                status, body = 0, str(error).encode()
            replies[index] = Reply(paths[index], status, time.perf_counter() - before, body)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for outcome in [pool.submit(client_loop) for _ in range(clients)]:
            outcome.result()
    return [reply for reply in replies if reply is not None], time.perf_counter() - started


def drive(port: int, path: str, requests: int, clients: int, seconds: float):
    """Send `path` up to `requests` times from `clients` threads, within `seconds`, all 200s.

    Returns (latencies, elapsed): the same URL over and over, so the warm path of any cache.
    """
    replies, elapsed = drive_each(port, [path] * requests, clients, seconds)
    for reply in replies:
        if reply.status != 200:
            raise RuntimeError(f"GET {path} answered {reply.status}: {reply.body[:200]!r}")
    return [reply.seconds for reply in replies], elapsed


def free_port() -> int:
    """A TCP port on the loopback interface nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def launch_gunicorn(
    arguments: Sequence[str], *, cwd: Path | str, environment: Mapping[str, str], log_path: Path
) -> subprocess.Popen:
    """Run `python -m gunicorn *arguments` in `cwd`, writing its output to `log_path`."""
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *arguments],
            cwd=cwd,
            env=dict(environment),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_until_answering(
    process: subprocess.Popen,
    port: int,
    path: str,
    log_path: Path,
    timeout: float = START_TIMEOUT,
) -> None:
    """Return once GET `path` on `port` gets any answer; RuntimeError with the end of the log
    when the server exits first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            http_request(port, path)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = Path(log_path).read_text(errors="replace")[-3000:]
                raise RuntimeError(f"gunicorn did not start:\n{log}") from None
            time.sleep(0.1)


def serve(target: str, environment: dict[str, str], workers: int, workdir: str):
    """Start gunicorn on a free loopback port; return (process, port) once it answers 200."""
    port = free_port()
    arguments = [
        target, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--pythonpath", f"{PROJECT},{BENCH}", "--log-level", "warning",
    ]  # fmt: skip
    log = server_log(workdir, target)
    # Started in the temporary dir, so the project's gunicorn.conf.py (access log) is not read;
    # the app still logs each request, into `log`.
    process = launch_gunicorn(arguments, cwd=workdir, environment=environment, log_path=log)
    ready = "/items" if target.startswith("ceiling") else "/api/v1/brands"
    try:
        wait_until_answering(process, port, ready, log)
        http_get(port, ready)
    except Exception:
        process.terminate()
        raise
    return process, port


def server_log(workdir: str, target: str) -> Path:
    """Where `serve` writes the server's (and the app's) log for `target`."""
    return Path(workdir) / f"{target.partition(':')[0]}.log"


def logged_exceptions(workdir: str, target: str) -> collections.Counter:
    """The exception lines (`SomeError: message`) in the log of `target`, counted."""
    lines = server_log(workdir, target).read_text(errors="replace").splitlines()
    return collections.Counter(line for line in lines if EXCEPTION_LINE.match(line))


def first_traceback(workdir: str, target: str) -> str:
    """The first traceback in the log of `target`, through its exception line ('' if none)."""
    lines = server_log(workdir, target).read_text(errors="replace").splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith("Traceback ")]
    if not starts:
        return ""
    end = next(
        (n for n in range(starts[0], len(lines)) if EXCEPTION_LINE.match(lines[n])), len(lines) - 1
    )
    return "\n".join(lines[starts[0] : end + 1])


def worker_rss_mb(master_pid: int) -> list[float]:
    """The resident set size (MB) of each child of the gunicorn master `master_pid`."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def read_into_page_cache(*paths: Path | str) -> None:
    """Read every file at or under `paths` once, so the OS holds them in its page cache as it
    does under steady traffic. Cold rows measure distinct queries, not a disk: this machine's
    memory reclaim evicts files nobody read for a couple of minutes."""
    for root in map(Path, paths):
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if path.is_file():
                with open(path, "rb") as stream:
                    while stream.read(1 << 20):
                        pass
