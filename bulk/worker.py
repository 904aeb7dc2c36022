"""The background worker that runs import jobs: a thread per web process, or its own process.

With IMPORT_WORKER=thread (the default) every web worker process runs one, so the embedded
setup needs no other service; with IMPORT_WORKER=off web processes only queue jobs and
`flask catalog work` runs them (on one host or several: leases keep each job to one worker).
"""

import logging
import os

from flask import Flask, current_app
from sqlalchemy.orm import Session

from core.background import PollingThread
from core.extensions import db

log = logging.getLogger(__name__)
EXTENSION = "import_worker"
WAKE = "wake_import_worker"


class ImportWorker(PollingThread):
    """A daemon thread that runs import jobs, polling for them and woken when one is queued."""

    name = "import-worker"

    def round(self) -> float:
        """Run the jobs waiting now; look again after the poll interval."""
        from bulk.runner import work_until_idle

        try:
            work_until_idle()
        except Exception:  # e.g. the database is down: try again at the next poll
            log.exception("the import worker could not run jobs")
        return self._interval


def start_worker(app: Flask) -> None:
    """Start this process's import worker thread (once per process, so after a fork too)."""
    running = app.extensions.get(EXTENSION)
    if running is not None and running[0] == os.getpid():
        return
    worker = ImportWorker(app, float(app.config["IMPORT_POLL_SECONDS"]), first_delay=0)
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
