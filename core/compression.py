"""Responses compressed with Brotli or gzip when the client accepts it (Flask-Compress): pages,
JSON, feeds, sitemaps, style sheets and scripts. ETags stay usable: a compressed response's tag
gains the encoding (`"…:gzip"`), and writes accept it in If-Match like the plain one."""

from flask import Flask, Response
from flask_compress import Compress

ALGORITHMS = ("br", "gzip")
# Files sent as they are read (style sheets, scripts) are compressed as they go: gzip cannot.
STREAMING_ALGORITHMS = ("br", "deflate")
MEDIA_TYPES = (
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/problem+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "image/svg+xml",
)


def register_compression(app: Flask) -> None:
    """Compress `app`'s responses; registered early, so it runs after every other hook."""
    app.config.setdefault("COMPRESS_ALGORITHM", list(ALGORITHMS))
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", list(STREAMING_ALGORITHMS))
    # Exports (CSV, XLSX) are not among these: a download streams out exactly as written.
    app.config.setdefault("COMPRESS_MIMETYPES", list(MEDIA_TYPES))
    Compress(app)
    app.after_request(_close_the_original_body)  # runs before the compression hook


def _close_the_original_body(response: Response) -> Response:
    """A streamed body (a file being sent) compressed on the fly is replaced by a generator
    that does not close it: have the response close it when the server is done."""
    body = response.response
    if response.is_streamed and hasattr(body, "close"):
        response.call_on_close(body.close)
    return response


def without_encoding(etag: str) -> str:
    """The tag a compressed response's ETag was made from ("abc:gzip" -> "abc")."""
    stem, _, encoding = etag.rpartition(":")
    return stem if stem and encoding in {*ALGORITHMS, *STREAMING_ALGORITHMS} else etag
