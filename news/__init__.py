"""Industry news: articles in Markdown with tags, scheduling, feeds and related content."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount the news API and feeds, its search documents and its commands.

    Needs the kernel; runs before `search.init_app`, which indexes the documents declared here.
    """
    from core.api import register_api_blueprints
    from news.cli import register_news_commands
    from news.cover_routes import article_covers_blp
    from news.routes import blueprints
    from news.search_documents import register_article_documents

    register_api_blueprints(app, *blueprints, article_covers_blp)
    register_article_documents(app)
    register_news_commands(app)
