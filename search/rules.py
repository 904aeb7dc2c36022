"""Query rules staff keep as data (synonyms, one-way synonyms), as the engine applies them.

The engine knows no rule store: a domain registers a source (`use_rules`) that returns the
rules in force, and every search asks it once. A source should be cheap when nothing changed
(the merchandising package reads one revision number and keeps the rules it built).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import Flask, current_app

from search.analysis import Words, plain_words, stems

EXTENSION = "search_rules"
MAX_ALTERNATIVES = 24  # per typed word or phrase, however many rules name it


@dataclass(frozen=True)
class Synonym:
    """Typing any of `terms` also matches each of `alternatives` (a two-way group lists its
    members as both)."""

    terms: tuple[str, ...]
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class QueryRules:
    """What the engine looks up while parsing a query: stemmed words -> plain alternatives."""

    synonyms: dict[Words, tuple[Words, ...]] = field(default_factory=dict)
    longest: int = 1  # the most stems any key has: how far the parser looks ahead


NO_RULES = QueryRules()


def stem_key(term: str) -> Words:
    """How a typed word or phrase is looked up: its stems, so "taps" finds the rule for "tap"."""
    return tuple(stem for word in plain_words(term) for stem in stems(word))


def query_rules(synonyms: Iterable[Synonym]) -> QueryRules:
    """The engine's look-up table for `synonyms`; rules naming the same term add up."""
    lookup: dict[Words, dict[Words, None]] = {}
    for rule in synonyms:
        alternatives = [tuple(plain_words(term)) for term in rule.alternatives]
        for term in rule.terms:
            key = stem_key(term)
            if key:
                found = lookup.setdefault(key, {})
                found.update(dict.fromkeys(words for words in alternatives if words))
    table = {key: tuple(found)[:MAX_ALTERNATIVES] for key, found in lookup.items() if found}
    return QueryRules(table, max(map(len, table), default=1))


def use_rules(app: Flask, source: Callable[[], QueryRules]) -> None:
    """Make `source` give the rules every search of `app` applies."""
    app.extensions[EXTENSION] = source


def current_rules() -> QueryRules:
    """The rules in force for the current app (none when no domain keeps any)."""
    source = current_app.extensions.get(EXTENSION)
    return source() if source else NO_RULES
