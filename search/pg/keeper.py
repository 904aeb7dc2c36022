"""The thread in each worker that keeps this host's search mirror built and caught up, and the
change log pruned (see `search.pg.mirror`)."""

import logging
import time

from flask import Flask
from sqlalchemy.orm import Session

from core.background import PollingThread
from core.extensions import db
from search.pg import feed
from search.pg.mirror import Mirror
from search.registry import document_types

log = logging.getLogger(__name__)
PRUNE_EVERY = 600.0  # seconds between a keeper's prunings of the change log


class MirrorKeeper(PollingThread):
    """A daemon thread per worker that builds, catches up and prunes this host's mirror."""

    name = "search-mirror"

    def __init__(self, app: Flask, mirror: Mirror, interval: float) -> None:
        self._mirror = mirror
        self._pruned: float | None = None  # when this keeper last pruned (None: never)
        super().__init__(app, interval, first_delay=0.0)

    def round(self) -> float:
        """Bring every type's mirror up; prune the change log now and then."""
        for kind in document_types():
            try:
                self._mirror.keep_up(kind)
            except Exception:  # the database is down, the disk is full: retry, and say why
                self._mirror.failed(kind)
        if self._pruned is None or time.monotonic() - self._pruned > PRUNE_EVERY:
            self._pruned = time.monotonic()
            self._prune()
        return self._interval

    def _prune(self) -> None:
        # A transaction per type: it locks the type's version row, and writers lock theirs in
        # name order, so holding two at once could deadlock with one of them.
        for kind in document_types():
            try:
                with Session(db.engine) as session, session.begin():
                    feed.prune(session.connection(), kind.name, feed.KEPT_CHANGES)
            except Exception:
                log.warning("could not prune the %s search change log", kind.name, exc_info=True)
