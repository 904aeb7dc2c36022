"""Text analysis and the user query parser: nothing a user types reaches the index as syntax.

The parser understands only words and "quoted phrases". Field prefixes (`status:draft`),
wildcards, operators, control characters and unbalanced quotes are read as plain words or
dropped, so a query can never name a field, widen visibility or fail to parse.
"""

import re
from dataclasses import dataclass
from functools import cache

from whoosh.analysis import (
    STOP_WORDS,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from search.synonyms import SYNONYM_GROUPS

MAX_QUERY_CHARS = 200
MAX_CLAUSES = 12
# The analysed text of every Text field: folded accents, no stop words, English stems.
# Words and dotted numbers ("a112.18.1"); unlike Whoosh's default, "*" is no part of a word.
WORD = r"\w+(\.?\w+)*"
STEMMED = (
    RegexTokenizer(WORD)
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter()
    | StemFilter(cachesize=200_000)
)
# Whole words, for completions and spelling corrections people can read.
PLAIN = RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_QUOTED = re.compile(r'"([^"]*)"')
_EXACT_TOKEN = re.compile(r"[a-z0-9][a-z0-9._/-]{1,63}")

Words = tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    """One thing the query asks for: any of its alternatives (a word, or a phrase of words)."""

    alternatives: tuple[Words, ...]
    phrase: bool = False  # typed in quotes: matched as written, never corrected

    @property
    def typed(self) -> Words:
        return self.alternatives[0]


@dataclass(frozen=True)
class ParsedQuery:
    """A user query reduced to clauses (all must match, else any) and tokens for exact fields."""

    clauses: tuple[Clause, ...]
    exact_tokens: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.clauses and not self.exact_tokens


def plain_words(text: str) -> list[str]:
    """Lowercase, accent-folded words of `text`."""
    return [token.text for token in PLAIN(text)]


def suggestion_words(text: str) -> set[str]:
    """The words of `text` worth offering as completions and corrections."""
    return {word for word in plain_words(text) if len(word) > 1 and word not in STOP_WORDS}


def stems(text: str) -> list[str]:
    """The index terms of `text` (what a Text field holds)."""
    return [token.text for token in STEMMED(text)]


def parse_query(raw: str) -> ParsedQuery:
    """Parse what a user typed into clauses; never raises."""
    text = _CONTROL.sub(" ", raw or "")[:MAX_QUERY_CHARS]
    clauses: list[Clause] = []
    for number, part in enumerate(_QUOTED.split(text)):
        # split() alternates: outside quotes, inside quotes, outside …
        if number % 2 and plain_words(part):
            clauses.append(Clause((tuple(plain_words(part)),), phrase=True))
        elif not number % 2:
            clauses.extend(_with_synonyms(plain_words(part.replace('"', " "))))
    exact = tuple(dict.fromkeys(_EXACT_TOKEN.findall(text.lower())))
    return ParsedQuery(tuple(clauses[:MAX_CLAUSES]), exact[:MAX_CLAUSES])


def _with_synonyms(words: list[str]) -> list[Clause]:
    """Group words into clauses, replacing each synonym found by its whole group."""
    groups = _synonym_lookup()
    longest = max((len(key) for key in groups), default=1)
    clauses, position = [], 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            window = tuple(words[position : position + size])
            group = groups.get(tuple(stem for word in window for stem in stems(word)))
            if group:
                others = tuple(member for member in group if member != window)
                clauses.append(Clause((window, *others)))
                position += size
                break
        else:
            clauses.append(Clause(((words[position],),)))
            position += 1
    return clauses


@cache
def _synonym_lookup() -> dict[Words, tuple[Words, ...]]:
    lookup = {}
    for group in SYNONYM_GROUPS:
        members = tuple(tuple(plain_words(member)) for member in group)
        for member in members:
            lookup[tuple(stem for word in member for stem in stems(word))] = members
    return lookup
