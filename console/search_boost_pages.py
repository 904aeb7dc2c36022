"""Boosts in the console: products raised in every relevance ranking (in stock, a brand, a
finish, new arrivals); written through the merchandising services, as the API does."""

from typing import Any

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
from merchandising.boost_schemas import (
    MAX_DAYS,
    MAX_WEIGHT,
    SearchBoostInputSchema,
    SearchBoostUpdateSchema,
)
from merchandising.models import SearchBoost

FORM_METHODS = ["GET", "POST"]
FORM_FIELDS = ("attribute", "value", "days", "weight", "status")
ATTRIBUTES = [
    ("in_stock", "In stock"),
    ("brand", "A brand (give its slug below)"),
    ("finish", "A finish (give its slug below)"),
    ("new_arrivals", "New arrivals (give the days below)"),
]
STATUSES = [
    ("live", "Live: shoppers' searches apply it"),
    ("draft", "Draft: only the preview applies it"),
]


@console.route("/search-rules/boosts/new", methods=FORM_METHODS)
def search_boosts_new():
    """A new boost's form."""
    if request.method == "GET":
        values = {"attribute": "in_stock", "value": "", "days": "", "weight": "5"}
        return _editor(None, {**values, "status": "draft"}, {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    values = _values_from_form()
    data, errors = load_body(SearchBoostInputSchema(), _body_of(values))
    if data is not None:
        created: list[SearchBoost] = []
        problem = attempt(lambda: created.append(services.create_boost(data)))
        if problem is None:
            made = created[0]
            flash(f"Added the boost “{made.label}” ({made.status.value}).")
            return redirect(url_for("console.search_boosts_edit", boost_id=made.id), 303)
        errors = problem_errors(problem)
    return _editor(None, values, errors, status=422)


@console.route("/search-rules/boosts/<int:boost_id>", methods=FORM_METHODS)
def search_boosts_edit(boost_id: int):
    """A boost's form: save (publishing a draft is choosing live), or delete."""
    boost = queries.get_boost(boost_id)
    if request.method == "GET":
        return _editor(boost, _values_of(boost), {})
    values = _values_from_form()
    if submitted_version(boost.version) != boost.version:
        notice = (
            "Someone changed this boost since you opened it; nothing was saved. It is shown "
            "as it is now: make your change again."
        )
        return _editor(boost, _values_of(boost), {FORM_ERROR: [notice]}, status=409)
    if chosen_action(("save", "delete")) == "delete":
        label = boost.label
        problem = attempt(lambda: services.delete_rule(boost))
        if problem is None:
            flash(f"Deleted the boost “{label}”.")
            return redirect(url_for("console.search_rules"), 303)
        return _editor(boost, values, problem_errors(problem), status=problem.status)
    data, errors = load_body(SearchBoostUpdateSchema(), _body_of(values))
    if data is not None:
        problem = attempt(lambda: services.update_boost(boost, data))
        if problem is None:
            flash(f"Saved the boost “{boost.label}” ({boost.status.value}).")
            return redirect(url_for("console.search_boosts_edit", boost_id=boost.id), 303)
        errors = problem_errors(problem)
        boost = queries.get_boost(boost_id)
    return _editor(boost, values, errors, status=422)


def _values_of(boost: SearchBoost) -> dict[str, str]:
    return {
        "attribute": boost.attribute.value,
        "value": boost.value or "",
        "days": "" if boost.days is None else str(boost.days),
        "weight": str(boost.weight),
        "status": boost.status.value,
    }


def _values_from_form() -> dict[str, str]:
    return {name: request.form.get(name, "").strip() for name in FORM_FIELDS}


def _body_of(values: dict[str, str]) -> dict[str, Any]:
    """The API body: what the attribute does not take is left out (the schema checks the rest)."""
    body: dict[str, Any] = {name: values[name] for name in ("attribute", "weight", "status")}
    body["value"] = values["value"] or None
    body["days"] = values["days"] or None
    return body


def _editor(boost: SearchBoost | None, values: dict, errors: dict, *, status: int = 200):
    page = render_template(
        "console/search_boost_edit.html",
        title=f"Edit the boost “{boost.label}”" if boost else "New boost",
        boost=boost,
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        attributes=ATTRIBUTES,
        statuses=STATUSES,
        max_weight=MAX_WEIGHT,
        max_days=MAX_DAYS,
    )
    return page, status


register_edit_page("search_boost", "console.search_boosts_edit", "boost_id")
