"""The article editor: write, preview the Markdown, publish, schedule, unpublish, archive.

Saves go through the news services with bodies the API's schemas load, so the messages beside
the fields are the API's. Saving over a newer version shows what changed and merges.
"""

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from console import article_form
from console.forms import (
    FORM_ERROR,
    Conflict,
    Loaded,
    attempt,
    chosen_action,
    conflict_with,
    load_body,
    problem_errors,
    replay_double_submission,
    saved_meanwhile,
    submitted_version,
)
from console.guard import console, signed_in
from console.history import register_edit_page
from core.extensions import db
from core.markup import render_markdown
from core.problems import Problem
from news import services as news_services
from news.models import Article
from news.schemas import ArticleInputSchema, ArticleUpdateSchema

ACTIONS = ("save", "preview", "publish", "schedule", "unpublish", "archive")
register_edit_page("article", "console.article_edit", "article_id")


@console.route("/articles/new", methods=["GET", "POST"])
def article_new():
    """A blank article form; saving creates the article (once, however often it is sent)."""
    if request.method == "GET":
        return _editor(None, article_form.blank_values(), {})
    values = article_form.values_from(request.form)
    action = chosen_action(ACTIONS)
    if action == "preview":
        return _previewed(None, values)
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    body = article_form.body_of(values, action)
    data, errors = load_body(ArticleInputSchema(), body)
    created: list[Article] = []
    if data is not None:
        problem = attempt(lambda: created.append(news_services.create_article(data, signed_in())))
        if problem is None:
            article = created[0]
            flash(f"Created {article.title} ({article.current_status.value}).")
            return redirect(url_for("console.article_edit", article_id=article.id), 303)
        errors = problem_errors(problem)
    return _editor(None, values, article_form.form_errors(errors, body), status=422)


@console.route("/articles/<int:article_id>", methods=["GET", "POST"])
def article_edit(article_id: int):
    """An article's form; saving over a newer version shows what changed and merges."""
    article = load_article(article_id)
    if request.method == "GET":
        return _editor(article, article_form.values_of(article), {})
    loaded_at = submitted_version(article.version)
    values = article_form.values_from(request.form)
    action = chosen_action(ACTIONS)
    if action == "preview":
        # The form keeps editing the version it was loaded at, so a later save still
        # notices what others saved meanwhile.
        as_sent = Loaded(loaded_at, request.form.get("original", ""), request.form.get("seen", ""))
        return _previewed(article, values, as_sent)
    if loaded_at != article.version:
        return _conflict(article, values)
    body = article_form.body_of(values, action)
    data, errors = load_body(ArticleUpdateSchema(), body)
    if data is None:
        return _editor(article, values, article_form.form_errors(errors, body), status=422)
    problem = attempt(lambda: news_services.update_article(article, data))
    if saved_meanwhile(problem):
        return _conflict(load_article(article_id), values)
    if problem is not None:
        errors = article_form.form_errors(problem_errors(problem), body)
        return _editor(article, values, errors, status=422)
    flash(f"Saved {article.title} ({article.current_status.value}).")
    return redirect(url_for("console.article_edit", article_id=article.id), 303)


def _previewed(article: Article | None, values: dict[str, str], loaded: Loaded | None = None):
    """The form as typed, with its body rendered as readers would get it; nothing is saved."""
    too_long = attempt(lambda: news_services.check_body_length(values["body"]))
    if too_long is not None:
        return _editor(article, values, problem_errors(too_long), status=422, loaded=loaded)
    rendered = render_markdown(values["body"])
    return _editor(article, values, {}, loaded=loaded, preview_html=rendered)


def _conflict(article: Article, mine: dict[str, str]):
    """The editor showing the newer version with this user's own changes applied on top."""
    conflict = conflict_with(article, mine, article_form.values_of(article))
    return _editor(article, conflict.values, {}, status=409, conflict=conflict)


def _editor(
    article: Article | None,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    *,
    status: int = 200,
    conflict: Conflict | None = None,
    loaded: Loaded | None = None,
    preview_html: str | None = None,
):
    """Render the editor; what the form was loaded with travels with it (now, by default)."""
    if loaded is None and article is not None:
        loaded = Loaded.now(article, article_form.values_of(article))
    page = render_template(
        "console/article_edit.html",
        title=f"Edit {article.title}" if article else "New article",
        article=article,
        author=article.author if article else signed_in(),
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        loaded=loaded,
        conflict=conflict,
        preview_html=preview_html,
    )
    return page, status


def load_article(article_id: int) -> Article:
    """The article with `article_id`, drafts and archived ones too, or a 404 page."""
    article = db.session.get(Article, article_id)
    if article is None:
        raise Problem(404, f"No article with id {article_id}.", kind="not-found")
    return article
