"""gunicorn settings for `make run`: several workers on loopback port 5000."""

import os
import shutil
import tempfile

import gunicorn.http.wsgi

bind = os.environ.get("BIND", "127.0.0.1:5000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 30
# The app logs one line per request itself (with its request id), so no access log here.
accesslog = None

# gunicorn names itself in a Server header on every response; say nothing about the stack.
gunicorn.http.wsgi.SERVER = "catalogue"

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
    """Tell the app how many workers the server really runs; it refuses what would not hold."""
    # Imported in the worker, never the master, so a reload (HUP) picks up new code.
    from core.ratelimit import serve_with_workers

    serve_with_workers(worker.wsgi, worker.cfg.workers)


def on_exit(server):
    """Remove the counters file this server made."""
    if _counters_directory:
        shutil.rmtree(_counters_directory, ignore_errors=True)
