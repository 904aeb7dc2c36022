"""A parsed query as `tsquery` texts over the lexemes `search.pg.vectors` writes.

Each clause becomes one `tsquery` that matches what the Whoosh scorer counts as that clause
found: a word's stem in any Text field or its joined form (`~pulldown`), a synonym's words, a
quoted phrase's adjacent pairs (or all its words in long free text), and the
joined form of two adjacent query words. The texts are bound as parameters and cast, never
spliced into SQL.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from search.analysis import PAIR, Clause, ParsedQuery, Words, stems
from search.pg.vectors import CODE_MARK, NEAR_MARK, quoted
from search.registry import DocumentType, Text
from search.scoring import MIN_COMPOUND

MAX_COMBINATIONS = 64  # clause subsets spelled out in a prefilter before it falls back to OR


@dataclass(frozen=True)
class ClauseQuery:
    """One clause: what finds it anywhere, what finds it in the strongest field (for
    exactness), and the adjacent pair that earns a proximity bonus with the next clause."""

    anywhere: str | None  # None: nothing can match it (stop words only)
    in_title: str | None
    phrase: bool
    proximity: str | None = None  # with the next clause


def clause_queries(
    kind: DocumentType, parsed: ParsedQuery, corrections: dict[int, str]
) -> list[ClauseQuery]:
    """The `tsquery` texts of `parsed`'s clauses (each corrected word an extra alternative)."""
    long_text = any(not text.near for text in kind.declared(Text))
    clauses = [
        Clause((*clause.alternatives, (corrections[i],)), clause.phrase)
        if i in corrections
        else clause
        for i, clause in enumerate(parsed.clauses)
    ]
    extra: list[list[str]] = [[] for _ in clauses]
    proximity: list[str | None] = [None for _ in clauses]
    for i in range(len(clauses) - 1):
        first, second = _single_word(clauses[i]), _single_word(clauses[i + 1])
        if first and second:
            joined = stems(first + second)
            if len(joined) == 1:
                extra[i].append(quoted(joined[0]))
                extra[i + 1].append(quoted(joined[0]))
            proximity[i] = quoted(f"{NEAR_MARK}{first}{PAIR}{second}")
    found = []
    for i, clause in enumerate(clauses):
        parts = [_words(words, long_text) for words in clause.alternatives] + extra[i]
        titled = [_in_title(words) for words in clause.alternatives]
        found.append(
            ClauseQuery(
                anywhere=_any(parts),
                in_title=_any(titled),
                phrase=clause.phrase,
                proximity=proximity[i],
            )
        )
    return found


def code_queries(codes: tuple[str, ...]) -> tuple[str, str] | None:
    """(whole, prefix) `tsquery` texts finding SKUs equal to, or starting with, a typed code."""
    if not codes:
        return None
    lexemes = [quoted(CODE_MARK + code) for code in codes]
    return " | ".join(lexemes), " | ".join(f"{lexeme}:*" for lexeme in lexemes)


def prefilter(queries: list[str | None], required: int, phrases: list[str]) -> str | None:
    """A `tsquery` every document with `required` of `queries` (and every phrase) matches, for
    the GIN index to narrow the candidates; None when no text query can narrow them."""
    usable = [query for query in queries if query]
    if required <= 0 or not usable:
        return None
    required = min(required, len(usable))
    subsets = list(combinations(usable, required))
    if len(subsets) > MAX_COMBINATIONS:
        subsets = [(query,) for query in usable]
    either = _any([" & ".join(f"( {q} )" for q in subset) for subset in subsets])
    return " & ".join([f"( {either} )", *(f"( {phrase} )" for phrase in phrases)])


def _single_word(clause: Clause) -> str | None:
    typed = clause.typed
    return typed[0] if not clause.phrase and len(typed) == 1 and typed[0].isalnum() else None


def _words(words: Words, long_text: bool) -> str | None:
    """A word (its stem, or its joined form in the pairs) or a phrase: its adjacent pairs, or,
    where the type has long free text (which keeps no pairs), all its words in that text."""
    if len(words) == 1:
        word = words[0]
        terms = stems(word)
        if len(terms) > 1:
            return _words(tuple(terms), long_text)
        found = [quoted(term) for term in terms]
        if word.isalnum() and len(word) >= MIN_COMPOUND:
            found.append(quoted(NEAR_MARK + word))
        return _any(found)
    pairs = [quoted(f"{NEAR_MARK}{a}{PAIR}{b}") for a, b in zip(words, words[1:], strict=False)]
    adjacent = " & ".join(pairs)
    in_long_text = [f"{quoted(term)}:D" for word in words for term in stems(word)]
    if not long_text or not in_long_text:
        return adjacent
    return f"( {adjacent} ) | ( {' & '.join(in_long_text)} )"


def _in_title(words: Words) -> str | None:
    terms = [term for word in words for term in stems(word)]
    return " & ".join(f"{quoted(term)}:A" for term in terms) or None


def _any(parts: Sequence[str | None]) -> str | None:
    present = [part for part in parts if part]
    if not present:
        return None
    return present[0] if len(present) == 1 else " | ".join(f"( {part} )" for part in present)
