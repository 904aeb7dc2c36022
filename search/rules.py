"""Query rules staff keep as data (synonyms, redirects, pinned and hidden results), as the
engine applies them.

The engine knows no rule store: a domain registers a source (`use_rules`) that returns the
rules in force, and every search with words asks it once. A source should be cheap when nothing
changed (the merchandising package reads one revision number and keeps the rules it built).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from flask import Flask, current_app

from search.analysis import Words, plain_words, stems

EXTENSION = "search_rules"
MAX_ALTERNATIVES = 24  # per typed word or phrase, however many rules name it
RECENT = "recent"  # a boost's name for documents published lately
T = TypeVar("T")


@dataclass(frozen=True)
class Synonym:
    """Typing any of `terms` also matches each of `alternatives` (a two-way group lists its
    members as both)."""

    terms: tuple[str, ...]
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class QueryRule(Generic[T]):
    """Something a query gets when it is exactly `query` (in plain words) or, `containing`,
    when its words include `query`'s in that order."""

    query: str
    outcome: T
    containing: bool = False


@dataclass(frozen=True)
class Pins:
    """Documents put first, in this order, and documents left out: (type, id) pairs."""

    first: tuple[tuple[str, int], ...] = ()
    hidden: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Boost:
    """Raise one type's documents in relevance ranking: those with keyword `name` = `value`,
    with a positive number `name` (in stock), or, `name` RECENT, published in the last
    `value` days. `weight` 1-10 adds a tenth of a document's text relevance per unit."""

    type: str
    name: str
    value: str | None
    weight: int


@dataclass(frozen=True)
class QueryTable(Generic[T]):
    """Outcomes by the query they are for: exact ones, then containing ones (longest first)."""

    exact: dict[Words, T] = field(default_factory=dict)
    containing: tuple[tuple[Words, T], ...] = ()

    @classmethod
    def of(cls, rules: Iterable[QueryRule[T]]) -> "QueryTable[T]":
        """The table of `rules`; the first of those naming the same query wins."""
        exact: dict[Words, T] = {}
        containing: dict[Words, T] = {}
        for rule in rules:
            words = tuple(plain_words(rule.query))
            if words:
                (containing if rule.containing else exact).setdefault(words, rule.outcome)
        return cls(exact, tuple(sorted(containing.items(), key=lambda item: -len(item[0]))))

    def find(self, words: Words) -> T | None:
        """The outcome for a query of `words`, if a rule names it."""
        if words in self.exact:
            return self.exact[words]
        for phrase, outcome in self.containing:
            size = len(phrase)
            if any(words[start : start + size] == phrase for start in range(len(words))):
                return outcome
        return None


@dataclass(frozen=True)
class QueryRules:
    """What the engine looks up for a query: stemmed words -> plain alternatives while parsing,
    the page a query goes to, and the documents it puts first or leaves out."""

    synonyms: dict[Words, tuple[Words, ...]] = field(default_factory=dict)
    longest: int = 1  # the most stems any key has: how far the parser looks ahead
    redirects: QueryTable[str] = field(default_factory=QueryTable)
    pins: QueryTable[Pins] = field(default_factory=QueryTable)
    boosts: tuple[Boost, ...] = ()  # for every query ranked by relevance

    def redirect_for(self, words: Words) -> str | None:
        """The page a query of plain `words` goes to, if a redirect names it."""
        return self.redirects.find(words)

    def pins_for(self, words: Words) -> Pins | None:
        """The documents a query of plain `words` puts first or leaves out, if a rule says."""
        return self.pins.find(words)


NO_RULES = QueryRules()


def stem_key(term: str) -> Words:
    """How a typed word or phrase is looked up: its stems, so "taps" finds the rule for "tap"."""
    return tuple(stem for word in plain_words(term) for stem in stems(word))


def query_rules(
    synonyms: Iterable[Synonym],
    redirects: Iterable[QueryRule[str]] = (),
    pins: Iterable[QueryRule[Pins]] = (),
    boosts: Iterable[Boost] = (),
) -> QueryRules:
    """The engine's look-up tables: `synonyms` naming the same term add up; of `redirects` or
    `pins` naming the same query, the first wins; `boosts` add up."""
    lookup: dict[Words, dict[Words, None]] = {}
    for rule in synonyms:
        alternatives = [tuple(plain_words(term)) for term in rule.alternatives]
        for term in rule.terms:
            key = stem_key(term)
            if key:
                found = lookup.setdefault(key, {})
                found.update(dict.fromkeys(words for words in alternatives if words))
    table = {key: tuple(found)[:MAX_ALTERNATIVES] for key, found in lookup.items() if found}
    return QueryRules(
        table,
        max(map(len, table), default=1),
        QueryTable.of(redirects),
        QueryTable.of(pins),
        tuple(boosts),
    )


def use_rules(app: Flask, source: Callable[[], QueryRules]) -> None:
    """Make `source` give the rules every search of `app` applies."""
    app.extensions[EXTENSION] = source


def current_rules() -> QueryRules:
    """The rules in force for the current app (none when no domain keeps any)."""
    source = current_app.extensions.get(EXTENSION)
    return source() if source else NO_RULES
