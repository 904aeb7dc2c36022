"""Article and tag endpoints: public reading, editor writes and the publishing workflow."""

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from core.auth.guards import is_staff, role_required, signed_in_user
from core.auth.models import Role
from core.etags import current_etag, documents_if_match, require_if_match, tagged_by_content
from core.pagination import PaginationArgs, page_schema, paginate
from news import queries, services
from news.feeds import feeds_blp
from news.models import ArticleStatus
from news.schemas import (
    ArticleInputSchema,
    ArticleQueryArgs,
    ArticleSchema,
    ArticleSummarySchema,
    ArticleUpdateSchema,
    ScheduleSchema,
    TagCountSchema,
)

articles_blp = Blueprint(
    "articles",
    __name__,
    url_prefix="/api/v1/articles",
    description="Industry news. Tags named in a write that do not exist yet are created.",
)
tags_blp = Blueprint("tags", __name__, url_prefix="/api/v1/tags", description="Article tags")


@articles_blp.route("")
class Articles(MethodView):
    """The article collection."""

    @articles_blp.arguments(ArticleQueryArgs, location="query")
    @articles_blp.response(200, page_schema(ArticleSummarySchema))
    def get(self, args):
        """List articles, newest first; readers see published ones, staff may ask for any status.

        With `q`, the search engine matches and ranks them by relevance.
        """
        if args.get("q"):
            return queries.searched_articles(args, staff=is_staff())
        statement = queries.article_listing(args, staff=is_staff())
        return paginate(statement, args["page"], args["per_page"], *queries.LISTING_LOAD_OPTIONS)

    @role_required(Role.EDITOR)
    @articles_blp.arguments(ArticleInputSchema)
    @tagged_by_content
    @articles_blp.response(201, ArticleSchema)
    def post(self, data):
        """Write an article (a draft unless `status` says otherwise); you are its author."""
        article = services.create_article(data, signed_in_user())
        location = url_for("articles.ArticleItem", slug=article.slug)
        return queries.article_page(article, staff=True), {"Location": location}


@articles_blp.route("/<slug:slug>")
class ArticleItem(MethodView):
    """One article."""

    @tagged_by_content
    @articles_blp.response(200, ArticleSchema)
    @articles_blp.alt_response(301, description="The article moved to a new slug (Location)")
    def get(self, slug):
        """Read an article with its HTML, tags, linked products and related articles."""
        staff = is_staff()
        article = queries.get_article(slug, staff=staff, old_slugs=True)
        if article.slug != slug:
            location = url_for("articles.ArticleItem", slug=article.slug)
            return Response(status=301, headers={"Location": location})
        return queries.article_page(article, staff=staff)

    @documents_if_match
    @role_required(Role.EDITOR)
    @articles_blp.arguments(ArticleUpdateSchema)
    @tagged_by_content
    @articles_blp.response(200, ArticleSchema)
    def patch(self, changes, slug):
        """Change an article (needs If-Match); a new slug leaves the old one redirecting."""
        article = _current(slug)
        return queries.article_page(services.update_article(article, changes), staff=True)

    @documents_if_match
    @role_required(Role.ADMIN)
    @articles_blp.response(204)
    def delete(self, slug):
        """Destroy an article (admins only; needs If-Match). Editors archive instead."""
        services.delete_article(_current(slug))


@articles_blp.route("/<slug:slug>/publish", methods=["POST"])
@documents_if_match
@role_required(Role.EDITOR)
@tagged_by_content
@articles_blp.response(200, ArticleSchema)
def publish_article(slug):
    """Publish an article now (needs If-Match)."""
    return _change_status(slug, ArticleStatus.PUBLISHED)


@articles_blp.route("/<slug:slug>/schedule", methods=["POST"])
@documents_if_match
@role_required(Role.EDITOR)
@articles_blp.arguments(ScheduleSchema)
@tagged_by_content
@articles_blp.response(200, ArticleSchema)
def schedule_article(data, slug):
    """Publish an article at a future `published_at`; nothing needs to run then (If-Match)."""
    return _change_status(slug, ArticleStatus.SCHEDULED, data["published_at"])


@articles_blp.route("/<slug:slug>/unpublish", methods=["POST"])
@documents_if_match
@role_required(Role.EDITOR)
@tagged_by_content
@articles_blp.response(200, ArticleSchema)
def unpublish_article(slug):
    """Take an article back to draft (needs If-Match)."""
    return _change_status(slug, ArticleStatus.DRAFT)


@articles_blp.route("/<slug:slug>/archive", methods=["POST"])
@documents_if_match
@role_required(Role.EDITOR)
@tagged_by_content
@articles_blp.response(200, ArticleSchema)
def archive_article(slug):
    """Archive an article: hidden from readers, kept for the record (needs If-Match)."""
    return _change_status(slug, ArticleStatus.ARCHIVED)


@tags_blp.route("")
class Tags(MethodView):
    """The tag collection."""

    @tags_blp.arguments(PaginationArgs, location="query")
    @tags_blp.response(200, page_schema(TagCountSchema))
    def get(self, args):
        """List tags with how many articles you can read under each, most used first."""
        return paginate(queries.tag_listing(staff=is_staff()), args["page"], args["per_page"])


def _change_status(slug, status, published_at=None):
    article = services.set_status(_current(slug), status, published_at)
    return queries.article_page(article, staff=True)


def _current(slug):
    """The article at `slug`, once If-Match names the ETag staff would read it with now."""
    article = queries.get_article(slug, staff=True)
    require_if_match(current_etag(ArticleSchema(), queries.article_page(article, staff=True)))
    return article


blueprints = (articles_blp, tags_blp, feeds_blp)
