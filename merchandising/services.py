"""Search rule writes: each checked against the other rules, audited, and moving the revision
that every worker's searches read (so a change applies at once, without a restart)."""

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar

import marshmallow as ma

from core.extensions import db
from core.models import table_of
from core.problems import Problem, validation_problem
from core.revision_rows import bump_revision_row
from merchandising.boost_schemas import check_boost_shape
from merchandising.models import (
    BoostAttribute,
    RulesRevision,
    RuleStatus,
    SearchBoost,
    SearchPin,
    SearchRedirect,
    SynonymKind,
    SynonymRule,
)
from merchandising.pinned_documents import resolved, term_exists
from merchandising.queries import boosts_with, rules_in_force
from merchandising.schemas import check_rule_shape
from search.rules import stem_key

FIELDS = ("kind", "terms", "alternatives", "language", "status")
REDIRECT_FIELDS = ("query", "match", "target", "language", "status")
PIN_FIELDS = ("query", "match", "language", "status")
BOOST_FIELDS = ("attribute", "value", "days", "weight", "status")
Rule = TypeVar("Rule", SynonymRule, SearchRedirect, SearchPin, SearchBoost)


def create_synonym_rule(data: Mapping[str, Any]) -> SynonymRule:
    """Add a rule (validated fields in `data`) once it fits beside the others."""
    return _created(SynonymRule(alternatives=[]), data, FIELDS, _check_rule)


def update_synonym_rule(rule: SynonymRule, changes: Mapping[str, Any]) -> SynonymRule:
    """Change some of a rule's fields; the whole rule is checked again."""
    _apply(rule, changes)
    if rule.kind is SynonymKind.TWO_WAY and "alternatives" not in changes:
        rule.alternatives = []  # turned two-way: what it pointed to is now among its terms
    _save(rule)
    return rule


def create_redirect(data: Mapping[str, Any]) -> SearchRedirect:
    """Add a redirect (validated fields in `data`) unless another takes the same query."""
    return _created(SearchRedirect(), data, REDIRECT_FIELDS, _check_redirect)


def update_redirect(redirect: SearchRedirect, changes: Mapping[str, Any]) -> SearchRedirect:
    """Change some of a redirect's fields."""
    _apply(redirect, changes, REDIRECT_FIELDS)
    _save(redirect, _check_redirect)
    return redirect


def create_pin(data: Mapping[str, Any]) -> SearchPin:
    """Add a pin rule: the documents `data` names by slug are stored by id."""
    check = partial(_check_pin, data=data)
    return _created(SearchPin(pinned=[], hidden=[]), data, PIN_FIELDS, check)


def update_pin(pin: SearchPin, changes: Mapping[str, Any]) -> SearchPin:
    """Change some of a pin rule's fields (a list given replaces the one stored)."""
    _apply(pin, changes, PIN_FIELDS)
    _save(pin, partial(_check_pin, data=changes))
    return pin


def create_boost(data: Mapping[str, Any]) -> SearchBoost:
    """Add a boost (validated fields in `data`) unless one raises the same products."""
    return _created(SearchBoost(), data, BOOST_FIELDS, _check_boost)


def update_boost(boost: SearchBoost, changes: Mapping[str, Any]) -> SearchBoost:
    """Change some of a boost's fields (changing its attribute clears what it no longer takes)."""
    if "attribute" in changes and changes["attribute"] != boost.attribute:
        boost.value = boost.days = None
    _apply(boost, changes, BOOST_FIELDS)
    _save(boost, _check_boost)
    return boost


def _check_boost(boost: SearchBoost) -> None:
    """Refuse a boost missing what it needs, naming an unknown brand or finish, or a twin."""
    check_boost_shape(boost.attribute, boost.value, boost.days)
    if boost.attribute in (BoostAttribute.BRAND, BoostAttribute.FINISH) and not term_exists(
        boost.attribute.value, boost.value or ""
    ):
        raise ma.ValidationError(f"No {boost.attribute.value} “{boost.value}”.", "value")
    twin = next(
        (other for other in boosts_with(boost.attribute, boost.value) if other.id != boost.id), None
    )
    if twin is not None:
        raise ma.ValidationError(
            f"“{twin.label}” (#{twin.id}) already boosts these products: change its weight.",
            "attribute",
        )


def _check_pin(pin: SearchPin, data: Mapping[str, Any]) -> None:
    """Resolve the documents named, refuse one both pinned and hidden, or a query taken."""
    if "pinned" in data:
        pin.pinned = resolved(data["pinned"], "pinned", pinning=True)
    if "hidden" in data:
        pin.hidden = resolved(data["hidden"], "hidden", pinning=False)
    if not pin.pinned and not pin.hidden:
        raise ma.ValidationError("Pin or hide at least one product or article.", "pinned")
    if any(entry in pin.hidden for entry in pin.pinned):
        raise ma.ValidationError("A document cannot be both pinned and hidden.", "hidden")
    taken = _same_query(pin, rules_in_force(SearchPin, tuple(RuleStatus), pin.language))
    if taken is not None:
        raise ma.ValidationError(
            f"“{pin.query}” already has a pin rule (#{taken.id}): change that one instead.",
            "query",
        )


def _check_redirect(redirect: SearchRedirect) -> None:
    """Refuse a second redirect for the same query (and way of matching)."""
    others = rules_in_force(SearchRedirect, tuple(RuleStatus), redirect.language)
    taken = _same_query(redirect, others)
    if taken is not None:
        raise ma.ValidationError(
            f"“{redirect.query}” already goes to {taken.target} (#{taken.id}): change "
            "that redirect instead.",
            "query",
        )


def _same_query(rule: Any, others: list) -> Any:
    """The first of `others` (not `rule` itself) for the same query, matched the same way."""
    return next(
        (
            other
            for other in others
            if other.id != rule.id and (other.query, other.match) == (rule.query, rule.match)
        ),
        None,
    )


def _check_rule(rule: SynonymRule) -> None:
    check_rule_shape(rule.kind, rule.terms, rule.alternatives)
    _check_beside_others(rule)


def delete_rule(rule: SynonymRule | SearchRedirect | SearchPin | SearchBoost) -> None:
    """Remove a search rule of any kind (the audit log keeps what it was)."""
    db.session.delete(rule)
    _bump_revision()
    db.session.commit()


def _created(
    rule: Rule, data: Mapping[str, Any], fields: tuple[str, ...], check: Callable[[Rule], None]
) -> Rule:
    """`rule` with the `fields` of `data`, added once `check` lets it be."""
    _apply(rule, data, fields)
    db.session.add(rule)
    _save(rule, check)
    return rule


def _apply(rule: Any, data: Mapping[str, Any], fields: tuple[str, ...] = FIELDS) -> None:
    with db.session.no_autoflush:
        for name in fields:
            if name in data:
                setattr(rule, name, data[name])


def _save(rule: Any, check: Callable[[Any], None] = _check_rule) -> None:
    try:
        with db.session.no_autoflush:
            check(rule)
    except ma.ValidationError as error:
        db.session.rollback()
        raise validation_problem(error.normalized_messages()) from None
    except Problem:
        db.session.rollback()
        raise
    _bump_revision()
    db.session.commit()


def _check_beside_others(rule: SynonymRule) -> None:
    """Refuse a term already in another two-way rule, and one-way rules that loop."""
    others = [
        other
        for other in rules_in_force(SynonymRule, tuple(RuleStatus), rule.language)
        if other.id != rule.id
    ]
    if rule.kind is SynonymKind.TWO_WAY:
        taken = {
            stem_key(term): other
            for other in others
            if other.kind is SynonymKind.TWO_WAY
            for term in other.terms
        }
        for term in rule.terms:
            if (other := taken.get(stem_key(term))) is not None:
                raise ma.ValidationError(
                    f"“{term}” is already in the two-way rule “{other.label}” (#{other.id}): "
                    "add the terms there instead.",
                    "terms",
                )
        return
    _refuse_loops(rule, [other for other in others if other.kind is SynonymKind.ONE_WAY])


def _refuse_loops(rule: SynonymRule, one_way: list[SynonymRule]) -> None:
    """Refuse `rule` when one of its alternatives leads back to one of its terms (a -> b -> a)."""
    leads: dict[tuple[str, ...], list[tuple[tuple[str, ...], SynonymRule]]] = {}
    for other in one_way:
        for term in other.terms:
            leads.setdefault(stem_key(term), []).extend(
                (stem_key(alternative), other) for alternative in other.alternatives
            )
    typed = {stem_key(term): term for term in rule.terms}
    for alternative in rule.alternatives:
        seen: set[tuple[str, ...]] = set()
        frontier: list[tuple[tuple[str, ...], SynonymRule | None]] = [(stem_key(alternative), None)]
        while frontier:
            key, first = frontier.pop()
            if key in typed and first is not None:
                raise ma.ValidationError(
                    f"“{alternative}” already leads back to “{typed[key]}” through the rule "
                    f"“{first.label}” (#{first.id}): rules each way make a two-way rule.",
                    "alternatives",
                )
            if key in seen:
                continue
            seen.add(key)
            frontier.extend((target, first or via) for target, via in leads.get(key, ()))


def _bump_revision() -> None:
    bump_revision_row(db.session.connection(), table_of(RulesRevision))
