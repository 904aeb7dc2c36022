"""Recording searches and opened results: normalised, queued in memory, written in batches.

A search only appends a row to this process's queue; a background thread writes the queue
every SEARCH_LOG_FLUSH_SECONDS in one transaction. The queue is bounded: when it is full (the
database is slow or down), rows are dropped and counted, never waited for, and the count is
written per day once the database takes writes again. Queries are stored normalised (Unicode
NFC, case folded, spaces collapsed), with e-mail addresses and long digit runs (phone numbers)
masked: a shopper who types their own details into a search box leaves none of them here.
"""

import atexit
import json
import logging
import os
import re
import secrets
import threading
import unicodedata
from collections import deque
from datetime import UTC, datetime

from flask import Flask, current_app, request

from core.background import PollingThread
from insights.models import QUERY_CHARS, SearchClick, SearchLogEntry
from search.observers import SearchMade

log = logging.getLogger(__name__)
EXTENSION = "insights.search_log"
WRITER_PID = "insights.writer_pid"  # the process whose writer thread runs
ID_BITS = 62  # random ids, positive in a signed 64-bit column
DECLINE = "decline"  # what a queued decline is filed under (it updates a search's row)
_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\+?\d(?:[\s().-]*\d){8,}")
_SPACES = re.compile(r"\s+")


def normalised(text: str) -> str:
    """`text` as the log keeps it: NFC, case folded, spaces collapsed, personal details masked."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _LONG_NUMBER.sub("[number]", _EMAIL.sub("[email]", text))
    return _SPACES.sub(" ", text).strip()[:QUERY_CHARS]


def record_search(made: SearchMade) -> int | None:
    """Queue a row for a shopper's search (the search observer); its id, or None if dropped."""
    search_log = current_app.extensions[EXTENSION]
    row = {
        "id": secrets.randbits(ID_BITS),
        "searched_at": _now(),
        "query": normalised(made.text),
        "types": ",".join(made.types),
        "filters": json.loads(json.dumps(made.filters, default=str, sort_keys=True)),
        "sort": made.sort,
        "page": made.page,
        "results": made.total,
        "correction": made.suggestion[:QUERY_CHARS] if made.suggestion else None,
        "took_ms": round(made.took_ms, 2),
        "source": "api" if request.path.startswith("/api/") else "page",
    }
    return row["id"] if search_log.add(SearchLogEntry, row) else None


def record_click(search_id: int, doc_type: str, doc_id: int, position: int) -> None:
    """Queue a row for a result opened from search `search_id`."""
    row = {
        "search_id": search_id,
        "clicked_at": _now(),
        "doc_type": doc_type,
        "doc_id": doc_id,
        "position": position,
    }
    current_app.extensions[EXTENSION].add(SearchClick, row)


def record_decline(search_id: int) -> None:
    """Queue a note that search `search_id`'s "did you mean" was refused (its shopper asked
    for the words as typed)."""
    current_app.extensions[EXTENSION].add(DECLINE, {"search_id": search_id})


def _now() -> datetime:
    return datetime.now(UTC)  # when it really happened, whatever clock the catalogue keeps


class SearchLog:
    """This process's queue of rows for the log, and what it dropped."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.dropped = 0  # rows lost and not yet written to the gaps table
        self._rows: deque[tuple[type | str, dict]] = deque()
        self._guard = threading.Lock()
        self._failing = False

    def add(self, table: type | str, row: dict) -> bool:
        """Queue `row` for `table` (or a DECLINE); False (and counted) when the queue is full."""
        with self._guard:
            if len(self._rows) >= self.limit:
                self.dropped += 1
                return False
            self._rows.append((table, row))
            return True

    def take(self) -> tuple[list[tuple[type | str, dict]], int]:
        """Everything queued and the count of rows dropped since the last write, emptied."""
        with self._guard:
            rows, dropped = list(self._rows), self.dropped
            self._rows.clear()
            self.dropped = 0
            return rows, dropped

    def lost(self, rows: int, dropped: int, error: Exception) -> None:
        """Count a batch that could not be written (once in the log per outage)."""
        with self._guard:
            self.dropped += rows + dropped
            entering, self._failing = not self._failing, True
        if entering:
            log.warning("search log rows dropped: the database refused them (%r)", error)

    def written(self) -> None:
        """Note a batch written: the next failure is a new outage."""
        with self._guard:
            recovered, self._failing = self._failing, False
        if recovered:
            log.info("search log writes work again")


class SearchLogWriter(PollingThread):
    """A daemon thread per server process that writes the queued rows."""

    name = "search-log-writer"

    def round(self) -> float:
        """Write what is queued; returns the seconds until the next round."""
        from insights.services import flush

        flush()
        return self._interval


def start_writer(app: Flask) -> None:
    """Start this process's writer (once per process), and write what is left at exit."""
    from insights.services import flush

    if app.extensions.get(WRITER_PID) == os.getpid():
        return
    app.extensions[WRITER_PID] = os.getpid()
    SearchLogWriter(app, float(app.config["SEARCH_LOG_FLUSH_SECONDS"]))  # a daemon thread

    def flush_at_exit() -> None:
        with app.app_context():
            flush()

    atexit.register(flush_at_exit)
