"""News services leave their callers' data as given."""

import copy

from core.auth.models import User
from core.extensions import db
from news import services
from news.schemas import ArticleInputSchema, ArticleUpdateSchema


def test_writing_and_changing_an_article_leaves_the_callers_data_as_given(app, editor):
    with app.app_context():
        author = db.session.query(User).filter_by(email="editor@example.com").one()
        data = ArticleInputSchema().load({"title": "Brass prices", "slug": "brass", "tags": ["X"]})
        given = copy.deepcopy(data)
        article = services.create_article(data, author)
        assert data == given
        assert (article.slug, article.body) == ("brass", "")

        changes = ArticleUpdateSchema().load({"slug": "brass-prices", "body": "Up again."})
        given = copy.deepcopy(changes)
        services.update_article(article, changes)
        assert changes == given
        assert [old.slug for old in article.old_slugs] == ["brass"]
        assert (article.slug, article.body) == ("brass-prices", "Up again.")
