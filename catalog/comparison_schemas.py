"""Comparison schemas: the selection as a query argument, and products side by side."""

import re

import marshmallow as ma

from catalog.ref_schemas import (
    CertificationRefSchema,
    MoneySchema,
    PriceRangeSchema,
    TermRefSchema,
)
from catalog.schemas import SpecsSchema, approved_markets_field
from core.slugs import SLUG, SLUG_PATTERN
from media.schemas import PictureSchema

MAX_COMPARED = 4


def split_selection(text: str) -> list[str]:
    """The slugs of a comma-separated selection in order, blanks dropped, repeats collapsed."""
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


class SlugSelection(ma.fields.String):
    """Comma-separated slugs (a,b,c), loaded as a list in the order given, each once."""

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:  # type: ignore[override]
        return split_selection(super()._deserialize(value, attr, data, **kwargs))


def _one_to_four_slugs(slugs: list[str]) -> None:
    # Checked here rather than with validate.Length, which the OpenAPI document would give
    # the string as its length in characters.
    if not 1 <= len(slugs) <= MAX_COMPARED:
        raise ma.ValidationError(f"Compare 1 to {MAX_COMPARED} products.")
    bad = [slug for slug in slugs if not re.fullmatch(SLUG_PATTERN, slug)]
    if bad:
        # A few are enough to see what is wrong; a long address would make a long message.
        raise ma.ValidationError(f"Not slugs: {', '.join(bad[:3])}. {SLUG.error}")


class ComparisonArgs(ma.Schema):
    """The products to compare, in order."""

    products = SlugSelection(
        required=True,
        validate=_one_to_four_slugs,
        metadata={
            "description": "1 to 4 product slugs, comma-separated (a,b); repeats count once",
            "pattern": f"^{SLUG_PATTERN}(,{SLUG_PATTERN}){{0,{MAX_COMPARED - 1}}}$",
        },
    )


class FinishPriceSchema(TermRefSchema):
    """A finish a product comes in, with its lowest price and its price range."""

    price = ma.fields.Nested(MoneySchema)
    price_range = ma.fields.Nested(PriceRangeSchema)


class ComparedProductSchema(SpecsSchema):
    """A product as a comparison shows it: who makes it, what it costs, its specs."""

    slug = ma.fields.String()
    name = ma.fields.String()
    brand = ma.fields.Nested(TermRefSchema)
    image = ma.fields.Nested(PictureSchema, attribute="primary_picture", allow_none=True)
    price_range = ma.fields.Nested(PriceRangeSchema, allow_none=True)
    finishes = ma.fields.List(
        ma.fields.Nested(FinishPriceSchema),
        attribute="finish_offers",
        metadata={"description": "Each finish with its lowest price and price range"},
    )
    certifications = ma.fields.List(ma.fields.Nested(CertificationRefSchema))
    markets = approved_markets_field()
    in_stock = ma.fields.Boolean()


class ComparisonSchema(ma.Schema):
    """Products side by side, and which of their attributes differ."""

    products = ma.fields.List(ma.fields.Nested(ComparedProductSchema))
    differences = ma.fields.List(
        ma.fields.String(), metadata={"description": "Names of the attributes that differ"}
    )
    missing = ma.fields.List(
        ma.fields.String(),
        metadata={"description": "Slugs asked for that name no product you may see"},
    )
