"""The article list: search, status and tag filters, paging; each row opens the editor."""

from flask import render_template, request
from sqlalchemy import select

from console.guard import console
from core.extensions import db
from core.pagination import paginate
from news import queries as news_queries
from news.models import ArticleStatus, Tag
from news.schemas import ArticleQueryArgs
from web.facets import load_arguments

PER_PAGE = 25
LIST_ARGUMENTS = {"q", "status", "tag", "page"}


@console.route("/articles")
def articles():
    """Every article, drafts and archived ones too: searched by relevance, else newest first."""
    args = load_arguments(ArticleQueryArgs(), request.args, LIST_ARGUMENTS)
    args["per_page"] = PER_PAGE
    if args.get("q"):
        listing = news_queries.searched_articles(args, staff=True)
    else:
        statement = news_queries.article_listing(args, staff=True)
        listing = paginate(statement, args["page"], PER_PAGE, *news_queries.LISTING_LOAD_OPTIONS)
    return render_template(
        "console/articles.html",
        title="Articles",
        items=listing["items"],
        page=listing["meta"],
        args=args,
        tags=list(db.session.scalars(select(Tag).order_by(Tag.name))),
        statuses=[status.value for status in ArticleStatus],
    )
