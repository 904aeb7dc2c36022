"""Search rule reads: staff's lists, one rule, the rules in force, and their revision."""

from typing import Any

from sqlalchemy import Select, String, cast, or_, select

from core.extensions import db
from core.hot_reads import hot_read
from core.problems import Problem
from core.revision_rows import ROW_ID
from merchandising.models import (
    BoostAttribute,
    RulesRevision,
    RuleStatus,
    SearchBoost,
    SearchPin,
    SearchRedirect,
    SynonymRule,
)
from search.analysis import plain_words

REVISION_QUERY = select(RulesRevision.revision).where(RulesRevision.id == ROW_ID)
NOUNS = {
    SynonymRule: "synonym rule",
    SearchRedirect: "search redirect",
    SearchPin: "pin rule",
    SearchBoost: "boost",
}
# Any of the models above (typed loosely: each kind's own reads say which it returns).
Rule = Any


def rule_listing(model: Rule, args: dict[str, Any]) -> Select:
    """Rules of `model` with the `status` present in `args`, oldest first."""
    statement = select(model).order_by(model.id)
    if args.get("status") is not None:
        statement = statement.where(model.status == args["status"])
    return statement


def synonym_listing(args: dict[str, Any]) -> Select:
    """Rules matching the `kind`, `status` and `term` filters present in `args`, oldest first."""
    statement = rule_listing(SynonymRule, args)
    if args.get("kind") is not None:
        statement = statement.where(SynonymRule.kind == args["kind"])
    if args.get("term"):
        # Terms are stored as plain lowercase words: a substring of the JSON text finds them.
        wanted = " ".join(plain_words(args["term"]))
        statement = statement.where(
            or_(
                cast(SynonymRule.terms, String).contains(wanted, autoescape=True),
                cast(SynonymRule.alternatives, String).contains(wanted, autoescape=True),
            )
        )
    return statement


def get_rule(model: Rule, rule_id: int) -> Rule:
    """The rule of `model` with `rule_id`, or a 404 problem."""
    rule = db.session.get(model, rule_id)
    if rule is None:
        raise Problem(404, f"No {NOUNS[model]} with id {rule_id}.", kind="not-found")
    return rule


def rules_in_force(
    model: Rule, statuses: tuple[RuleStatus, ...], language: str | None = None
) -> list[Rule]:
    """Every rule of `model` with one of `statuses` (of `language`, for kinds that have one),
    oldest first."""
    statement = select(model).where(model.status.in_(statuses)).order_by(model.id)
    if language is not None:
        statement = statement.where(model.language == language)
    return list(db.session.scalars(statement))


def boosts_with(attribute: BoostAttribute, value: str | None) -> list[SearchBoost]:
    """The boosts (any status) that raise the products `attribute` and `value` name."""
    statement = select(SearchBoost).where(SearchBoost.attribute == attribute)
    if value is not None:
        statement = statement.where(SearchBoost.value == value)
    return list(db.session.scalars(statement))


def rules_revision() -> int:
    """The latest committed revision of the rules (0 before any write)."""
    rows = hot_read(REVISION_QUERY)  # every search with words reads it
    return rows[0][0] if rows else 0
