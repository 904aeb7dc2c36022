"""Per-process background work (the search drainer, the import worker): started once in each
server worker process, as it boots under gunicorn or at its first request under any server."""

import threading
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


class PollingThread:
    """A daemon thread that runs `round` in an app context, again after the seconds it returns,
    at once when woken; `first` runs once before (in a context of its own).

    Subclasses give `round` (and `first`) and the name of the thread.
    """

    name = "polling"

    def __init__(self, app: Flask, interval: float, first_delay: float | None = None) -> None:
        self._app = app
        self._interval = interval
        self._first_delay = interval if first_delay is None else first_delay
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Start a round now instead of at the next poll."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> bool:
        """Ask the thread to finish after its current round; whether it did within `timeout` s."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def first(self) -> None:
        """Work done once, before the first round."""

    def round(self) -> float:
        """One round of work; returns the seconds to wait before the next."""
        raise NotImplementedError

    def _run(self) -> None:
        with self._app.app_context():
            self.first()
        delay = self._first_delay
        while not self._stop.is_set():
            self._wake.wait(delay)
            self._wake.clear()
            if self._stop.is_set():
                return
            with self._app.app_context():
                delay = self.round()
