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


def synonym_listing(args: dict[str, Any]) -> Select:
    """Rules matching the `kind`, `status` and `term` filters present in `args`, oldest first."""
    statement = select(SynonymRule).order_by(SynonymRule.id)
    if args.get("kind") is not None:
        statement = statement.where(SynonymRule.kind == args["kind"])
    if args.get("status") is not None:
        statement = statement.where(SynonymRule.status == args["status"])
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


def get_synonym_rule(rule_id: int) -> SynonymRule:
    """The rule with `rule_id`, or a 404 problem."""
    rule = db.session.get(SynonymRule, rule_id)
    if rule is None:
        raise Problem(404, f"No synonym rule with id {rule_id}.", kind="not-found")
    return rule


def rules_of_language(language: str, statuses: tuple[RuleStatus, ...]) -> list[SynonymRule]:
    """Every rule of `language` with one of `statuses`, oldest first."""
    statement = (
        select(SynonymRule)
        .where(SynonymRule.language == language, SynonymRule.status.in_(statuses))
        .order_by(SynonymRule.id)
    )
    return list(db.session.scalars(statement))


def redirect_listing(args: dict[str, Any]) -> Select:
    """Redirects with the `status` present in `args`, oldest first."""
    statement = select(SearchRedirect).order_by(SearchRedirect.id)
    if args.get("status") is not None:
        statement = statement.where(SearchRedirect.status == args["status"])
    return statement


def get_redirect(redirect_id: int) -> SearchRedirect:
    """The redirect with `redirect_id`, or a 404 problem."""
    redirect = db.session.get(SearchRedirect, redirect_id)
    if redirect is None:
        raise Problem(404, f"No search redirect with id {redirect_id}.", kind="not-found")
    return redirect


def redirects_of_language(language: str, statuses: tuple[RuleStatus, ...]) -> list[SearchRedirect]:
    """Every redirect of `language` with one of `statuses`, oldest first."""
    statement = (
        select(SearchRedirect)
        .where(SearchRedirect.language == language, SearchRedirect.status.in_(statuses))
        .order_by(SearchRedirect.id)
    )
    return list(db.session.scalars(statement))


def pin_listing(args: dict[str, Any]) -> Select:
    """Pin rules with the `status` present in `args`, oldest first."""
    statement = select(SearchPin).order_by(SearchPin.id)
    if args.get("status") is not None:
        statement = statement.where(SearchPin.status == args["status"])
    return statement


def get_pin(pin_id: int) -> SearchPin:
    """The pin rule with `pin_id`, or a 404 problem."""
    pin = db.session.get(SearchPin, pin_id)
    if pin is None:
        raise Problem(404, f"No pin rule with id {pin_id}.", kind="not-found")
    return pin


def pins_of_language(language: str, statuses: tuple[RuleStatus, ...]) -> list[SearchPin]:
    """Every pin rule of `language` with one of `statuses`, oldest first."""
    statement = (
        select(SearchPin)
        .where(SearchPin.language == language, SearchPin.status.in_(statuses))
        .order_by(SearchPin.id)
    )
    return list(db.session.scalars(statement))


def boost_listing(args: dict[str, Any]) -> Select:
    """Boosts with the `status` present in `args`, oldest first."""
    statement = select(SearchBoost).order_by(SearchBoost.id)
    if args.get("status") is not None:
        statement = statement.where(SearchBoost.status == args["status"])
    return statement


def get_boost(boost_id: int) -> SearchBoost:
    """The boost with `boost_id`, or a 404 problem."""
    boost = db.session.get(SearchBoost, boost_id)
    if boost is None:
        raise Problem(404, f"No boost with id {boost_id}.", kind="not-found")
    return boost


def boosts_with(attribute: BoostAttribute, value: str | None) -> list[SearchBoost]:
    """The boosts (any status) that raise the products `attribute` and `value` name."""
    statement = select(SearchBoost).where(SearchBoost.attribute == attribute)
    if value is not None:
        statement = statement.where(SearchBoost.value == value)
    return list(db.session.scalars(statement))


def boosts_of(statuses: tuple[RuleStatus, ...]) -> list[SearchBoost]:
    """Every boost with one of `statuses`, oldest first."""
    statement = select(SearchBoost).where(SearchBoost.status.in_(statuses))
    return list(db.session.scalars(statement.order_by(SearchBoost.id)))


def rules_revision() -> int:
    """The latest committed revision of the rules (0 before any write)."""
    rows = hot_read(REVISION_QUERY)  # every search reads it
    return rows[0][0] if rows else 0
