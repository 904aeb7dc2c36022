"""Pin rules in the console: for a query, the products (or articles) put first and those left
out; written through the merchandising services, as the API does (audited, version-checked)."""

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
from merchandising.models import SearchPin
from merchandising.pin_schemas import (
    MAX_HIDDEN,
    MAX_PINNED,
    SearchPinInputSchema,
    SearchPinUpdateSchema,
)
from merchandising.pinned_documents import described

FORM_METHODS = ["GET", "POST"]
FORM_FIELDS = ("query", "match", "pinned", "hidden", "status")
ARTICLE = "article:"  # a line naming an article rather than a product
MATCHES = [
    ("exact", "The query is exactly these words"),
    ("contains", "The query has these words, in this order, among others"),
]
STATUSES = [
    ("live", "Live: shoppers' searches apply it"),
    ("draft", "Draft: only the preview applies it"),
]


@console.route("/search-rules/pins/new", methods=FORM_METHODS)
def search_pins_new():
    """A new pin rule's form (the query may come filled in, from one that found nothing)."""
    if request.method == "GET":
        query = request.args.get("query", "").strip()[:200]
        values = {"query": query, "match": "exact", "pinned": "", "hidden": "", "status": "draft"}
        return _editor(None, values, {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    values = _values_from_form()
    data, errors = load_body(SearchPinInputSchema(), _body_of(values))
    if data is not None:
        created: list[SearchPin] = []
        problem = attempt(lambda: created.append(services.create_pin(data)))
        if problem is None:
            made = created[0]
            flash(f"Added the pin rule “{made.label}” ({made.status.value}).")
            return redirect(url_for("console.search_pins_edit", pin_id=made.id), 303)
        errors = problem_errors(problem)
    return _editor(None, values, errors, status=422)


@console.route("/search-rules/pins/<int:pin_id>", methods=FORM_METHODS)
def search_pins_edit(pin_id: int):
    """A pin rule's form: save (publishing a draft is choosing live), or delete."""
    pin = queries.get_pin(pin_id)
    if request.method == "GET":
        return _editor(pin, _values_of(pin), {})
    values = _values_from_form()
    if submitted_version(pin.version) != pin.version:
        notice = (
            "Someone changed this pin rule since you opened it; nothing was saved. It is "
            "shown as it is now: make your change again."
        )
        return _editor(pin, _values_of(pin), {FORM_ERROR: [notice]}, status=409)
    if chosen_action(("save", "delete")) == "delete":
        label = pin.label
        problem = attempt(lambda: services.delete_rule(pin))
        if problem is None:
            flash(f"Deleted the pin rule “{label}”.")
            return redirect(url_for("console.search_rules"), 303)
        return _editor(pin, values, problem_errors(problem), status=problem.status)
    data, errors = load_body(SearchPinUpdateSchema(), _body_of(values))
    if data is not None:
        problem = attempt(lambda: services.update_pin(pin, data))
        if problem is None:
            flash(f"Saved the pin rule “{pin.label}” ({pin.status.value}).")
            return redirect(url_for("console.search_pins_edit", pin_id=pin.id), 303)
        errors = problem_errors(problem)
        pin = queries.get_pin(pin_id)
    return _editor(pin, values, errors, status=422)


def _lines_of(entries: list[dict]) -> str:
    return "\n".join(
        ("" if entry["type"] == "product" else ARTICLE) + entry["slug"]
        for entry in described(entries)
    )


def _references(text: str) -> list[dict[str, str]]:
    """One document per line: a product's slug, or `article:` and an article's slug."""
    found = []
    for line in (part.strip() for part in text.replace(",", "\n").splitlines()):
        if line.startswith(ARTICLE):
            found.append({"type": "article", "slug": line.removeprefix(ARTICLE).strip()})
        elif line:
            found.append({"type": "product", "slug": line})
    return found


def _values_of(pin: SearchPin) -> dict[str, str]:
    return {
        "query": pin.query,
        "match": pin.match.value,
        "pinned": _lines_of(pin.pinned),
        "hidden": _lines_of(pin.hidden),
        "status": pin.status.value,
    }


def _values_from_form() -> dict[str, str]:
    return {name: request.form.get(name, "").strip() for name in FORM_FIELDS}


def _body_of(values: dict[str, str]) -> dict[str, Any]:
    return {
        "query": values["query"],
        "match": values["match"],
        "status": values["status"],
        "pinned": _references(values["pinned"]),
        "hidden": _references(values["hidden"]),
    }


def _editor(pin: SearchPin | None, values: dict, errors: dict, *, status: int = 200):
    page = render_template(
        "console/search_pin_edit.html",
        title=f"Edit the pin rule “{pin.label}”" if pin else "New pin rule",
        pin=pin,
        pinned=described(pin.pinned) if pin else [],
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        matches=MATCHES,
        statuses=STATUSES,
        max_pinned=MAX_PINNED,
        max_hidden=MAX_HIDDEN,
    )
    return page, status


register_edit_page("search_pin", "console.search_pins_edit", "pin_id")
