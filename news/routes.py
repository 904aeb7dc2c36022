"""Article and tag endpoints: public reading, editor writes and the publishing workflow."""

import marshmallow as ma
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
            return queries.searched_articles(args, staff=is_staff(), observed=True)
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
        article = current_for_write(slug)
        return queries.article_page(services.update_article(article, changes), staff=True)

    @documents_if_match
    @role_required(Role.ADMIN)
    @articles_blp.response(204)
    def delete(self, slug):
        """Destroy an article (admins only; needs If-Match). Editors archive instead."""
        services.delete_article(current_for_write(slug))


def _status_action(
    action: str, status: ArticleStatus, doc: str, body: type[ma.Schema] | None = None
) -> None:
    """Add `POST /articles/<slug>/<action>`, which moves an article to `status` (If-Match).

    With a `body` schema, the request gives the `published_at` the status takes effect at.
    """

    def change_status(*parsed_body, slug):
        published_at = parsed_body[0]["published_at"] if parsed_body else None
        article = services.set_status(current_for_write(slug), status, published_at)
        return queries.article_page(article, staff=True)

    change_status.__name__ = change_status.__qualname__ = f"{action}_article"
    change_status.__doc__ = doc
    view = tagged_by_content(articles_blp.response(200, ArticleSchema)(change_status))
    if body is not None:
        view = articles_blp.arguments(body)(view)
    view = documents_if_match(role_required(Role.EDITOR)(view))
    articles_blp.route(f"/<slug:slug>/{action}", methods=["POST"])(view)


_status_action("publish", ArticleStatus.PUBLISHED, "Publish an article now (needs If-Match).")
_status_action(
    "schedule",
    ArticleStatus.SCHEDULED,
    "Publish an article at a future `published_at`; nothing needs to run then (If-Match).",
    body=ScheduleSchema,
)
_status_action("unpublish", ArticleStatus.DRAFT, "Take an article back to draft (needs If-Match).")
_status_action(
    "archive",
    ArticleStatus.ARCHIVED,
    "Archive an article: hidden from readers, kept for the record (needs If-Match).",
)


@tags_blp.route("")
class Tags(MethodView):
    """The tag collection."""

    @tags_blp.arguments(PaginationArgs, location="query")
    @tags_blp.response(200, page_schema(TagCountSchema))
    def get(self, args):
        """List tags with how many articles you can read under each, most used first."""
        return paginate(queries.tag_listing(staff=is_staff()), args["page"], args["per_page"])


def current_for_write(slug):
    """The article at `slug`, once If-Match names the ETag staff would read it with now."""
    article = queries.get_article(slug, staff=True)
    require_if_match(current_etag(ArticleSchema(), queries.article_page(article, staff=True)))
    return article


blueprints = (articles_blp, tags_blp, feeds_blp)
