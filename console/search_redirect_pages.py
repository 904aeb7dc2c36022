"""Search redirects in the console: a query that goes straight to a page of the site; written
through the merchandising services, as the API does (audited, version-checked)."""

from flask import flash, redirect, render_template, request, url_for

from console.forms import (
    FORM_ERROR,
    attempt,
    chosen_action,
    load_body,
    problem_errors,
    replay_double_submission,
    submitted_version,
)
from console.guard import console
from console.history import register_edit_page
from merchandising import queries, services
from merchandising.models import QueryMatch, RuleStatus, SearchRedirect
from merchandising.schemas import SearchRedirectInputSchema, SearchRedirectUpdateSchema

FORM_METHODS = ["GET", "POST"]
FORM_FIELDS = ("query", "match", "target", "status")
MATCHES = [
    (QueryMatch.EXACT.value, "The query is exactly these words"),
    (QueryMatch.CONTAINS.value, "The query has these words, in this order, among others"),
]
STATUSES = [
    (RuleStatus.LIVE.value, "Live: shoppers who type it land on the page"),
    (RuleStatus.DRAFT.value, "Draft: only the preview applies it"),
]


@console.route("/search-rules/redirects/new", methods=FORM_METHODS)
def search_redirects_new():
    """A new redirect's form (the query may come filled in, from one that found nothing)."""
    if request.method == "GET":
        query = request.args.get("query", "").strip()[:200]
        values = {"query": query, "match": "exact", "target": "", "status": "draft"}
        return _editor(None, values, {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    values = _values_from_form()
    data, errors = load_body(SearchRedirectInputSchema(), values)
    if data is not None:
        created: list[SearchRedirect] = []
        problem = attempt(lambda: created.append(services.create_redirect(data)))
        if problem is None:
            made = created[0]
            flash(f"Added the redirect “{made.label}” ({made.status.value}).")
            return redirect(url_for("console.search_redirects_edit", redirect_id=made.id), 303)
        errors = problem_errors(problem)
    return _editor(None, values, errors, status=422)


@console.route("/search-rules/redirects/<int:redirect_id>", methods=FORM_METHODS)
def search_redirects_edit(redirect_id: int):
    """A redirect's form: save (publishing a draft is choosing live), or delete."""
    found = queries.get_redirect(redirect_id)
    if request.method == "GET":
        return _editor(found, _values_of(found), {})
    values = _values_from_form()
    if submitted_version(found.version) != found.version:
        notice = (
            "Someone changed this redirect since you opened it; nothing was saved. It is "
            "shown as it is now: make your change again."
        )
        return _editor(found, _values_of(found), {FORM_ERROR: [notice]}, status=409)
    if chosen_action(("save", "delete")) == "delete":
        label = found.label
        problem = attempt(lambda: services.delete_rule(found))
        if problem is None:
            flash(f"Deleted the redirect “{label}”.")
            return redirect(url_for("console.search_rules"), 303)
        return _editor(found, values, problem_errors(problem), status=problem.status)
    data, errors = load_body(SearchRedirectUpdateSchema(), values)
    if data is not None:
        problem = attempt(lambda: services.update_redirect(found, data))
        if problem is None:
            flash(f"Saved the redirect “{found.label}” ({found.status.value}).")
            return redirect(url_for("console.search_redirects_edit", redirect_id=found.id), 303)
        errors = problem_errors(problem)
        found = queries.get_redirect(redirect_id)
    return _editor(found, values, errors, status=422)


def _values_of(found: SearchRedirect) -> dict[str, str]:
    return {
        "query": found.query,
        "match": found.match.value,
        "target": found.target,
        "status": found.status.value,
    }


def _values_from_form() -> dict[str, str]:
    return {name: request.form.get(name, "").strip() for name in FORM_FIELDS}


def _editor(found: SearchRedirect | None, values: dict, errors: dict, *, status: int = 200):
    page = render_template(
        "console/search_redirect_edit.html",
        title=f"Edit the redirect “{found.label}”" if found else "New search redirect",
        redirect_rule=found,
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        matches=MATCHES,
        statuses=STATUSES,
    )
    return page, status


register_edit_page("search_redirect", "console.search_redirects_edit", "redirect_id")
