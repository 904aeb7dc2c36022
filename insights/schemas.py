"""What reporting an opened search result takes."""

import marshmallow as ma

from insights.queries import PERIODS
from insights.recording import ID_BITS

MAX_POSITION = 10_000


class DeclineArgs(ma.Schema):
    """A logged search whose "did you mean" its shopper refused."""

    search_id = ma.fields.Integer(
        required=True,
        strict=False,
        validate=ma.validate.Range(min=0, max=2**ID_BITS - 1),
        metadata={"description": "the `search_id` of the search's response"},
    )


class ClickArgs(DeclineArgs):
    """A result opened from a logged search, as its link's ping or a client's beacon says it."""

    type = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    id = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1, max=2**31 - 1))
    position = ma.fields.Integer(
        required=True,
        validate=ma.validate.Range(min=1, max=MAX_POSITION),
        metadata={"description": "1 for the first result of the first page"},
    )


class InsightsArgs(ma.Schema):
    """Which period the insights cover."""

    days = ma.fields.Integer(
        load_default=30,
        validate=ma.validate.OneOf(PERIODS, error="Choose 7, 30 or 90 days."),
        metadata={"description": "the last 7, 30 or 90 days, today included"},
    )
