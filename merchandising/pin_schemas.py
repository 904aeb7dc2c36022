"""Pin rule schemas: for a query, the products and articles put first and those left out."""

import marshmallow as ma
from marshmallow import validate

from core.fields import slug_field
from core.schemas import partial_of
from merchandising.models import QueryMatch
from merchandising.pinned_documents import described
from merchandising.schemas import QueryRuleInputSchema, RuleSchema

MAX_PINNED = 10
MAX_HIDDEN = 20
DOCUMENT_TYPES = ("product", "article")


class DocumentReferenceSchema(ma.Schema):
    """A product or an article, by its slug."""

    type = ma.fields.String(required=True, validate=validate.OneOf(DOCUMENT_TYPES))
    slug = slug_field(required=True)


def _references(most: int, description: str) -> ma.fields.List:
    return ma.fields.List(
        ma.fields.Nested(DocumentReferenceSchema),
        load_default=list,
        validate=validate.Length(max=most, error=f"Name at most {most}."),
        metadata={"description": description},
    )


class SearchPinInputSchema(QueryRuleInputSchema):
    """For a query: documents put first (in this order) and documents left out."""

    pinned = _references(MAX_PINNED, "Put first, in this order (they need not match the words)")
    hidden = _references(MAX_HIDDEN, "Left out of this query's results")

    @ma.validates_schema
    def _does_something(self, data, partial=False, **kwargs) -> None:
        if not partial and not data.get("pinned") and not data.get("hidden"):
            raise ma.ValidationError("Pin or hide at least one product or article.", "pinned")


SearchPinUpdateSchema = partial_of(SearchPinInputSchema, "A change to a pin rule: any field.")


class PinnedDocumentSchema(ma.Schema):
    """A document a pin rule names, as it stands now (drafts are kept, shown to nobody)."""

    type = ma.fields.String()
    id = ma.fields.Integer()
    slug = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.String()


class SearchPinSchema(RuleSchema):
    """A pin rule as the API returns it."""

    query = ma.fields.String()
    match = ma.fields.Enum(QueryMatch, by_value=True)
    pinned = ma.fields.Method("_pinned", metadata={"description": "Put first, in this order"})
    hidden = ma.fields.Method("_hidden", metadata={"description": "Left out of the results"})
    language = ma.fields.String()

    def _pinned(self, rule) -> list[dict]:
        return PinnedDocumentSchema(many=True).dump(described(rule.pinned))

    def _hidden(self, rule) -> list[dict]:
        return PinnedDocumentSchema(many=True).dump(described(rule.hidden))
