"""ETags digested from the representation actually sent, with If-Match / If-None-Match handling.

A representation embeds other rows (a product its brand's name, an article its related articles)
and differs by audience (staff see an article's Markdown), so no row version alone can tag it.
The tag is a digest of the JSON bytes sent; a write compares If-Match with the digest of what the
same caller would read now, so the ETag a GET gave is the one the next write needs.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

import marshmallow as ma
from flask import Response, current_app, request
from flask_smorest import Blueprint

from core.compression import without_encoding
from core.problems import STALE_VERSION, Problem

IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "The ETag you last read (from a GET or a write's answer), "
    "or `*` to overwrite whatever is there.",
}
TAGGED_STATUSES = (200, 201)


def etag_of_body(body: bytes) -> str:
    """The strong entity tag (unquoted) of a response body: a digest of its exact bytes."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def current_etag(schema: ma.Schema, item: Any) -> str:
    """The entity tag of `item` as `schema` shows it to the current caller, as a GET sends it."""
    # flask-smorest answers with jsonify(schema.dump(...)): the same bytes, so the same tag.
    response = cast(Response, current_app.json.response(schema.dump(item)))
    return etag_of_body(response.get_data())


def conditional_document(body: str | bytes, media_type: str) -> Response:
    """A generated document (a feed, a sitemap) tagged by its bytes; 304 when If-None-Match
    names the tag."""
    response = Response(body, mimetype=media_type)
    response.add_etag()
    response.make_conditional(request)
    return response


def tagged_by_content(view: Callable) -> Callable:
    """Tag `view`'s 200 and 201 answers by their body; a GET whose If-None-Match names it gets 304.

    Goes above flask-smorest's `response` decorator, which turns the view's result into JSON.
    """

    @wraps(view)
    def tagged_view(*args: Any, **kwargs: Any) -> Response:
        response = view(*args, **kwargs)
        if response.status_code not in TAGGED_STATUSES:
            return response
        etag = etag_of_body(response.get_data())
        response.set_etag(etag)
        # Staff and readers get different representations of the same URL.
        response.vary.add("Authorization")
        if request.method in ("GET", "HEAD") and request.if_none_match.contains(etag):
            not_modified = Response(status=304, headers={"ETag": response.headers["ETag"]})
            not_modified.vary.add("Authorization")
            return not_modified
        return response

    return tagged_view


def require_if_match(etag: str) -> None:
    """Refuse a write without If-Match (428) or naming another ETag than `etag` (412)."""
    if_match = request.if_match
    if not if_match:
        raise Problem(
            428,
            "This write needs an If-Match header with the ETag you last read.",
            kind="precondition-required",
        )
    if if_match.star_tag:
        return
    if etag not in {without_encoding(given) for given in if_match.as_set()}:
        raise Problem(
            412,
            "The resource has changed since you read it (ETag mismatch); fetch it and retry.",
            kind=STALE_VERSION,
        )


def documents_if_match(view: Callable) -> Callable:
    """Document that `view` calls `require_if_match`: the If-Match header, 412 and 428."""
    return Blueprint.doc(
        parameters=[IF_MATCH_PARAMETER],
        responses={"412": "PRECONDITION_FAILED", "428": "PRECONDITION_REQUIRED"},
    )(view)
