"""ETag / If-Match / If-None-Match handling for versioned resources."""

from collections.abc import Callable

from flask import Response, request
from flask_smorest.utils import deepupdate

from core.problems import Problem

IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": 'The ETag you last read (`"<version>"`), or `*` to overwrite whatever is there.',
}


def etag_for(version: int) -> str:
    """The strong entity tag of a resource at `version`."""
    return f'"{version}"'


def etag_headers(version: int) -> dict[str, str]:
    """Response headers carrying the ETag of `version`."""
    return {"ETag": etag_for(version)}


def not_modified(version: int) -> Response | None:
    """A 304 response when the client's If-None-Match already names `version`."""
    if request.if_none_match and request.if_none_match.contains(str(version)):
        return Response(status=304, headers=etag_headers(version))
    return None


def require_if_match(current_version: int) -> None:
    """Refuse a write without If-Match (428) or with a stale one (412)."""
    if_match = request.if_match
    if not if_match:
        raise Problem(
            428,
            "This write needs an If-Match header with the ETag you last read.",
            kind="precondition-required",
        )
    if if_match.star_tag:
        return
    if not if_match.contains(str(current_version)):
        raise Problem(
            412,
            "The resource has changed since you read it (ETag mismatch); fetch it and retry.",
            kind="stale-version",
        )


def documents_if_match(view: Callable) -> Callable:
    """Document that `view` calls `require_if_match`: the If-Match header, 412 and 428."""
    view._apidoc = deepupdate(  # type: ignore[attr-defined]
        getattr(view, "_apidoc", {}),
        {
            "manual_doc": {
                "parameters": [IF_MATCH_PARAMETER],
                "responses": {"412": "PRECONDITION_FAILED", "428": "PRECONDITION_REQUIRED"},
            }
        },
    )
    return view
