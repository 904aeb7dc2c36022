"""Query rules staff keep as data (synonyms, one-way synonyms, redirects), as the engine applies
them.

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
class Redirect:
    """A query that goes straight to a page of the site: when it is exactly `query` (in plain
    words), or with `containing`, when its words include `query`'s in that order."""

    query: str
    target: str  # a path on this site
    containing: bool = False


@dataclass(frozen=True)
class QueryRules:
    """What the engine looks up while parsing a query: stemmed words -> plain alternatives,
    and the queries that go straight to a page."""

    synonyms: dict[Words, tuple[Words, ...]] = field(default_factory=dict)
    longest: int = 1  # the most stems any key has: how far the parser looks ahead
    exact_redirects: dict[Words, str] = field(default_factory=dict)
    containing_redirects: tuple[tuple[Words, str], ...] = ()  # longest first

    def redirect_for(self, text: str) -> str | None:
        """The page a query typed as `text` goes to, if a redirect names it."""
        if not self.exact_redirects and not self.containing_redirects:
            return None
        words = tuple(plain_words(text))
        if words in self.exact_redirects:
            return self.exact_redirects[words]
        for phrase, target in self.containing_redirects:
            size = len(phrase)
            if any(words[start : start + size] == phrase for start in range(len(words))):
                return target
        return None


NO_RULES = QueryRules()


def stem_key(term: str) -> Words:
    """How a typed word or phrase is looked up: its stems, so "taps" finds the rule for "tap"."""
    return tuple(stem for word in plain_words(term) for stem in stems(word))


def query_rules(synonyms: Iterable[Synonym], redirects: Iterable[Redirect] = ()) -> QueryRules:
    """The engine's look-up tables for `synonyms` (rules naming the same term add up) and
    `redirects` (the first of those naming the same query wins)."""
    lookup: dict[Words, dict[Words, None]] = {}
    for rule in synonyms:
        alternatives = [tuple(plain_words(term)) for term in rule.alternatives]
        for term in rule.terms:
            key = stem_key(term)
            if key:
                found = lookup.setdefault(key, {})
                found.update(dict.fromkeys(words for words in alternatives if words))
    table = {key: tuple(found)[:MAX_ALTERNATIVES] for key, found in lookup.items() if found}
    exact: dict[Words, str] = {}
    containing: dict[Words, str] = {}
    for redirect in redirects:
        words = tuple(plain_words(redirect.query))
        if words:
            (containing if redirect.containing else exact).setdefault(words, redirect.target)
    longest_first = sorted(containing.items(), key=lambda item: -len(item[0]))
    return QueryRules(table, max(map(len, table), default=1), exact, tuple(longest_first))


def use_rules(app: Flask, source: Callable[[], QueryRules]) -> None:
    """Make `source` give the rules every search of `app` applies."""
    app.extensions[EXTENSION] = source


def current_rules() -> QueryRules:
    """The rules in force for the current app (none when no domain keeps any)."""
    source = current_app.extensions.get(EXTENSION)
    return source() if source else NO_RULES
