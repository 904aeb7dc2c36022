"""The app with one extra download that takes seconds to send, a chunk at a time, saying it is
still working after each chunk or not (tests/core/test_worker_heartbeat.py)."""

import time

from flask import Response, request, stream_with_context

from core.worker_heartbeat import still_working
from wsgi import app

CHUNKS = 16
PAUSE = 0.25


@app.get("/test/slow-download")
def slow_download() -> Response:
    """CHUNKS lines, PAUSE s apart, with a heartbeat after each unless ?beat=no."""
    beat = request.args.get("beat") != "no"

    def lines():
        for n in range(CHUNKS):
            time.sleep(PAUSE)
            if beat:
                still_working()
            yield f"line {n}\n".encode()

    return Response(stream_with_context(lines()), mimetype="text/plain")
