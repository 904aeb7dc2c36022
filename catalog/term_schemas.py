"""Schemas for brands, categories, finishes, certifications and markets."""

import marshmallow as ma
from marshmallow import validate

from catalog.ref_schemas import CertificationRefSchema
from catalog.schemas import name_field, validate_country
from core.fields import Text, link_url, slug_field
from core.pagination import PaginationArgs
from core.schemas import partial_of


class TermSchema(ma.Schema):
    """Fields every term shows."""

    slug = ma.fields.String()
    name = ma.fields.String()
    archived = ma.fields.Function(lambda term: term.archived_at is not None, dump_only=True)
    version = ma.fields.Integer(dump_only=True)


class BrandSchema(TermSchema):
    country = ma.fields.String(allow_none=True)
    website = ma.fields.String(allow_none=True)


class CategorySchema(TermSchema):
    parent = ma.fields.Pluck(TermSchema, "slug", allow_none=True)
    description = ma.fields.String(allow_none=True)
    position = ma.fields.Integer()


class CategoryTreeSchema(ma.Schema):
    """A category with its sub-categories, recursively (dumped from tree nodes)."""

    slug = ma.fields.String(attribute="category.slug")
    name = ma.fields.String(attribute="category.name")
    description = ma.fields.String(attribute="category.description", allow_none=True)
    position = ma.fields.Integer(attribute="category.position")
    children = ma.fields.List(ma.fields.Nested(lambda: CategoryTreeSchema()))


class CategoryTreeListSchema(ma.Schema):
    """The whole category tree: its roots."""

    items = ma.fields.List(ma.fields.Nested(CategoryTreeSchema))


class FinishSchema(TermSchema):
    swatch_hex = ma.fields.String(allow_none=True)


class CertificationSchema(TermSchema):
    code = ma.fields.String()


class MarketSchema(TermSchema):
    certifications = ma.fields.List(
        ma.fields.Nested(CertificationRefSchema),
        metadata={"description": "What a product must hold, every one, to be sold there"},
    )


class BrandInputSchema(ma.Schema):
    name = name_field(required=True)
    slug = slug_field()
    country = ma.fields.String(allow_none=True, validate=validate_country)
    website = link_url(255, allow_none=True)


class CategoryInputSchema(ma.Schema):
    name = name_field(required=True)
    slug = slug_field()
    parent = slug_field(allow_none=True, metadata={"description": "Slug of the parent category"})
    description = Text(2000, multiline=True, allow_none=True)
    position = ma.fields.Integer(validate=validate.Range(min=0, max=10_000))


class FinishInputSchema(ma.Schema):
    name = name_field(required=True)
    slug = slug_field()
    swatch_hex = ma.fields.String(
        allow_none=True, validate=validate.Regexp(r"^#[0-9a-f]{6}$", error="Use #rrggbb.")
    )


class CertificationInputSchema(ma.Schema):
    code = name_field(60, required=True)
    name = name_field(required=True)
    slug = slug_field()


class MarketInputSchema(ma.Schema):
    name = name_field(required=True)
    slug = slug_field()
    certifications = ma.fields.List(
        slug_field(),
        validate=validate.Length(max=50),
        metadata={"description": "Slugs of the certifications the market requires"},
    )


class ArchivedArgs(ma.Schema):
    include_archived = ma.fields.Boolean(
        load_default=False, metadata={"description": "Staff only: list archived ones too"}
    )


class TermListArgs(PaginationArgs, ArchivedArgs):
    """Page and archive switch for term lists."""


BrandUpdateSchema = partial_of(BrandInputSchema, "A partial change to a brand.")
CategoryUpdateSchema = partial_of(CategoryInputSchema, "A partial change to a category.")
FinishUpdateSchema = partial_of(FinishInputSchema, "A partial change to a finish.")
CertificationUpdateSchema = partial_of(
    CertificationInputSchema, "A partial change to a certification."
)
MarketUpdateSchema = partial_of(MarketInputSchema, "A partial change to a market.")
