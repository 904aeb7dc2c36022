"""Problem documents (RFC 9457, application/problem+json): the one error shape of the app."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, json
from werkzeug.exceptions import HTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """An error the client can act on; services raise it, the handler renders it."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        errors: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.errors = errors
        self.headers = headers or {}

    def response(self) -> Response:
        """This problem as the problem+json response."""
        body: dict[str, Any] = {
            "type": f"/problems/{self.kind}" if self.kind else "about:blank",
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = dict(self.errors)
        response = Response(json.dumps(body), status=self.status, mimetype=PROBLEM_MEDIA_TYPE)
        response.headers.update(self.headers)
        return response


def validation_problem(
    errors: Mapping[str, list[str]] | None = None,
    detail: str | None = None,
    *,
    status: int = 422,
    headers: Mapping[str, str] | None = None,
) -> Problem:
    """The problem for invalid input: each field with its messages, named in the detail unless
    another `detail` is given."""
    return Problem(
        status,
        detail or naming_fields("The request has invalid fields", errors or {}),
        kind="validation-error",
        errors=errors,
        headers=headers,
    )


STALE_VERSION = "stale-version"


def saved_meanwhile_problem() -> Problem:
    """The refusal of a write that lost the race to another save of the same item."""
    return Problem(
        412,
        "The resource was changed by someone else; fetch it again and retry.",
        kind=STALE_VERSION,
    )


def naming_fields(lead: str, errors: Mapping[str, list[str]]) -> str:
    """`lead`, then the names of the invalid fields in order (`lead: a, b.`)."""
    return f"{lead}: {', '.join(sorted(errors))}."


def problem_response(status: int, detail: str, **options: Any) -> Response:
    """The problem+json response for `status` (`options`: kind, errors, headers, as a Problem)."""
    return Problem(status, detail, **options).response()


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested error messages into {"dotted.path": [messages]}."""
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_messages(value, path))
        return flat
    if isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": list(messages)}
    return {prefix or "_schema": [str(messages)]}


def http_exception_response(error: HTTPException) -> Response:
    """Render a werkzeug/webargs HTTP exception as a problem document."""
    data = getattr(error, "data", None) or {}
    status = error.code or 500
    headers = dict(data.get("headers") or {})
    allowed = getattr(error, "valid_methods", None)  # set on werkzeug's MethodNotAllowed
    if status == 405 and allowed:
        headers["Allow"] = ", ".join(allowed)
    messages = data.get("messages")
    if status == 400 and messages == {"json": ["Invalid JSON body."]}:
        return problem_response(400, "The request body is not valid JSON.", kind="malformed-json")
    if messages:
        errors = {}
        for location, location_messages in messages.items():
            # Body errors read as plain field paths; say where anything else came from.
            prefix = "" if location == "json" else location
            errors.update(flatten_messages(location_messages, prefix))
        return validation_problem(errors, status=status, headers=headers).response()
    detail = data.get("message") or error.description or HTTPStatus(status).phrase
    return problem_response(status, detail, headers=headers)
