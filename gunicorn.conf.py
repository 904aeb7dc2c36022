"""gunicorn settings for `make run`: several workers on loopback port 5000."""

import json
import os
import shutil
import tempfile

import gunicorn.http.wsgi
import gunicorn.util

bind = os.environ.get("BIND", "127.0.0.1:5000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 30
# The app logs one line per request itself (with its request id), so no access log here.
accesslog = None

# gunicorn names itself in a Server header on every response; say nothing about the stack.
gunicorn.http.wsgi.SERVER = "catalogue"


def write_problem(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own refusals (a request it cannot parse) as problem documents, like the app's."""
    body = json.dumps(
        {"type": "about:blank", "title": reason, "status": status_int, "detail": mesg[:200]}
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        "Content-Type: application/problem+json\r\nX-Content-Type-Options: nosniff\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    gunicorn.util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn answers malformed requests before the app sees them, with an HTML page by default.
gunicorn.util.write_error = write_problem


_counters_directory: str | None = None


def on_starting(server):
    """Without Redis, give this server's workers one rate-limit counters file to share."""
    global _counters_directory
    if not (os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL")):
        # Set before any worker is forked, so every worker's app reads the same location.
        _counters_directory = tempfile.mkdtemp(prefix="catalogue-ratelimits-")
        counters = os.path.join(_counters_directory, "counters.sqlite")
        os.environ["RATELIMIT_STORAGE_URI"] = f"sqlite:///{counters}"


def post_worker_init(worker):
    """Tell the app how many workers the server really runs (it refuses what would not hold),
    how to show a long request is not hung, and start its background work."""
    # Imported in the worker, never the master, so a reload (HUP) picks up new code.
    from core.background import start_background_work
    from core.ratelimit import serve_with_workers
    from core.worker_heartbeat import register_heartbeat

    serve_with_workers(worker.wsgi, worker.cfg.workers)
    # A long download (an export) keeps notifying, so `timeout` kills only a hung worker.
    register_heartbeat(worker.wsgi, worker.notify)
    # Every worker indexes and runs import jobs from the start, not from its first request.
    start_background_work(worker.wsgi)


def on_exit(server):
    """Remove the counters file this server made."""
    if _counters_directory:
        shutil.rmtree(_counters_directory, ignore_errors=True)
