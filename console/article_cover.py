"""An article's cover: upload one image with its alt text, or remove it (through the services)."""

from collections.abc import Mapping

from flask import flash, redirect, render_template, request, url_for

from console.article_editor import load_article
from console.forms import FORM_ERROR, attempt, load_body, problem_errors, submitted_version
from console.guard import console
from core.problems import Problem
from core.uploads import takes_files
from media.schemas import UploadSchema
from media.uploads import processed_uploads
from news import services as news_services
from news.models import Article


@console.route("/articles/<int:article_id>/cover")
def article_cover(article_id: int):
    """The cover as readers see it, a form to replace it and one to remove it."""
    return _page(load_article(article_id), {})


@console.route("/articles/<int:article_id>/cover", methods=["POST"])
@takes_files("MEDIA_MAX_REQUEST_BYTES")
def article_cover_upload(article_id: int):
    """Store the chosen image as the cover (replacing any), with what it shows."""
    article = load_article(article_id)
    stale = _stale(article)
    if stale is not None:
        return stale
    upload = request.files.get("file")
    chosen = upload if upload is not None and upload.filename else None
    alt = request.form.get("alt", "").strip()
    errors: dict[str, list[str]] = {}
    if chosen is None:
        errors["file"] = ["Choose an image file."]
    if not alt:
        errors["alt"] = ["Say what the image shows."]
    if not errors:
        # Checked as the API checks an upload (the alt text: plain text, bounded).
        errors = _as_form_fields(load_body(UploadSchema(), {"file": [chosen], "alt": [alt]})[1])
    if errors or chosen is None:
        return _page(article, errors, status=422)
    try:
        (image,) = processed_uploads([chosen], [alt])
    except Problem as refused:
        return _page(article, _refusal(refused), refused.status)
    problem = attempt(lambda: news_services.set_cover(article, image, alt))
    if problem is not None:
        return _page(article, _refusal(problem), problem.status)
    flash("Uploaded the cover.")
    return redirect(url_for("console.article_cover", article_id=article.id), 303)


@console.route("/articles/<int:article_id>/cover/remove", methods=["POST"])
def article_cover_remove(article_id: int):
    """Show the article without a cover (its files go with `flask media prune`)."""
    article = load_article(article_id)
    stale = _stale(article)
    if stale is not None:
        return stale
    problem = attempt(lambda: news_services.remove_cover(article))
    if problem is not None:
        return _page(article, problem_errors(problem), problem.status)
    flash("Removed the cover.")
    return redirect(url_for("console.article_cover", article_id=article.id), 303)


def _stale(article: Article):
    """A 409 page when the article changed since the form was loaded; else None."""
    if submitted_version(article.version) == article.version:
        return None
    notice = "Someone changed this article since you opened the page; the cover was not changed."
    return _page(article, {FORM_ERROR: [notice + " Check it, then try again."]}, status=409)


def _refusal(problem: Problem) -> dict[str, list[str]]:
    """A refused upload: what went wrong overall, and beside the field it is about."""
    return {FORM_ERROR: [problem.detail], **_as_form_fields(problem.errors or {})}


def _as_form_fields(errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Errors about `file.0` or `alt.0` on the form's one `file` and `alt` fields."""
    shown: dict[str, list[str]] = {}
    for path, messages in errors.items():
        shown.setdefault(path.partition(".")[0], []).extend(messages)
    return shown


def _page(article: Article, errors: dict[str, list[str]], status: int = 200):
    page = render_template(
        "console/article_cover.html",
        title=f"Cover of {article.title}",
        article=article,
        cover=article.cover_image,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        values={"alt": request.form.get("alt", "")} if request.method == "POST" else {},
    )
    return page, status
