"""The rules searches apply: built from the live rules of the catalogue's language, rebuilt in
each process only when the rules' revision moved (one hot read per search with words)."""

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import Flask, current_app

from merchandising.models import (
    BoostAttribute,
    QueryMatch,
    RuleStatus,
    SearchBoost,
    SearchPin,
    SearchRedirect,
    SynonymKind,
    SynonymRule,
)
from merchandising.queries import rules_in_force, rules_revision
from search.rules import (
    NO_RULES,
    RECENT,
    Boost,
    Pins,
    QueryRule,
    QueryRules,
    Synonym,
    query_rules,
    use_rules,
)

EXTENSION = "merchandising_rules"
# What each boost raises, as the product documents declare it (see catalog.search_documents).
BOOSTED_FIELDS = {
    BoostAttribute.IN_STOCK: "stock",
    BoostAttribute.BRAND: "brand",
    BoostAttribute.FINISH: "finish",
    BoostAttribute.NEW_ARRIVALS: RECENT,
}


@dataclass
class BuiltRules:
    """This process's rules, and the revision they were built at."""

    revision: int = -1
    rules: QueryRules = NO_RULES
    guard: threading.Lock = field(default_factory=threading.Lock)


def register_rules(app: Flask) -> None:
    """Make every search of `app` apply its live merchandising rules."""
    app.extensions[EXTENSION] = BuiltRules()
    use_rules(app, live_rules)


def live_rules() -> QueryRules:
    """The live rules, as of the latest committed revision."""
    built: BuiltRules = current_app.extensions[EXTENSION]
    revision = rules_revision()
    if built.revision != revision:
        # Read after the revision: rules newer than their label are rebuilt once more, never
        # kept older than it.
        rules = _built((RuleStatus.LIVE,))
        with built.guard:
            built.revision, built.rules = revision, rules
        return rules
    return built.rules


def draft_rules() -> QueryRules:
    """The live rules with the drafts applied too (the console's preview)."""
    return _built(tuple(RuleStatus))


def engine_rules(
    rules: Iterable[SynonymRule],
    redirects: Iterable[SearchRedirect],
    pins: Iterable[SearchPin],
    boosts: Iterable[SearchBoost],
) -> QueryRules:
    """What the engine looks up for synonym `rules`, `redirects`, `pins` and `boosts`."""
    return query_rules(
        (
            Synonym(
                tuple(rule.terms),
                tuple(rule.terms if rule.kind is SynonymKind.TWO_WAY else rule.alternatives),
            )
            for rule in rules
        ),
        (
            QueryRule(redirect.query, redirect.target, redirect.match is QueryMatch.CONTAINS)
            for redirect in redirects
        ),
        (
            QueryRule(
                pin.query,
                Pins(
                    tuple((entry["type"], entry["id"]) for entry in pin.pinned),
                    tuple((entry["type"], entry["id"]) for entry in pin.hidden),
                ),
                pin.match is QueryMatch.CONTAINS,
            )
            for pin in pins
        ),
        (
            Boost(
                "product",
                BOOSTED_FIELDS[boost.attribute],
                str(boost.days) if boost.days is not None else boost.value,
                boost.weight,
            )
            for boost in boosts
        ),
    )


def _built(statuses: tuple[RuleStatus, ...]) -> QueryRules:
    """The engine's rules made of those of the catalogue's language with `statuses`."""
    language = current_app.config["CATALOGUE_LANGUAGE"]
    return engine_rules(
        rules_in_force(SynonymRule, statuses, language),
        rules_in_force(SearchRedirect, statuses, language),
        rules_in_force(SearchPin, statuses, language),
        rules_in_force(SearchBoost, statuses),
    )
