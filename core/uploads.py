"""Views whose body is not JSON: ones that take files (multipart, under a size limit of its own)
and ones that read only their query string (a ping or beacon, whatever its body)."""

from collections.abc import Callable
from typing import TypeVar

from flask import current_app, request

from core.problems import Problem

MULTIPART = "multipart/form-data"
View = TypeVar("View", bound=Callable)


def takes_files(limit_setting: str) -> Callable[[View], View]:
    """Mark a view as taking multipart files, its whole body limited by that setting."""

    def mark(view: View) -> View:
        view.upload_limit_setting = limit_setting  # type: ignore[attr-defined]
        return view

    return mark


def ignores_body(view: View) -> View:
    """Mark a view that reads only its query string (a browser's `ping`, a beacon): whatever
    body it is sent (`text/ping`, `text/plain`) is ignored rather than refused."""
    view.ignores_body = True  # type: ignore[attr-defined]
    return view


def accept_upload_body() -> bool:
    """For a view marked by `takes_files`: require multipart and apply its limit; True too for
    one marked by `ignores_body`; else False (the body must be JSON)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "ignores_body", False):
        return True
    setting = getattr(view, "upload_limit_setting", None)
    if setting is None:
        return False
    if request.mimetype != MULTIPART:
        raise Problem(415, "Send the files as multipart/form-data.", kind="unsupported-media-type")
    request.max_content_length = current_app.config[setting]
    return True
