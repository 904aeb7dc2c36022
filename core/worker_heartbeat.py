"""Long requests (a streamed export) tell the server their worker is busy, not hung, so the
server's timeout, meant for workers that stopped answering, does not kill them mid-download."""

from collections.abc import Callable

from flask import Flask, current_app

HEARTBEAT = "core.worker_heartbeat"


def register_heartbeat(app: Flask, beat: Callable[[], None]) -> None:
    """Have `still_working` call `beat` (gunicorn's worker.notify) in `app`'s requests."""
    app.extensions[HEARTBEAT] = beat


def still_working() -> None:
    """Tell the server this worker is making progress; call it at least every few seconds
    from a request that runs long. Does nothing where no server asked for it."""
    beat = current_app.extensions.get(HEARTBEAT)
    if beat is not None:
        beat()
