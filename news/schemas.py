"""News schemas: query arguments, request bodies and responses, kept apart."""

import marshmallow as ma
from marshmallow import validate

from catalog.schemas import ProductSummarySchema
from core.fields import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    Text,
    image_url,
    link_url,
    moment_field,
    plain_text,
    slug_field,
)
from core.pagination import PaginationArgs
from core.schemas import partial_of
from media.schemas import PictureSchema, alt_text
from news.models import ArticleStatus, author_name, author_slug

MAX_TAGS = 20


# ---- responses ---------------------------------------------------------------------------


class TagSchema(ma.Schema):
    """A tag as articles show it."""

    slug = ma.fields.String()
    name = ma.fields.String()


class TagCountSchema(TagSchema):
    """A tag with how many articles the caller can read under it."""

    article_count = ma.fields.Integer()


class AuthorSchema(ma.Schema):
    """An author's public name (never their email) and the slug to filter their articles by."""

    name = ma.fields.Function(author_name)
    slug = ma.fields.Function(author_slug)


class SourceLinkSchema(ma.Schema):
    """A source the article draws on."""

    url = link_url(required=True)
    title = plain_text(200, load_default="")


class ArticleSummarySchema(ma.Schema):
    """An article as listings, feeds of related items and tag pages show it."""

    slug = ma.fields.String()
    title = ma.fields.String()
    summary = ma.fields.String(
        attribute="excerpt", metadata={"description": "The summary, or the body's opening words"}
    )
    cover_image = ma.fields.Nested(PictureSchema, allow_none=True)
    author = ma.fields.Nested(AuthorSchema)
    tags = ma.fields.List(ma.fields.Nested(TagSchema))
    status = ma.fields.Enum(ArticleStatus, by_value=True, attribute="current_status")
    published_at = ma.fields.AwareDateTime(allow_none=True)
    reading_time_minutes = ma.fields.Integer()


class ArticleSchema(ArticleSummarySchema):
    """An article with its rendered body, sources, linked products and related articles."""

    body = ma.fields.Method(
        "markdown_for_staff", metadata={"description": "Markdown source (staff only)"}
    )
    body_html = ma.fields.String(metadata={"description": "Rendered, sanitised HTML"})
    source_links = ma.fields.List(ma.fields.Nested(SourceLinkSchema))
    products = ma.fields.List(
        ma.fields.Nested(ProductSummarySchema),
        metadata={"description": "Linked products that are on sale (staff see every link)"},
    )
    related = ma.fields.List(
        ma.fields.Nested(ArticleSummarySchema),
        metadata={"description": "Published articles sharing tags or words with this one"},
    )
    seo_title = ma.fields.String(allow_none=True)
    seo_description = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()
    version = ma.fields.Integer()

    def markdown_for_staff(self, page):
        # Readers get the HTML; the source is for the people who edit it (the view decides).
        return page.body if page.with_source else ma.missing


# ---- request bodies ----------------------------------------------------------------------


class CoverImageInputSchema(ma.Schema):
    url = image_url(required=True)
    alt = alt_text()


class ArticleInputSchema(ma.Schema):
    """A new article; tags are names (unknown ones are created), products are slugs."""

    title = plain_text(200, min_length=1, required=True)
    slug = slug_field()
    summary = plain_text(500, metadata={"description": "Left empty, the body's opening is used"})
    body = Text(
        None,
        multiline=True,
        metadata={"description": "Markdown; longer than ARTICLE_MAX_BODY_CHARS gets 413"},
    )
    cover_image = ma.fields.Nested(CoverImageInputSchema, allow_none=True)
    tags = ma.fields.List(
        plain_text(60, min_length=1),
        validate=validate.Length(max=MAX_TAGS),
        metadata={"description": "Tag names; a tag that does not exist yet is created"},
    )
    products = ma.fields.List(
        slug_field(),
        validate=validate.Length(max=20),
        metadata={"description": "Slugs of catalogue products the article is about"},
    )
    source_links = ma.fields.List(
        ma.fields.Nested(SourceLinkSchema), validate=validate.Length(max=20)
    )
    status = ma.fields.Enum(
        ArticleStatus,
        by_value=True,
        metadata={"description": "`scheduled` needs a future `published_at`"},
    )
    published_at = moment_field(allow_none=True)
    seo_title = plain_text(
        70, allow_none=True, metadata={"description": "For search engines; the title when empty"}
    )
    seo_description = plain_text(
        160,
        allow_none=True,
        metadata={"description": "For search engines; the summary (or excerpt) when empty"},
    )


ArticleUpdateSchema = partial_of(
    ArticleInputSchema, "A partial change to an article; `tags` and `products` replace the lists."
)


class ScheduleSchema(ma.Schema):
    """When a scheduled article goes live."""

    published_at = moment_field(required=True)


# ---- query arguments ---------------------------------------------------------------------


class ArticleQueryArgs(PaginationArgs):
    """Filters and page for article listings; `tag` repeats (tag=a&tag=b matches either)."""

    q = ma.fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Words to search for; results come by relevance"},
    )
    tag = ma.fields.List(slug_field())
    author = slug_field(metadata={"description": "The author's slug (see `author.slug`)"})
    year = ma.fields.Integer(validate=validate.Range(min=EARLIEST_YEAR, max=LATEST_YEAR))
    month = ma.fields.Integer(
        validate=validate.Range(min=1, max=12), metadata={"description": "Only with `year`"}
    )
    status = ma.fields.Enum(
        ArticleStatus,
        by_value=True,
        metadata={"description": "Staff only (staff see all by default)"},
    )

    @ma.validates_schema
    def _month_needs_year(self, data, **kwargs):
        if "month" in data and "year" not in data:
            raise ma.ValidationError("Give the year too.", "month")


class FeedArgs(ma.Schema):
    tag = slug_field(metadata={"description": "Only articles with this tag"})
    author = slug_field(metadata={"description": "Only articles by this author (`author.slug`)"})
