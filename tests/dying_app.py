"""The app served by a worker that is killed after its view ran, when a request asks for it.

Stands in for a worker lost to the OOM killer or a host failure between a write and its
answer (tests/core/test_idempotency_after_a_crash.py).
"""

import os
import signal

from flask import Response, request

from wsgi import app

DIE_HEADER = "X-Test-Kill-Worker"


@app.after_request
def die_before_answering(response: Response) -> Response:
    """SIGKILL this worker once the view has answered (before any later after-request step)."""
    if request.headers.get(DIE_HEADER):
        os.kill(os.getpid(), signal.SIGKILL)
    return response
