"""Request ids and logs: one line per request, JSON when LOG_FORMAT=json, no bodies or secrets."""

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_ENVIRON_KEY = "catalogue.request_id"
# Incoming ids are echoed into headers and logs, so only short, plain tokens are believed.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms")

request_log = logging.getLogger("core.requests")
# What background work (an import job …) is doing, named as a request id would name a request.
_work_id: ContextVar[str | None] = ContextVar("work_id", default=None)


def register_observability(app: Flask) -> None:
    """Give every request an id, log one line per request and route all logs through one format."""
    configure_logging(app.config["LOG_FORMAT"])
    app.wsgi_app = RequestLogMiddleware(app.wsgi_app)  # type: ignore[method-assign]


def current_request_id() -> str | None:
    """The id of the request being served, or of the background work being done, if any."""
    if has_request_context():
        return request.environ.get(REQUEST_ID_ENVIRON_KEY)
    return _work_id.get()


@contextmanager
def working_as(work_id: str) -> Iterator[None]:
    """Name the background work done in the block: its logs and audit entries carry `work_id`."""
    token = _work_id.set(work_id)
    try:
        yield
    finally:
        _work_id.reset(token)


class RequestLogMiddleware:
    """Assigns the request id, echoes it in X-Request-ID and logs the outcome with its duration."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        environ[REQUEST_ID_ENVIRON_KEY] = request_id
        started = time.perf_counter()
        outcome = {"status": 500}

        def start_with_id(status: str, headers: list, exc_info=None):
            outcome["status"] = int(status.split(" ", 1)[0])
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, start_with_id)
        finally:
            fields = {
                "request_id": request_id,
                "method": environ.get("REQUEST_METHOD", ""),
                "path": environ.get("PATH_INFO", ""),
                "status": outcome["status"],
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            request_log.info(
                "%s %s %s %.1fms",
                fields["method"],
                repr(fields["path"])[1:-1],  # control characters stay escaped on one line
                fields["status"],
                fields["duration_ms"],
                extra=fields,
            )


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request it was logged in ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: getattr(record, key) for key in REQUEST_FIELDS if hasattr(record, key)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class _CurrentStderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record arrives (servers and test runners swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(log_format: str) -> None:
    """Send all records to stderr as `log_format` ("json" or "text"), with their request id."""
    handler = _CurrentStderrHandler()
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root = logging.getLogger()
    for existing in [h for h in root.handlers if isinstance(h, _CurrentStderrHandler)]:
        root.removeHandler(existing)
    root.addHandler(handler)
    if root.getEffectiveLevel() > logging.INFO:
        root.setLevel(logging.INFO)
