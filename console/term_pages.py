"""The Terms section: brands, the category tree, finishes, certifications and markets.

One set of views serves every kind (console.term_form describes each). Every write is the
API's own service call on a body the API's schema has loaded, with the product editor's rules:
a save over a newer version shows who changed what and merges, a create form sent twice
creates once.
"""

from collections.abc import Sequence
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from catalog import services as catalog_services
from catalog.models import Category
from catalog.queries import category_tree, term_listing
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
from console.guard import console
from console.history import register_edit_page
from console.term_form import (
    TERM_KINDS,
    TermKind,
    blank_values,
    body_of,
    certification_choices,
    no_colour_box,
    parent_choices,
    values_from,
    values_of,
)
from core.extensions import db
from core.problems import Problem

ACTIONS = ("save", "archive")
FORM_METHODS = ["GET", "POST"]


@console.route("/terms")
def terms():
    """Every kind of term, each with how many there are and how many are archived."""
    counts = {}
    for kind in TERM_KINDS.values():
        # count(archived_at) counts the rows where it is set: the archived ones.
        total = select(func.count(), func.count(kind.model.archived_at)).select_from(kind.model)
        counts[kind.plural] = db.session.execute(total).one()
    return render_template(
        "console/terms.html", title="Terms", kinds=TERM_KINDS.values(), counts=counts
    )


def term_list(kind: str):
    """One kind's terms by name (categories as their tree); archived ones on request."""
    term_kind = TERM_KINDS[kind]
    show_archived = request.args.get("archived") == "1"
    tree: list[dict[str, Any]] = []
    rows: Sequence[Any] = ()
    if term_kind.model is Category:
        tree = category_tree(include_archived=show_archived)
    else:
        listing = term_listing(term_kind.model, include_archived=show_archived)
        rows = db.session.scalars(listing).all()
    return render_template(
        "console/term_list.html",
        title=term_kind.title,
        kind=term_kind,
        kinds_menu=TERM_KINDS.values(),
        show_archived=show_archived,
        tree=tree,
        rows=rows,
    )


def term_new(kind: str):
    """A blank form for one kind; saving creates the term (once, however often it is sent)."""
    term_kind = TERM_KINDS[kind]
    if request.method == "GET":
        return _editor(term_kind, None, blank_values(term_kind), {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    values = values_from(term_kind, request.form)
    data, errors = load_body(term_kind.input_schema(), body_of(term_kind, values))
    if data is not None:
        created: list[Any] = []
        problem = attempt(
            lambda: created.append(catalog_services.create_term(term_kind.model, data))
        )
        if problem is None:
            flash(f"Created {term_kind.singular} {created[0].name}.")
            return redirect(url_for(term_kind.endpoint("edit"), term_id=created[0].id), 303)
        errors = problem_errors(problem)
    return _editor(term_kind, None, values, errors, status=422)


def term_edit(kind: str, term_id: int):
    """A term's form: save, or archive; a save over a newer version shows what changed."""
    term_kind = TERM_KINDS[kind]
    term = load_term(term_kind, term_id)
    if request.method == "GET":
        return _editor(term_kind, term, values_of(term_kind, term), {})
    loaded_at = submitted_version(term.version)
    values = values_from(term_kind, request.form)
    if loaded_at != term.version:
        return _conflict(term_kind, term, values)
    archiving = chosen_action(ACTIONS) == "archive"
    data, errors = load_body(term_kind.update_schema(), body_of(term_kind, values, term))
    if data is None:
        return _editor(term_kind, term, values, errors, status=422)
    changed = values != values_of(term_kind, term)

    def write() -> None:
        # Archiving keeps what was typed: the changes are saved first, as a save would.
        if changed:
            catalog_services.update_term(term, data)
        if archiving:
            catalog_services.archive_term(term)

    problem = attempt(write)
    if saved_meanwhile(problem):
        return _conflict(term_kind, load_term(term_kind, term_id), values)
    if problem is not None:
        return _editor(term_kind, term, values, problem_errors(problem), status=422)
    flash(_outcome(term_kind, term, changed=changed, archived=archiving))
    return redirect(url_for(term_kind.endpoint("edit"), term_id=term.id), 303)


def _outcome(term_kind: TermKind, term: Any, *, changed: bool, archived: bool) -> str:
    if archived:
        return (
            f"Archived {term_kind.singular} {term.name}: it is gone from public lists and new "
            "products; products that use it keep it."
        )
    if changed:
        return f"Saved {term_kind.singular} {term.name}."
    return f"Nothing to save: {term.name} is as it was."


def _conflict(term_kind: TermKind, term: Any, mine: dict[str, str]):
    """The form showing the newer version with this user's own changes applied on top."""
    conflict = conflict_with(term, mine, values_of(term_kind, term))
    return _editor(term_kind, term, conflict.values, {}, status=409, conflict=conflict)


def _editor(
    term_kind: TermKind,
    term: Any,
    values: dict[str, str],
    errors: dict[str, list[str]],
    *,
    status: int = 200,
    conflict: Conflict | None = None,
):
    """Render a term's form; the original values and the version travel with it."""
    original = values_of(term_kind, term) if term is not None else values
    parents = (
        parent_choices(term, values["parent"]) if term_kind.field("parent") is not None else []
    )
    required = term_kind.field("certifications")
    certifications = certification_choices(values["certifications"]) if required else []
    page = render_template(
        "console/term_edit.html",
        title=f"Edit {term_kind.singular} {term.name}" if term else f"New {term_kind.singular}",
        kind=term_kind,
        term=term,
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        loaded=Loaded.now(term, original) if term is not None else None,
        conflict=conflict,
        parents=parents,
        certifications=certifications,
        no_colour_box=no_colour_box,
    )
    return page, status


def load_term(term_kind: TermKind, term_id: int) -> Any:
    """The term of `term_kind` with `term_id`, archived ones too, or a 404 page."""
    term = db.session.get(term_kind.model, term_id)
    if term is None:
        raise Problem(404, f"No {term_kind.singular} with id {term_id}.", kind="not-found")
    return term


def _mount(term_kind: TermKind) -> None:
    """Route a kind's pages (/admin/terms/<plural>…) to the shared views; link its audit
    entries to its form."""
    pages = (
        ("", "", term_list, ["GET"]),
        ("new", "/new", term_new, FORM_METHODS),
        ("edit", "/<int:term_id>", term_edit, FORM_METHODS),
    )
    for page, suffix, view, methods in pages:
        console.add_url_rule(
            f"/terms/{term_kind.plural}{suffix}",
            term_kind.endpoint(page).removeprefix("console."),
            view,
            methods=methods,
            defaults={"kind": term_kind.plural},
        )
    register_edit_page(term_kind.singular, term_kind.endpoint("edit"), "term_id")


for _term_kind in TERM_KINDS.values():
    _mount(_term_kind)
