"""Search query arguments (built from the registered types' filters) and response schemas."""

from decimal import Decimal

import marshmallow as ma
from marshmallow import validate

from core.fields import DecimalBound, bounds_in_order
from core.pagination import PageMetaSchema, PaginationArgs
from core.slugs import SLUG
from search.analysis import MAX_QUERY_CHARS
from search.registry import DocumentType, Keyword, Number

MAX_FILTER_NUMBER = Decimal(10_000_000_000)


def search_args_schema(kinds: list[DocumentType]) -> type[ma.Schema]:
    """`SearchArgs`: q, type, sort, status, page and every filter of `kinds`."""
    fields: dict = {
        # Lenient on purpose: analysis drops what cannot be searched, as a shop's box should.
        "q": ma.fields.String(
            load_default="",
            validate=validate.Length(max=MAX_QUERY_CHARS),
            metadata={"description": 'Words and "quoted phrases"; empty lists everything'},
        ),
        "exact": ma.fields.Boolean(
            load_default=False,
            metadata={"description": "Search the words as typed: no misspelt word is corrected"},
        ),
        "type": ma.fields.String(validate=validate.OneOf([kind.name for kind in kinds])),
        "sort": ma.fields.String(
            validate=validate.OneOf(
                ["relevance", "newest", *dict.fromkeys(s for k in kinds for s in k.sorts)]
            ),
            metadata={"description": "Default: relevance with q, newest without"},
        ),
        "status": ma.fields.String(
            validate=validate.OneOf(list(dict.fromkeys(s for k in kinds for s in k.statuses))),
            metadata={"description": "Staff only for unpublished statuses"},
        ),
    }
    ranges: list[tuple[str, str]] = []
    for kind in kinds:
        fields.update(_filter_fields(kind))
        ranges.extend(n.range_args for n in kind.declared(Number) if n.range_args)
    fields["_check_ranges"] = bounds_in_order(*ranges)
    return type("SearchArgs", (PaginationArgs,), fields)


def _filter_fields(kind: DocumentType) -> dict[str, ma.fields.Field]:
    fields: dict[str, ma.fields.Field] = {}
    for keyword in kind.declared(Keyword):
        value_check = validate.OneOf(keyword.choices) if keyword.choices else SLUG
        fields[keyword.name] = ma.fields.List(
            ma.fields.String(validate=[validate.Length(min=1, max=140), value_check]),
            validate=validate.Length(max=50),
        )
    for number in kind.declared(Number):
        if number.range_args:
            low, high = number.range_args
            fields[low] = DecimalBound(MAX_FILTER_NUMBER, lower=True)
            fields[high] = DecimalBound(
                MAX_FILTER_NUMBER, lower=False, metadata={"description": f"Not below {low}"}
            )
        if number.flag_arg:
            fields[number.flag_arg] = ma.fields.Boolean()
    return fields


class SearchHitSchema(ma.Schema):
    """One result: which document, how well it matched, its snippets and its summary."""

    type = ma.fields.String()
    id = ma.fields.Integer()
    score = ma.fields.Float(allow_none=True, metadata={"description": "Relevance (null if sorted)"})
    highlights = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"description": "HTML: matches in <mark>, everything else escaped"},
    )
    document = ma.fields.Raw(metadata={"description": "The item as its own listing shows it"})


class FacetValueSchema(ma.Schema):
    """A facet value with the number of results it would leave."""

    value = ma.fields.String()
    label = ma.fields.String()
    count = ma.fields.Integer()
    min = ma.fields.Decimal(as_string=True, allow_none=True)
    max = ma.fields.Decimal(as_string=True, allow_none=True)


class SearchPageSchema(ma.Schema):
    """A page of results with facet counts and a "did you mean" suggestion."""

    items = ma.fields.List(ma.fields.Nested(SearchHitSchema))
    meta = ma.fields.Nested(PageMetaSchema)
    facets = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.List(ma.fields.Nested(FacetValueSchema))
    )
    suggestion = ma.fields.String(allow_none=True)
    matched = ma.fields.String(
        allow_none=True, metadata={"description": '"all" terms, or "any" when none matched all'}
    )
    search_id = ma.fields.String(
        allow_none=True,
        metadata={
            "description": "this search in the search log: report an opened result with "
            "POST /api/v1/search/clicks (null when the search is not logged)"
        },
    )
    redirect = ma.fields.String(
        allow_none=True,
        metadata={"description": "a page of the site staff send this query to (the search "
                  "page goes there); the results are still given"},
    )  # fmt: skip


class SuggestArgs(ma.Schema):
    """What the user has typed so far."""

    q = ma.fields.String(required=True, validate=validate.Length(min=1, max=MAX_QUERY_CHARS))


def suggest_args_schema(kinds: list[DocumentType]) -> type[ma.Schema]:
    """`SuggestArgs` plus `type`, one of `kinds`, and the filters of `kinds`: each narrows the
    suggested items of the types that declare it (a shopper's market narrows products only)."""
    names = [kind.name for kind in kinds]
    fields: dict = {"type": ma.fields.String(validate=validate.OneOf(names))}
    for kind in kinds:
        fields.update(_filter_fields(kind))
    return type("SuggestArgs", (SuggestArgs,), fields)


class SuggestedImageSchema(ma.Schema):
    """A picture small enough for a list of suggestions."""

    url = ma.fields.String()
    alt = ma.fields.String()
    width = ma.fields.Integer(allow_none=True)
    height = ma.fields.Integer(allow_none=True)


class SuggestedPriceSchema(ma.Schema):
    amount = ma.fields.String()
    currency = ma.fields.String()


class SuggestedDocumentSchema(ma.Schema):
    """A product or article the search box can link to directly, with what helps pick it."""

    type = ma.fields.String()
    id = ma.fields.Integer()
    title = ma.fields.String()
    slug = ma.fields.String()
    image = ma.fields.Nested(SuggestedImageSchema, allow_none=True, dump_default=None)
    price = ma.fields.Nested(
        SuggestedPriceSchema,
        allow_none=True,
        dump_default=None,
        metadata={"description": "A product's lowest"},
    )
    published_at = ma.fields.String(
        allow_none=True, dump_default=None, metadata={"description": "An article's, ISO 8601"}
    )


class SuggestSchema(ma.Schema):
    """Completions of what was typed, best first, and the items the best one finds."""

    items = ma.fields.List(ma.fields.String())
    documents = ma.fields.List(ma.fields.Nested(SuggestedDocumentSchema))
