"""Views that take files: a multipart body instead of JSON, under its own size limit."""

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


def accept_upload_body() -> bool:
    """For a view marked by `takes_files`: require multipart and apply its limit; else False."""
    view = current_app.view_functions.get(request.endpoint or "")
    setting = getattr(view, "upload_limit_setting", None)
    if setting is None:
        return False
    if request.mimetype != MULTIPART:
        raise Problem(415, "Send the files as multipart/form-data.", kind="unsupported-media-type")
    request.max_content_length = current_app.config[setting]
    return True
