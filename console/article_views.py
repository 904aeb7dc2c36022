"""An article's full preview (its page as readers will see it) and its audit history."""

from console.article_editor import load_article
from console.guard import console
from console.history import history_page
from web.news_pages import article_page


@console.route("/articles/<int:article_id>/preview")
def article_preview(article_id: int):
    """The article page exactly as readers will see it, shown to staff only, draft or not."""
    return article_page(load_article(article_id), preview=True)


@console.route("/articles/<int:article_id>/history")
def article_history(article_id: int):
    """Who changed the article (its cover too), when, and from what to what."""
    article = load_article(article_id)
    return history_page(article, article.title, "console.article_edit", "article_id")
