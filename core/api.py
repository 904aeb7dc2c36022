"""flask-smorest Api whose errors are problem documents and whose schemas document them."""

import marshmallow as ma
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from core.problems import http_exception_response


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


class ProblemApi(Api):
    """Api that renders HTTP errors as application/problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException):
        """Render any HTTP error (routing, validation, abort) as a problem document."""
        return http_exception_response(error)
