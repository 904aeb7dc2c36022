"""Stored derivatives served from the local folder, cached for a year (names never change)."""

import io

from flask import Blueprint, abort, current_app, send_file

from media.storage import IMMUTABLE, LocalStorage, is_media_key

media_files = Blueprint("media", __name__)
MEDIA_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


@media_files.route("/media/<path:key>")
def media_file(key: str):
    """One derivative; 404 for anything that is not a stored derivative's key."""
    storage = current_app.extensions["media"]
    if not isinstance(storage, LocalStorage) or not is_media_key(key):
        abort(404)
    try:
        # Read whole (derivatives are small): no file handle outlives a client that hangs up.
        data = storage.read(key)
    except KeyError:
        abort(404)
    response = send_file(
        io.BytesIO(data),
        mimetype=MEDIA_TYPES[key.rsplit(".", 1)[1]],
        conditional=True,
        etag=key.rsplit("/", 1)[1],
    )
    response.headers["Cache-Control"] = IMMUTABLE
    return response
