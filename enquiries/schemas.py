"""Enquiry schemas: the shopper's request body and receipt, staff views, filters and changes."""

from typing import ClassVar

import marshmallow as ma
from marshmallow import validate

from catalog.ref_schemas import TermRefSchema
from core.fields import Text, slug_field
from core.pagination import PaginationArgs
from enquiries.models import EnquiryStatus

MAX_QUANTITY = 100_000
MAX_LINES = 50
MAX_MESSAGE_CHARS = 5000
HONEYPOT = "website"  # a field people never see; robots that fill every input fill it


# ---- requests ----------------------------------------------------------------------------


class EnquiryLineInputSchema(ma.Schema):
    """How many units of one of the product's finishes the shopper asks about."""

    finish = slug_field(required=True, metadata={"description": "A finish the product comes in"})
    quantity = ma.fields.Integer(required=True, validate=validate.Range(min=0, max=MAX_QUANTITY))


class EnquiryInputSchema(ma.Schema):
    """A shopper's enquiry: who they are, and quantities by finish, a message, or both."""

    # `_asks_something` below, as OpenAPI states it: a message with a visible character, or a
    # quantity above zero.
    openapi_rules: ClassVar[dict] = {
        "anyOf": [
            {"required": ["message"], "properties": {"message": {"pattern": "\\S"}}},
            {
                "required": ["quantities"],
                "properties": {
                    "quantities": {
                        "contains": {
                            "type": "object",
                            "properties": {"quantity": {"minimum": 1}},
                        }
                    }
                },
            },
        ]
    }

    # Shown escaped wherever it appears (pages, console, a plain-text email), so any text will do.
    name = Text(120, min_length=1, required=True)
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    company = Text(160, load_default=None, allow_none=True)
    message = Text(MAX_MESSAGE_CHARS, multiline=True, load_default="")
    quantities = ma.fields.List(
        ma.fields.Nested(EnquiryLineInputSchema),
        load_default=list,
        validate=validate.Length(max=MAX_LINES),
        metadata={"description": "Zero quantities are left out; give one above zero or a message"},
    )
    website = Text(
        500,
        load_default="",
        metadata={"description": "Leave empty: a trap for robots, which people never see"},
    )

    @ma.validates_schema
    def _asks_something(self, data, **kwargs) -> None:
        asked = any(line["quantity"] > 0 for line in data.get("quantities", []))
        if not asked and not data.get("message", "").strip():
            raise ma.ValidationError(
                "Give a quantity for at least one finish, or write a message.", "message"
            )


class EnquiryStatusSchema(ma.Schema):
    """Staff's change to an enquiry."""

    status = ma.fields.Enum(EnquiryStatus, by_value=True, required=True)


class EnquiryQueryArgs(PaginationArgs):
    """Filters for staff's enquiry list, newest first."""

    status = ma.fields.Enum(EnquiryStatus, by_value=True)
    product = slug_field(metadata={"description": "Only enquiries about this product"})


# ---- responses ---------------------------------------------------------------------------


class EnquiryReceiptSchema(ma.Schema):
    """What a shopper is told: received, and what happens next (nothing staff-only)."""

    received = ma.fields.Boolean()
    product = ma.fields.String()
    detail = ma.fields.String()


class EnquiryLineSchema(ma.Schema):
    """A quantity in one finish."""

    finish = ma.fields.Nested(TermRefSchema)
    quantity = ma.fields.Integer()


class EnquiryProductSchema(ma.Schema):
    """The product an enquiry is about."""

    slug = ma.fields.String()
    name = ma.fields.String()


class EnquirySchema(ma.Schema):
    """An enquiry as staff see it, with whether staff were emailed about it."""

    id = ma.fields.Integer()
    reference = ma.fields.String()
    product = ma.fields.Nested(EnquiryProductSchema)
    name = ma.fields.String()
    email = ma.fields.String()
    company = ma.fields.String(allow_none=True)
    message = ma.fields.String()
    quantities = ma.fields.List(ma.fields.Nested(EnquiryLineSchema), attribute="lines")
    total_quantity = ma.fields.Integer()
    status = ma.fields.Enum(EnquiryStatus, by_value=True)
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()
    notified_at = ma.fields.AwareDateTime(
        allow_none=True, metadata={"description": "When staff were emailed; null: pending"}
    )
    mail_attempts = ma.fields.Integer()
    mail_error = ma.fields.String(allow_none=True, metadata={"description": "The last failure"})
