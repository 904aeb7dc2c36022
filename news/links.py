"""Where readers find articles: the page links feeds give, supplied by whoever serves the pages.

News knows its own API only. A package that renders article pages installs its links on the app
with `install_links`; without one, feeds link to the articles API.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

from core.public_urls import public_url

EXTENSION = "news.links"


@dataclass(frozen=True)
class NewsLinks:
    """Absolute public URLs of an article (by slug), of the article list (under a tag slug) and
    of an author's articles (by author slug)."""

    article: Callable[[str], str]
    listing: Callable[[str | None], str]
    author: Callable[[str], str]


API_LINKS = NewsLinks(
    article=lambda slug: public_url("articles.ArticleItem", slug=slug),
    listing=lambda tag: public_url("articles.Articles", tag=tag),
    author=lambda slug: public_url("articles.Articles", author=slug),
)


def install_links(app: Flask, links: NewsLinks) -> None:
    """Make `links` the article links of `app`'s feeds."""
    app.extensions[EXTENSION] = links


def news_links() -> NewsLinks:
    """The current app's article links."""
    return current_app.extensions.get(EXTENSION, API_LINKS)
