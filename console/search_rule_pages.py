"""Search rules: merchandisers keep synonyms (two-way or one-way) and preview a query with the
draft rules beside the live ones; every write is the API's own service call, audited and
version-checked."""

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
from core.extensions import db
from core.pagination import paginate
from merchandising import queries, services
from merchandising.models import RuleStatus, SynonymKind, SynonymRule
from merchandising.preview import preview
from merchandising.schemas import (
    MAX_TERMS,
    SynonymRuleInputSchema,
    SynonymRuleListArgs,
    SynonymRuleUpdateSchema,
)
from web.facets import load_arguments

PER_PAGE = 50
LIST_ARGUMENTS = {"status", "kind", "term", "page"}
FORM_METHODS = ["GET", "POST"]
FORM_FIELDS = ("kind", "terms", "alternatives", "status")
KINDS = [
    (SynonymKind.TWO_WAY.value, "Two-way: each term finds the others"),
    (SynonymKind.ONE_WAY.value, "One-way: the terms also find the alternatives"),
]
STATUSES = [
    (RuleStatus.LIVE.value, "Live: shoppers' searches apply it"),
    (RuleStatus.DRAFT.value, "Draft: only the preview applies it"),
]


@console.route("/search-rules")
def search_rules():
    """The synonym rules, filtered; with `q`, that query's results with and without drafts."""
    args = load_arguments(SynonymRuleListArgs(), request.args, LIST_ARGUMENTS)
    listing = paginate(queries.synonym_listing(args), args["page"], PER_PAGE)
    status = {"status": args.get("status")}
    redirects = queries.redirect_listing(status).limit(PER_PAGE)
    pins = queries.pin_listing(status).limit(PER_PAGE)
    boosts = queries.boost_listing(status).limit(PER_PAGE)
    text = request.args.get("q", "").strip()[:200]
    return render_template(
        "console/search_rules.html",
        title="Search rules",
        items=listing["items"],
        page=listing["meta"],
        redirects=db.session.scalars(redirects).all(),
        pins=db.session.scalars(pins).all(),
        boosts=db.session.scalars(boosts).all(),
        args=args,
        q=text,
        compared=preview(text) if text else None,
    )


@console.route("/search-rules/new", methods=FORM_METHODS)
def search_rules_new():
    """A new rule's form (terms may come filled in, from a query that found nothing)."""
    if request.method == "GET":
        terms = request.args.get("terms", "").strip()[:200]
        values = {"kind": SynonymKind.TWO_WAY.value, "terms": terms, "alternatives": ""}
        return _editor(None, {**values, "status": RuleStatus.DRAFT.value}, {})
    replayed = replay_double_submission()
    if replayed is not None:
        return replayed
    values = _values_from_form()
    data, errors = load_body(SynonymRuleInputSchema(), _body_of(values))
    if data is not None:
        created: list[SynonymRule] = []
        problem = attempt(lambda: created.append(services.create_synonym_rule(data)))
        if problem is None:
            flash(f"Added the rule “{created[0].label}” ({created[0].status.value}).")
            return redirect(url_for("console.search_rules_edit", rule_id=created[0].id), 303)
        errors = problem_errors(problem)
    return _editor(None, values, errors, status=422)


@console.route("/search-rules/<int:rule_id>", methods=FORM_METHODS)
def search_rules_edit(rule_id: int):
    """A rule's form: save (publishing a draft is choosing live), or delete."""
    rule = queries.get_synonym_rule(rule_id)
    if request.method == "GET":
        return _editor(rule, _values_of(rule), {})
    values = _values_from_form()
    if submitted_version(rule.version) != rule.version:
        notice = (
            "Someone changed this rule since you opened it; nothing was saved. It is shown "
            "as it is now: make your change again."
        )
        return _editor(rule, _values_of(rule), {FORM_ERROR: [notice]}, status=409)
    if chosen_action(("save", "delete")) == "delete":
        label = rule.label
        problem = attempt(lambda: services.delete_rule(rule))
        if problem is None:
            flash(f"Deleted the rule “{label}”.")
            return redirect(url_for("console.search_rules"), 303)
        return _editor(rule, values, problem_errors(problem), status=problem.status)
    data, errors = load_body(SynonymRuleUpdateSchema(), _body_of(values))
    if data is not None:
        problem = attempt(lambda: services.update_synonym_rule(rule, data))
        if problem is None:
            flash(f"Saved the rule “{rule.label}” ({rule.status.value}).")
            return redirect(url_for("console.search_rules_edit", rule_id=rule.id), 303)
        errors = problem_errors(problem)
        rule = queries.get_synonym_rule(rule_id)
    return _editor(rule, values, errors, status=422)


def _values_of(rule: SynonymRule) -> dict[str, str]:
    return {
        "kind": rule.kind.value,
        "terms": "\n".join(rule.terms),
        "alternatives": "\n".join(rule.alternatives),
        "status": rule.status.value,
    }


def _values_from_form() -> dict[str, str]:
    return {name: request.form.get(name, "").strip() for name in FORM_FIELDS}


def _body_of(values: dict[str, str]) -> dict[str, Any]:
    """The API body the form stands for: one term per line (or separated by commas)."""

    def listed(text: str) -> list[str]:
        return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]

    body: dict[str, Any] = {"kind": values["kind"], "terms": listed(values["terms"])}
    body["status"] = values["status"]
    if values["kind"] == SynonymKind.ONE_WAY.value or values["alternatives"]:
        body["alternatives"] = listed(values["alternatives"])
    return body


def _editor(rule: SynonymRule | None, values: dict[str, str], errors: dict, *, status: int = 200):
    page = render_template(
        "console/search_rule_edit.html",
        title=f"Edit the rule “{rule.label}”" if rule else "New search rule",
        rule=rule,
        values=values,
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        kinds=KINDS,
        statuses=STATUSES,
        max_terms=MAX_TERMS,
    )
    return page, status


register_edit_page("synonym_rule", "console.search_rules_edit", "rule_id")
