"""Catalogue schemas: query arguments, request bodies and responses, kept apart."""

import re
from decimal import Decimal

import marshmallow as ma
import pycountry
from marshmallow import validate

from catalog.image_schemas import ImageInputSchema
from catalog.markets import approved_markets
from catalog.models import HandleType, Mounting, ProductStatus, SpoutType
from catalog.ref_schemas import (
    CertificationRefSchema,
    FinishOfferSchema,
    MoneySchema,
    PriceRangeSchema,
    ProductImageSchema,
    TermRefSchema,
)
from core.fields import (
    DecimalBound,
    Text,
    bounds_in_order,
    decimal_field,
    moment_field,
    slug_field,
)
from core.pagination import PaginationArgs
from core.schemas import partial_of
from media.schemas import PictureSchema

SKU = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", error="Use letters, digits, . _ -.")
MAX_MONEY = Decimal("9999999999.99")
# With at most MAX_VARIANTS variants, a product's stock total still fits a 32-bit integer.
MAX_VARIANTS = 100
MAX_STOCK = 10_000_000
SORTS = ("newest", "price", "-price", "name", "relevance")


def name_field(max_length: int = 120, **kwargs) -> Text:
    """A non-empty, bounded, one-line name."""
    return Text(max_length, min_length=1, **kwargs)


# ISO 4217 codes that price nothing a shop sells in: "no currency", testing, precious metals,
# bond-market units and supranational units of account.
NOT_MONEY = {
    "XXX",
    "XTS",
    "XAU",
    "XAG",
    "XPD",
    "XPT",
    "XBA",
    "XBB",
    "XBC",
    "XBD",
    "XDR",
    "XSU",
    "XUA",
}


def _validate_currency(code: str) -> None:
    if not re.fullmatch(r"[A-Z]{3}", code) or pycountry.currencies.get(alpha_3=code) is None:
        raise ma.ValidationError("Not an ISO 4217 currency code.")
    if code in NOT_MONEY:
        raise ma.ValidationError(f"{code} is not a currency goods are priced in.")


def validate_country(code: str) -> None:
    """Accept ISO 3166-1 alpha-2 codes only."""
    if not re.fullmatch(r"[A-Z]{2}", code) or pycountry.countries.get(alpha_2=code) is None:
        raise ma.ValidationError("Not an ISO 3166-1 alpha-2 country code.")


# ---- responses ---------------------------------------------------------------------------


class FlowRateSchema(ma.Schema):
    l_per_min = ma.fields.Decimal(as_string=True)
    us_gpm = ma.fields.Decimal(as_string=True)


class LengthSchema(ma.Schema):
    mm = ma.fields.Integer()
    inches = ma.fields.Decimal(as_string=True, data_key="in")


class Inline(ma.fields.Nested):
    """Nest a schema over the parent object itself, to group its fields in the output."""

    def serialize(self, attr, obj, accessor=None, **kwargs):
        return self._serialize(obj, attr, obj, **kwargs)


class SpecsSchema(ma.Schema):
    """Technical specifications, with units."""

    handle_type = ma.fields.Enum(HandleType, by_value=True)
    mounting = ma.fields.Enum(Mounting, by_value=True)
    installation_holes = ma.fields.Integer()
    spout_type = ma.fields.Enum(SpoutType, by_value=True)
    flow_rate = ma.fields.Nested(FlowRateSchema, allow_none=True)
    spout_height = ma.fields.Nested(LengthSchema, allow_none=True)
    spout_reach = ma.fields.Nested(LengthSchema, allow_none=True)
    valve = ma.fields.String(allow_none=True)
    body_material = ma.fields.String(allow_none=True)


class VariantSchema(ma.Schema):
    sku = ma.fields.String()
    finish = ma.fields.Nested(TermRefSchema)
    price = ma.fields.Nested(MoneySchema, attribute="price_money")
    compare_at_price = ma.fields.Nested(MoneySchema, attribute="compare_at_money", allow_none=True)
    stock = ma.fields.Integer()
    in_stock = ma.fields.Boolean()


def approved_markets_field() -> ma.fields.Function:
    """A product's approved markets, as [{slug, name}] (one declaration for every schema)."""
    return ma.fields.Function(
        lambda product: TermRefSchema(many=True).dump(approved_markets(product.certifications)),
        metadata={
            "description": "Markets the product is approved for: it holds every certification "
            "each requires",
            "type": "array",
            "items": {"type": "object", "properties": {"slug": {}, "name": {}}},
        },
    )


class ProductSummarySchema(ma.Schema):
    """A product as listings show it."""

    slug = ma.fields.String()
    name = ma.fields.String()
    summary = ma.fields.String()
    brand = ma.fields.Nested(TermRefSchema)
    category = ma.fields.Nested(TermRefSchema)
    handle_type = ma.fields.Enum(HandleType, by_value=True)
    mounting = ma.fields.Enum(Mounting, by_value=True)
    finishes = ma.fields.List(ma.fields.Nested(FinishOfferSchema), attribute="finish_offers")
    price_range = ma.fields.Nested(PriceRangeSchema, allow_none=True)
    in_stock = ma.fields.Boolean()
    image = ma.fields.Nested(PictureSchema, attribute="primary_picture", allow_none=True)
    status = ma.fields.Enum(ProductStatus, by_value=True)
    published_at = ma.fields.AwareDateTime(allow_none=True)


class ProductSchema(ProductSummarySchema):
    """A product with everything a product page shows."""

    description = ma.fields.String(metadata={"description": "Markdown source"})
    description_html = ma.fields.String(metadata={"description": "Rendered, sanitised HTML"})
    specs = Inline(SpecsSchema)
    certifications = ma.fields.List(ma.fields.Nested(CertificationRefSchema))
    markets = approved_markets_field()
    images = ma.fields.List(ma.fields.Nested(ProductImageSchema))
    variants = ma.fields.List(ma.fields.Nested(VariantSchema))
    seo_title = ma.fields.String(allow_none=True)
    seo_description = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()
    version = ma.fields.Integer()


# ---- request bodies ----------------------------------------------------------------------


class MoneyInputSchema(ma.Schema):
    amount = decimal_field(MAX_MONEY, required=True)
    currency = ma.fields.String(required=True, validate=_validate_currency)


class VariantInputSchema(ma.Schema):
    """A SKU written as part of its product."""

    sku = ma.fields.String(required=True, validate=SKU)
    finish = slug_field(required=True)
    price = ma.fields.Nested(MoneyInputSchema, required=True)
    compare_at_price = ma.fields.Nested(
        MoneyInputSchema, allow_none=True, metadata={"description": "In the price's currency"}
    )
    stock = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_STOCK))

    @ma.validates_schema
    def _same_currency(self, data, **kwargs):
        compare_at = data.get("compare_at_price")
        if compare_at and compare_at["currency"] != data["price"]["currency"]:
            raise ma.ValidationError("Must be in the price's currency.", "compare_at_price")


class ProductInputSchema(ma.Schema):
    """A new product; brand, category, finishes and certifications are given by slug."""

    name = name_field(200, required=True)
    slug = slug_field()
    brand = slug_field(required=True)
    category = slug_field(required=True)
    summary = Text(500)
    description = Text(50_000, multiline=True, metadata={"description": "Markdown"})
    handle_type = ma.fields.Enum(HandleType, by_value=True, required=True)
    mounting = ma.fields.Enum(Mounting, by_value=True, required=True)
    installation_holes = ma.fields.Integer(validate=validate.Range(min=1, max=5))
    spout_type = ma.fields.Enum(SpoutType, by_value=True, required=True)
    flow_rate_lpm = decimal_field(
        Decimal("99.99"), allow_none=True, metadata={"description": "Or flow_rate_gpm, not both"}
    )
    flow_rate_gpm = decimal_field(
        Decimal("26"),
        places=3,
        load_only=True,
        allow_none=True,
        metadata={"description": "US gallons per minute, instead of flow_rate_lpm"},
    )
    spout_height_mm = ma.fields.Integer(allow_none=True, validate=validate.Range(min=0, max=2000))
    spout_reach_mm = ma.fields.Integer(allow_none=True, validate=validate.Range(min=0, max=2000))
    valve = Text(120, allow_none=True)
    body_material = Text(120, allow_none=True)
    certifications = ma.fields.List(slug_field(), validate=validate.Length(max=50))
    images = ma.fields.List(ma.fields.Nested(ImageInputSchema), validate=validate.Length(max=30))
    variants = ma.fields.List(
        ma.fields.Nested(VariantInputSchema),
        validate=validate.Length(max=MAX_VARIANTS),
        metadata={"description": "Each variant with its own SKU"},
    )
    status = ma.fields.Enum(ProductStatus, by_value=True)
    published_at = moment_field(allow_none=True)
    seo_title = Text(70, allow_none=True)
    seo_description = Text(160, allow_none=True)

    @ma.validates_schema
    def _one_flow_unit(self, data, **kwargs):
        if data.get("flow_rate_gpm") is not None and data.get("flow_rate_lpm") is not None:
            raise ma.ValidationError(
                "Give the flow rate in L/min or in gpm, not both.", "flow_rate_gpm"
            )

    @ma.validates_schema
    def _unique_skus(self, data, **kwargs):
        skus = [v["sku"] for v in data.get("variants") or []]
        if len(skus) != len(set(skus)):
            raise ma.ValidationError("Each variant needs its own SKU.", "variants")


ProductUpdateSchema = partial_of(
    ProductInputSchema,
    "A partial change to a product; `variants`, when given, is the full new list (by SKU).",
)


# ---- query arguments ---------------------------------------------------------------------


class ProductQueryArgs(PaginationArgs):
    """Filters, sort and page for product listings; list filters repeat (finish=a&finish=b)."""

    q = ma.fields.String(validate=validate.Length(max=200))
    category = ma.fields.List(slug_field())
    brand = ma.fields.List(slug_field())
    finish = ma.fields.List(slug_field())
    certification = ma.fields.List(slug_field())
    market = ma.fields.List(
        slug_field(), metadata={"description": "Only products approved for this market"}
    )
    handle_type = ma.fields.List(ma.fields.Enum(HandleType, by_value=True))
    mounting = ma.fields.List(ma.fields.Enum(Mounting, by_value=True))
    min_price = DecimalBound(MAX_MONEY, lower=True)
    max_price = DecimalBound(
        MAX_MONEY, lower=False, metadata={"description": "Not below min_price"}
    )
    in_stock = ma.fields.Boolean()
    sort = ma.fields.String(validate=validate.OneOf(SORTS))
    status = ma.fields.Enum(
        ProductStatus, by_value=True, metadata={"description": "Staff only; default published"}
    )

    _price_order = bounds_in_order(("min_price", "max_price"))


class HardDeleteArgs(ma.Schema):
    hard = ma.fields.Boolean(load_default=False, metadata={"description": "Admins only: destroy"})
