"""gunicorn settings for `make run`: several workers on loopback port 5000."""

import json
import os

import gunicorn.http.wsgi
import gunicorn.util

# Exported so the app sees how many workers share its rate-limit counters.
os.environ.setdefault("WEB_CONCURRENCY", "4")

bind = os.environ.get("BIND", "127.0.0.1:5000")
workers = int(os.environ["WEB_CONCURRENCY"])
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
