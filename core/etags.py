"""ETag / If-Match / If-None-Match handling for versioned resources."""

from flask import Response, request

from core.problems import Problem


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
