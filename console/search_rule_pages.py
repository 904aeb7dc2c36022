"""Search rules in the console: synonyms, redirects, pinned results and boosts, with a preview
of a query under the draft rules beside the live ones. One editor serves every kind
(`console.rule_forms` describes each); every write is the API's own service call on a body the
API's schema has loaded, so it is audited and version-checked as there."""

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
from console.rule_forms import RULE_FORMS, RuleForm
from core.extensions import db
from core.pagination import paginate
from merchandising import queries, services
from merchandising.models import SearchBoost, SearchPin, SearchRedirect
from merchandising.pinned_documents import described
from merchandising.preview import preview
from merchandising.schemas import SynonymRuleListArgs
from web.facets import load_arguments

PER_PAGE = 50
LIST_ARGUMENTS = {"status", "kind", "term", "page"}
FORM_METHODS = ["GET", "POST"]
# The rules listed beside the synonyms, each under its name in the page.
RULE_TABLES: tuple[tuple[str, type[SearchRedirect | SearchPin | SearchBoost]], ...] = (
    ("redirects", SearchRedirect),
    ("pins", SearchPin),
    ("boosts", SearchBoost),
)


@console.route("/search-rules")
def search_rules():
    """Every kind of rule, filtered; with `q`, that query's results with and without drafts."""
    args = load_arguments(SynonymRuleListArgs(), request.args, LIST_ARGUMENTS)
    listing = paginate(queries.synonym_listing(args), args["page"], PER_PAGE)
    status = {"status": args.get("status")}
    others = {
        name: db.session.scalars(queries.rule_listing(model, status).limit(PER_PAGE)).all()
        for name, model in RULE_TABLES
    }
    text = request.args.get("q", "").strip()[:200]
    return render_template(
        "console/search_rules.html",
        title="Search rules",
        items=listing["items"],
        page=listing["meta"],
        args=args,
        q=text,
        compared=preview(text) if text else None,
        forms=RULE_FORMS,
        **others,
    )


def rule_new(kind: str):
    """A new rule's form (its query or terms may come filled in, from one that found nothing);
    saving creates it once, however often the form is sent."""
    form = RULE_FORMS[kind]
    if request.method == "GET":
        return _editor(form, None, form.blank(request.args.get("query", "").strip()[:200]), {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    values = _values_from(form)
    data, errors = load_body(form.schemas[0](), form.body_of(values))
    if data is not None:
        created: list[Any] = []
        problem = attempt(lambda: created.append(form.create(data)))
        if problem is None:
            made = created[0]
            flash(f"Added the {form.noun} “{made.label}” ({made.status.value}).")
            return redirect(url_for(form.endpoint("edit"), rule_id=made.id), 303)
        errors = problem_errors(problem)
    return _editor(form, None, values, errors, status=422)


def rule_edit(kind: str, rule_id: int):
    """A rule's form: save (publishing a draft is choosing live), or delete."""
    form = RULE_FORMS[kind]
    rule = _rule(form, rule_id)
    if request.method == "GET":
        return _editor(form, rule, form.values_of(rule), {})
    values = _values_from(form)
    if submitted_version(rule.version) != rule.version:
        notice = (
            f"Someone changed this {form.noun} since you opened it; nothing was saved. It is "
            "shown as it is now: make your change again."
        )
        return _editor(form, rule, form.values_of(rule), {FORM_ERROR: [notice]}, status=409)
    if chosen_action(("save", "delete")) == "delete":
        label = rule.label
        problem = attempt(lambda: services.delete_rule(rule))
        if problem is None:
            flash(f"Deleted the {form.noun} “{label}”.")
            return redirect(url_for("console.search_rules"), 303)
        return _editor(form, rule, values, problem_errors(problem), status=problem.status)
    data, errors = load_body(form.schemas[1](), form.body_of(values))
    if data is not None:
        problem = attempt(lambda: form.update(rule, data))
        if problem is None:
            flash(f"Saved the {form.noun} “{rule.label}” ({rule.status.value}).")
            return redirect(url_for(form.endpoint("edit"), rule_id=rule.id), 303)
        errors = problem_errors(problem)
        rule = _rule(form, rule_id)
    return _editor(form, rule, values, errors, status=422)


def _rule(form: RuleForm, rule_id: int) -> Any:
    return queries.get_rule(form.model, rule_id)


def _values_from(form: RuleForm) -> dict[str, str]:
    return {field.name: request.form.get(field.name, "").strip() for field in form.fields}


def _editor(form: RuleForm, rule: Any, values: dict, errors: dict, *, status: int = 200):
    """Render a rule's form; a pin rule also says how each pinned document stands now."""
    pinned = described(rule.pinned) if isinstance(rule, SearchPin) else []
    page = render_template(
        "console/search_rule_form.html",
        title=f"Edit the {form.noun} “{rule.label}”" if rule else f"New {form.noun}",
        form=form,
        rule=rule,
        pinned=pinned,
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
    )
    return page, status


for _form in RULE_FORMS.values():
    for _page, _suffix, _view in (("new", "/new", rule_new), ("edit", "/<int:rule_id>", rule_edit)):
        console.add_url_rule(
            f"/search-rules/{_form.path}{_suffix}",
            _form.endpoint(_page).removeprefix("console."),
            _view,
            methods=FORM_METHODS,
            defaults={"kind": _form.path},
        )
    register_edit_page(_form.audit_type, _form.endpoint("edit"), "rule_id")
