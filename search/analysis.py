"""Text analysis and the user query parser: nothing a user types reaches the index as syntax.

The parser understands words, "quoted phrases", measurements ("8 inch", "1.5 gpm") and codes
that look like SKUs; a word or phrase that a synonym rule names (`search.rules`) also matches
the rule's alternatives. Field prefixes (`status:draft`), wildcards, operators, control characters
and unbalanced quotes are read as plain words or dropped, so a query can never name a field,
widen visibility or fail to parse. Text is NFC-normalised before anything else, on both sides.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whoosh.analysis import (
    STOP_WORDS,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

from search.units import Measure, find_measures

if TYPE_CHECKING:
    from search.rules import QueryRules

MAX_QUERY_CHARS = 200
MAX_CLAUSES = 12
MAX_NEAR_WORDS = 400  # words of one field value that feed pairs and compounds
PAIR = "~"  # joins two adjacent words into one `near` term ("pull~down")
# Words and dotted numbers ("a112.18.1"); unlike Whoosh's default, "*" is no part of a word.
WORD = r"\w+(\.?\w+)*"
# The analysed text of every Text field: folded accents, no stop words, English stems.
STEMMED = (
    RegexTokenizer(WORD)
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter()
    | StemFilter(cachesize=50_000)
)
# Whole words, for completions and spelling corrections people can read.
PLAIN = RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map)
# How people phrase questions ("what is the rare earth quota"): dropped when other words remain.
QUESTION_WORDS = frozenset(
    "what whats which who whom whose why how when where does do did is are was were can could "
    "should would will about tell me explain".split()
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_QUOTED = re.compile(r'"([^"]*)"')
_CODE_CHARACTERS = re.compile(r"[^a-z0-9]")
_CODE_TOKEN = re.compile(r"^(?=.*\d|.*[a-z][-./][a-z0-9])[a-z0-9][a-z0-9._/-]{2,63}$")

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
    """A user query: word clauses, measurements, and codes to look up among SKUs."""

    clauses: tuple[Clause, ...]
    measures: tuple[Measure, ...] = ()
    codes: tuple[str, ...] = ()  # lowercase letters and digits only, longest first

    @property
    def is_empty(self) -> bool:
        return not self.clauses and not self.measures and not self.codes


def normalized(text: str) -> str:
    """`text` in Unicode NFC, so composed and decomposed accents index and match alike."""
    return unicodedata.normalize("NFC", text)


def plain_words(text: str) -> list[str]:
    """Lowercase, accent-folded words of `text`."""
    return [token.text for token in PLAIN(normalized(text))]


def suggestion_words(words: list[str]) -> set[str]:
    """The plain `words` worth offering as completions and corrections."""
    return {word for word in words if len(word) > 1 and word not in STOP_WORDS}


def stems(text: str) -> list[str]:
    """The index terms of `text` (what a Text field holds)."""
    return [token.text for token in STEMMED(normalized(text))]


def code_of(text: str) -> str:
    """A SKU or typed code without case, dashes, dots or spaces ("KST-HAL mb" -> "ksthalmb")."""
    return _CODE_CHARACTERS.sub("", plain_text(text))


def plain_text(text: str) -> str:
    """Lowercase, accent-folded text, separators kept."""
    return normalized(text).lower().translate(accent_map)


def near_terms(words: list[str]) -> list[str]:
    """Adjacent-word pairs ("pull~down") and their joined forms ("pulldown") of plain `words`.

    They make proximity, quoted phrases and split or joined spellings ("pull out", "pull-out",
    "pullout") cheap term look-ups at query time instead of position checks.
    """
    words = words[:MAX_NEAR_WORDS]
    terms = []
    for first, second in zip(words, words[1:], strict=False):
        terms.append(f"{first}{PAIR}{second}")
        if first.isalnum() and second.isalnum() and STOP_WORDS.isdisjoint((first, second)):
            terms.append(first + second)
    return terms


def parse_query(raw: str, rules: "QueryRules | None" = None) -> ParsedQuery:
    """Parse what a user typed into clauses, with the synonyms of `rules`; never raises."""
    text = normalized(_CONTROL.sub(" ", raw or ""))[:MAX_QUERY_CHARS]
    measures, text = find_measures(text)
    clauses: list[Clause] = []
    for number, part in enumerate(_QUOTED.split(text)):
        # split() alternates: outside quotes, inside quotes, outside …
        if number % 2 and plain_words(part):
            clauses.append(Clause((tuple(plain_words(part)),), phrase=True))
        elif not number % 2:
            words = _meaningful(plain_words(part.replace('"', " ")))
            clauses.extend(_with_synonyms(words, rules))
    return ParsedQuery(tuple(clauses[:MAX_CLAUSES]), measures, _codes(text))


def _meaningful(words: list[str]) -> list[str]:
    """Words that can match: no stop words, and no question words unless nothing else is left."""
    content = [word for word in words if stems(word)]
    asked = [word for word in content if word not in QUESTION_WORDS]
    return asked or content


def _codes(text: str) -> tuple[str, ...]:
    """Typed tokens that may be (the start of) a SKU, and the whole query run together."""
    tokens = plain_text(text).replace('"', " ").split()
    found = [code_of(token) for token in tokens if _CODE_TOKEN.match(token)]
    if len(tokens) > 1 and all(len(code_of(token)) <= 5 for token in tokens):
        found.append(code_of(text))  # "KST HAL MB CP"
    elif len(tokens) == 1 and len(code_of(tokens[0])) >= 6:
        found.append(code_of(tokens[0]))  # "ksthalmbcp": a code typed without separators
    unique = dict.fromkeys(code for code in found if len(code) >= 4)
    return tuple(sorted(unique, key=len, reverse=True))[:MAX_CLAUSES]


def _with_synonyms(words: list[str], rules: "QueryRules | None") -> list[Clause]:
    """Group words into clauses, each word or phrase a rule names with the rule's alternatives."""
    synonyms, longest = (rules.synonyms, rules.longest) if rules else ({}, 1)
    clauses, position = [], 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            window = tuple(words[position : position + size])
            alternatives = synonyms.get(tuple(stem for word in window for stem in stems(word)))
            if alternatives:
                others = tuple(member for member in alternatives if member != window)
                clauses.append(Clause((window, *others)))
                position += size
                break
        else:
            clauses.append(Clause(((words[position],),)))
            position += 1
    return clauses
