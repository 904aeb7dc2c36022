"""Boost schemas: which products every relevance-ranked search raises, and by how much."""

import marshmallow as ma
from marshmallow import validate

from core.fields import slug_field
from core.schemas import partial_of
from merchandising.models import BoostAttribute
from merchandising.schemas import RuleInputSchema, RuleSchema

MAX_WEIGHT = 10
MAX_DAYS = 365
WITH_VALUE = (BoostAttribute.BRAND, BoostAttribute.FINISH)


class SearchBoostInputSchema(RuleInputSchema):
    """A boost: in stock, a brand or finish (by slug), or new arrivals (within `days`)."""

    attribute = ma.fields.Enum(BoostAttribute, by_value=True, required=True)
    value = slug_field(
        load_default=None,
        allow_none=True,
        metadata={"description": "The brand's or finish's slug (brand and finish only)"},
    )
    days = ma.fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_DAYS),
        metadata={"description": "New arrivals only: published within this many days"},
    )
    weight = ma.fields.Integer(
        load_default=5,
        validate=validate.Range(min=1, max=MAX_WEIGHT),
        metadata={"description": "Each unit adds a tenth of a product's text relevance"},
    )


def check_boost_shape(attribute: BoostAttribute, value: str | None, days: int | None) -> None:
    """Refuse a boost missing what its attribute needs, or given what it does not take."""
    if attribute in WITH_VALUE and not value:
        raise ma.ValidationError(f"Name the {attribute.value} to boost (its slug).", "value")
    if attribute not in WITH_VALUE and value:
        raise ma.ValidationError(f"A {attribute.value} boost takes no value.", "value")
    if attribute is BoostAttribute.NEW_ARRIVALS and days is None:
        raise ma.ValidationError("Say within how many days a product is new.", "days")
    if attribute is not BoostAttribute.NEW_ARRIVALS and days is not None:
        raise ma.ValidationError("Only a new arrivals boost takes days.", "days")


SearchBoostUpdateSchema = partial_of(SearchBoostInputSchema, "A change to a boost: any field.")


class SearchBoostSchema(RuleSchema):
    """A boost as the API returns it."""

    attribute = ma.fields.Enum(BoostAttribute, by_value=True)
    value = ma.fields.String(allow_none=True)
    days = ma.fields.Integer(allow_none=True)
    weight = ma.fields.Integer()
