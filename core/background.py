"""Per-process background work (the search drainer, the import worker): started once in each
server worker process, as it boots under gunicorn or at its first request under any server."""

from collections.abc import Callable

from flask import Flask

HOOKS = "core.background_starters"


def on_process_start(app: Flask, start: Callable[[], None]) -> None:
    """Have `start` run in every process that serves `app` (it must be safe to call again)."""
    if not app.extensions.get(HOOKS):
        app.extensions[HOOKS] = []
        if not app.testing:  # the test client runs no background threads
            app.before_request(lambda: start_background_work(app))
    app.extensions[HOOKS].append(start)


def start_background_work(app: Flask) -> None:
    """Start `app`'s background work in this process (gunicorn's worker boot hook calls it)."""
    if app.testing:
        return
    for start in app.extensions.get(HOOKS, ()):
        start()
