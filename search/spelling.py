"""Typo correction and completions over the public vocabulary of the requested types together.

Only words that public documents carry are ever offered, so drafts never leak through "did you
mean" or suggest. A word is corrected only when no requested type knows it (neither as a public
word nor as an indexed stem): "Kaiping" is a brand to the products even if no article uses it.
Correction is bounded: words of 4 to 24 letters, at most `MAX_CORRECTED` per query, compared
with RapidFuzz's optimal-string-alignment distance (a transposition is one edit) against the
words of similar length only, and remembered per vocabulary.
"""

import heapq
import threading
from bisect import bisect_left
from collections import OrderedDict
from datetime import datetime
from string import ascii_lowercase

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.analysis import PAIR, ParsedQuery, plain_words, stems
from search.documents import NEAR
from search.registry import Text
from search.tables import IndexView, position_of

MIN_LETTERS, MAX_LETTERS = 4, 24
MAX_CORRECTED = 3  # words corrected per query: the cost per request stays bounded
CONTEXT_DOCUMENTS = 2_000  # documents sampled to rank completions by the words before them
LEXICONS = 8
MAX_CANDIDATES = 200  # completions ranked in context, of the commonest words with the prefix


class Lexicon:
    """Public words with how many documents carry them; corrections and prefix look-ups."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.words = sorted(counts)
        self.counts = counts
        self._by_length: dict[int, list[str]] = {}
        for word in self.words:
            self._by_length.setdefault(len(word), []).append(word)
        self._corrections: OrderedDict[str, str | None] = OrderedDict()
        self._guard = threading.Lock()

    def correct(self, word: str) -> str | None:
        """The closest public word to an unknown `word`, or None."""
        with self._guard:
            if word in self._corrections:
                return self._corrections[word]
        limit = edit_limit(word)
        choices = [
            candidate
            for length in range(len(word) - limit, len(word) + limit + 1)
            for candidate in self._by_length.get(length, ())
        ]
        result = closest(word, choices, self.counts)
        with self._guard:
            self._corrections[word] = result
            while len(self._corrections) > 4096:
                self._corrections.popitem(last=False)
        return result

    def starting(self, prefix: str) -> list[str]:
        """Public words that start with `prefix`."""
        start = bisect_left(self.words, prefix)
        return self.words[start : bisect_left(self.words, prefix + "\uffff")]


def edit_limit(word: str) -> int:
    """How many edits a correction of `word` may be away from it."""
    return 1 if len(word) <= 5 else 2


def closest(word: str, choices: list[str], counts: dict[str, int]) -> str | None:
    """The choice fewest edits from `word` (within `edit_limit`), the commonest among equals."""
    best = min(
        (
            (distance, -counts.get(candidate, 0), candidate)
            for candidate, distance in _reached(word, choices)
        ),
        default=None,
    )
    return best[2] if best else None


def within_reach(word: str, choices: list[str]) -> list[str]:
    """The choices within `edit_limit` of `word`."""
    return [candidate for candidate, _ in _reached(word, choices)]


def _reached(word: str, choices: list[str]) -> list[tuple[str, float]]:
    limit = edit_limit(word)
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
    return [(candidate, distance) for candidate, distance, _ in found]


_lexicons: OrderedDict[tuple, Lexicon] = OrderedDict()
_lexicons_guard = threading.Lock()


def lexicon(views: list[IndexView], now: datetime) -> Lexicon:
    """The public vocabulary of `views` together (cached per generation and public count)."""
    key = tuple(
        (
            str(view.directory),
            view.generation,
            int(np.count_nonzero(view.visible(False, None, now))),
        )
        for view in views
    )
    with _lexicons_guard:
        if key in _lexicons:
            _lexicons.move_to_end(key)
            return _lexicons[key]
    counts: dict[str, int] = {}
    for view in views:
        for word, count in view.public_vocabulary(now).items():
            counts[word] = counts.get(word, 0) + count
    built = Lexicon(counts)
    with _lexicons_guard:
        _lexicons[key] = built
        while len(_lexicons) > LEXICONS:
            _lexicons.popitem(last=False)
    return built


def corrections(views: list[IndexView], parsed: ParsedQuery, now: datetime) -> dict[int, str]:
    """For each clause whose word no requested type knows, the closest public word.

    The public vocabulary is read only for a word no index holds: it is built once per index
    generation, so a search of known words right after a change does not pay for it.
    """
    unknown = [
        (position, word) for position, word in correctable(parsed) if not _indexed(views, word)
    ]
    if not unknown:
        return {}
    words = lexicon(views, now)
    found: dict[int, str] = {}
    for position, word in unknown:
        if len(found) >= MAX_CORRECTED:
            break
        if word in words.counts:
            continue
        best = words.correct(word)
        if best:
            found[position] = best
    return found


def correctable(parsed: ParsedQuery) -> list[tuple[int, str]]:
    """The clauses (position, word) a correction may replace: one typed word of 4 to 24
    letters, not quoted and not named by a synonym rule (the rule says what it finds)."""
    return [
        (position, clause.typed[0])
        for position, clause in enumerate(parsed.clauses)
        if not clause.phrase
        and len(clause.typed) == 1
        and len(clause.alternatives) == 1
        and clause.typed[0].isalpha()
        and MIN_LETTERS <= len(clause.typed[0]) <= MAX_LETTERS
    ]


def _indexed(views: list[IndexView], word: str) -> bool:
    """Whether any view holds `word`'s stem (a plural or inflection of a known word)."""
    terms = stems(word)
    return any(
        view.document_frequency(text.name, term)
        for view in views
        for text in view.document_type.declared(Text)
        for term in terms
    )


def suggestion(parsed: ParsedQuery, corrections: dict[int, str]) -> str:
    """The query as typed, with each corrected word replaced ("did you mean")."""
    parts = []
    for position, clause in enumerate(parsed.clauses):
        words = (corrections[position],) if position in corrections else clause.typed
        parts.append(f'"{" ".join(words)}"' if clause.phrase else " ".join(words))
    return " ".join([*parts, *(measure.typed for measure in parsed.measures)])


def completions(views: list[IndexView], text: str, now: datetime, limit: int) -> list[str]:
    """Up to `limit` completions of the last word of `text`, in the context of the words before.

    A typo in the part typed so far is tolerated ("gunmt" -> "gunmetal"); with words before it,
    words that public documents carry together with them come first ("rare e" -> "rare earth").
    """
    words = plain_words(text)
    if not words or text[-1:].isspace():
        return []
    head, last = words[:-1], words[-1]
    vocabulary = lexicon(views, now)
    exact = vocabulary.starting(last)
    if len(exact) > MAX_CANDIDATES:  # a short prefix: rank the commonest words only
        exact = heapq.nsmallest(MAX_CANDIDATES, exact, key=lambda w: -vocabulary.counts[w])
    candidates = dict.fromkeys(exact, 0)
    if not exact and len(last) >= 3:  # nothing starts so: the prefix may hold a typo
        for variant in one_edit(last):
            for word in vocabulary.starting(variant)[:limit]:
                if len(word) >= len(last):
                    candidates.setdefault(word, 1)
    after = _following(views, head[-1], candidates, now) if head else {}
    together = _together(views, head[-1], set(candidates), now) if head else {}
    return best_completions(head, candidates, vocabulary.counts, after, together, limit)


def best_completions(
    head: list[str],
    candidates: dict[str, int],
    counts: dict[str, int],
    after: dict[str, int],
    together: dict[str, int],
    limit: int,
) -> list[str]:
    """The `limit` best candidates, each after the words typed before it: those public documents
    hold right `after` the last word first, then those they hold `together` with it, then
    exact prefixes before typo-tolerant ones (`candidates`' value), then the commonest."""
    best = heapq.nsmallest(
        limit,
        candidates,
        key=lambda word: (
            -after.get(word, 0),
            -together.get(word, 0),
            candidates[word],
            -counts.get(word, 0),
            word,
        ),
    )
    prefix = " ".join(head)
    return [f"{prefix} {word}" if prefix else word for word in best]


def one_edit(word: str) -> set[str]:
    """Strings one deletion, transposition, substitution or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {left + right[1:] for left, right in splits if right}
    edits |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    edits |= {left + c + right[1:] for left, right in splits if right for c in ascii_lowercase}
    edits |= {left + c + right for left, right in splits for c in ascii_lowercase}
    edits.discard(word)
    return {edit for edit in edits if len(edit) >= 2}


def _following(views: list[IndexView], word: str, candidates, now) -> dict[str, int]:
    """How many public documents hold each candidate right after `word` (a `near` pair)."""
    counts: dict[str, int] = {}
    for view in views:
        public = view.visible(False, None, now)
        for candidate in candidates:
            pair = f"{word}{PAIR}{candidate}"
            if view.document_frequency(NEAR, pair):
                found = int(np.count_nonzero(public[view.term_scores(NEAR, pair)[0]]))
                counts[candidate] = counts.get(candidate, 0) + found
    return counts


def _together(views: list[IndexView], word: str, candidates: set[str], now) -> dict[str, int]:
    """How many sampled public documents holding `word` also hold each candidate."""
    counts: dict[str, int] = {}
    terms = stems(word)
    for view in views:
        public = view.visible(False, None, now)
        holding = np.zeros(view.size, dtype=bool)
        for text in view.document_type.declared(Text):
            for term in terms:
                holding |= view.holding(text.name, term)
        sample = np.flatnonzero(holding & public)[:CONTEXT_DOCUMENTS]
        for segment in view.segments:
            local = sample[
                (sample >= segment.offset) & (sample < segment.offset + segment.columns.size)
            ]
            if not len(local):
                continue
            column = segment.columns.words
            ordinals = np.concatenate(
                [column.values_of(d - segment.offset) for d in local.tolist()]
            )
            tally = np.bincount(ordinals, minlength=len(column.vocabulary))
            for candidate in candidates:
                position = position_of(column.vocabulary, candidate)
                if position is not None:
                    counts[candidate] = counts.get(candidate, 0) + int(tally[position])
    return counts
