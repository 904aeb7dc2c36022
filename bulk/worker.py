"""The background worker that runs import jobs: a thread per web process, or its own process.

With IMPORT_WORKER=thread (the default) every web worker process runs one, so the embedded
setup needs no other service; with IMPORT_WORKER=off web processes only queue jobs and
`flask catalog work` runs them (on one host or several: leases keep each job to one worker).
"""

import logging
import os
import threading

from flask import Flask, current_app
from sqlalchemy.orm import Session

from core.extensions import db

log = logging.getLogger(__name__)
EXTENSION = "import_worker"
WAKE = "wake_import_worker"


class ImportWorker:
    """A daemon thread that runs import jobs, polling for them and woken when one is queued."""

    def __init__(self, app: Flask, interval: float) -> None:
        self._app = app
        self._interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="import-worker", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look for jobs now instead of at the next poll."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> bool:
        """Finish after the current job; whether the thread ended within `timeout` seconds."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        from bulk.runner import work_until_idle

        while not self._stop.is_set():
            with self._app.app_context():
                try:
                    work_until_idle()
                except Exception:  # e.g. the database is down: try again at the next poll
                    log.exception("the import worker could not run jobs")
            self._wake.wait(self._interval)
            self._wake.clear()


def start_worker(app: Flask) -> None:
    """Start this process's import worker thread (once per process, so after a fork too)."""
    running = app.extensions.get(EXTENSION)
    if running is not None and running[0] == os.getpid():
        return
    worker = ImportWorker(app, float(app.config["IMPORT_POLL_SECONDS"]))
    app.extensions[EXTENSION] = (os.getpid(), worker)


def wake_workers_after_commit() -> None:
    """Tell this process's worker (if it runs one) that a job waits, once the transaction that
    queued it commits (a request may hold its commits until it has answered)."""
    db.session.info[WAKE] = True


def wake_if_asked(session: Session) -> None:
    """After a commit: wake this process's worker if the transaction queued a job."""
    if session.info.pop(WAKE, False):
        running = current_app.extensions.get(EXTENSION)
        if running is not None and running[0] == os.getpid():
            running[1].wake()
