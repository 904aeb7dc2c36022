"""Stored derivatives served from the local folder, cached for a year (names never change)."""

from flask import Blueprint, abort, current_app, send_file

from media.storage import IMMUTABLE, LocalStorage, is_media_key

media_files = Blueprint("media", __name__)


@media_files.route("/media/<path:key>")
def media_file(key: str):
    """One derivative; 404 for anything that is not a stored derivative's key."""
    storage = current_app.extensions["media"]
    if not isinstance(storage, LocalStorage) or not is_media_key(key):
        abort(404)
    path = storage.path(key)
    if not path.is_file():
        abort(404)
    response = send_file(path, conditional=True, etag=True, max_age=None)
    response.headers["Cache-Control"] = IMMUTABLE
    return response
