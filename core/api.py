"""flask-smorest Api whose errors are problem documents and whose schemas document them."""

from decimal import Decimal
from http import HTTPStatus

import marshmallow as ma
from apispec import BasePlugin
from flask import Flask
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException

from core.problems import PROBLEM_MEDIA_TYPE, http_exception_response
from core.ratelimit import UNLIMITED_PATHS

BODY_METHODS = {"post", "put", "patch"}
WRITE_METHODS = BODY_METHODS | {"delete"}
RANGE_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
IDEMPOTENCY_KEY_PARAMETER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "description": "Retrying with the same key and body replays the first response "
    "(`Idempotent-Replayed: true`); the same key with another body gets 422.",
}


class ProblemSchema(ma.Schema):
    """RFC 9457 problem document, as every error response carries it."""

    type = ma.fields.String(metadata={"description": "URI reference naming the problem kind"})
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String(metadata={"description": "What was wrong, for a person"})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Messages per field (dotted path)"},
    )


class ProblemResponsesPlugin(BasePlugin):
    """Documents the errors every operation can answer, derived from its method, path and body.

    The rules mirror the code that raises them: guards (401, 403), body checks (400, 413, 415,
    422), lookups by path (404), constraint conflicts and idempotency (409, Idempotency-Key),
    rate limits (429); error responses are typed application/problem+json.
    """

    def response_helper(self, response: dict, **kwargs) -> dict | None:
        """Type the shared error responses as problem documents."""
        content = response.get("content", {})
        if "application/json" in content and _is_problem(content["application/json"]):
            return {"content": {PROBLEM_MEDIA_TYPE: content["application/json"]}}
        return None

    def operation_helper(
        self, path: str | None = None, operations: dict | None = None, **kwargs
    ) -> None:
        """Add the error responses (and the Idempotency-Key header) each operation can see."""
        if path is None or operations is None:
            return
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(_error_statuses(path, method, operation)):
                responses.setdefault(str(status), HTTPStatus(status).name)
            if method == "post" and path.startswith("/api/"):
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY_PARAMETER)


class SchemaRulesPlugin(BasePlugin):
    """Adds the rules between fields that a schema states in its `openapi_rules` (an `anyOf`,
    say), which no single field can express, to its OpenAPI definition."""

    def schema_helper(self, name: str, definition: dict, **kwargs) -> dict | None:
        """The schema's own rules, merged into its definition."""
        rules = getattr(kwargs.get("schema"), "openapi_rules", None)
        return dict(rules) if rules else None


def _is_problem(media: dict) -> bool:
    schema = media.get("schema")
    return schema == {"$ref": "#/components/schemas/Problem"} or schema is ProblemSchema


def _error_statuses(path: str, method: str, operation: dict) -> set[int]:
    statuses = set()
    if path not in UNLIMITED_PATHS:
        statuses.add(429)
    if operation.get("security"):
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    if method in BODY_METHODS:
        statuses |= {400, 413, 415, 422}
    if method in WRITE_METHODS and path.startswith("/api/"):
        statuses.add(409)
    if method == "post" and path.startswith("/api/"):
        statuses |= {400, 409, 422}
    return statuses


def document_decimals(converter, field, ret: dict, **kwargs) -> dict:
    """Decimals as they travel: strings when dumped `as_string`, else numbers with number bounds."""
    if not isinstance(field, ma.fields.Decimal):
        return {}
    if field.as_string:
        for key in RANGE_KEYWORDS:
            ret.pop(key, None)
        types = ["string", "null"] if field.allow_none else "string"
        return {"type": types, "format": "decimal", "pattern": DECIMAL_PATTERN}
    bounds = {key: Decimal(ret[key]) for key in RANGE_KEYWORDS if key in ret}
    return {
        key: int(value) if value == value.to_integral_value() else float(value)
        for key, value in bounds.items()
    }


class ProblemApi(Api):
    """Api that renders HTTP errors as application/problem+json and documents them."""

    ERROR_SCHEMA = ProblemSchema

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "spec_kwargs", {"extra_plugins": [ProblemResponsesPlugin(), SchemaRulesPlugin()]}
        )
        super().__init__(*args, **kwargs)

    def init_app(self, app, *args, **kwargs) -> None:
        """Bind to `app`, then teach the schema converter how decimals are written."""
        super().init_app(app, *args, **kwargs)
        self.ma_plugin.converter.add_attribute_function(document_decimals)

    def handle_http_exception(self, error: HTTPException):
        """Render any HTTP error (routing, validation, abort) as a problem document."""
        return http_exception_response(error)


def api_of(app: Flask) -> ProblemApi:
    """The API (OpenAPI document and blueprints) bound to `app` by the kernel."""
    return app.extensions["flask-smorest"]["apis"][""]["ext_obj"]


def register_api_blueprints(app: Flask, *blueprints: Blueprint) -> None:
    """Mount `blueprints` on `app`'s API, so they appear in its OpenAPI document."""
    api = api_of(app)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
