"""Typo tolerance: unknown words are corrected to the closest public word the index holds.

Candidates come from Whoosh's Levenshtein automaton over the `spell` field (the plain words of
the fields a type marks `suggest`); only words that public documents carry count, so drafts
never leak through "did you mean".
"""

from bisect import bisect_left
from datetime import datetime

import numpy as np

from search.analysis import ParsedQuery, stems
from search.documents import SPELL
from search.registry import Text
from search.tables import IndexView


def corrections(view: IndexView, parsed: ParsedQuery, now: datetime) -> dict:
    """For each clause whose words the index has never seen, the closest public word."""
    reader = view.searcher.reader()
    text_fields = [text.name for text in view.document_type.declared(Text)]
    found = {}
    for position, clause in enumerate(parsed.clauses):
        word = clause.typed[0]
        if clause.phrase or len(clause.typed) > 1 or len(word) < 4 or not word.isalpha():
            continue
        if any(reader.doc_frequency(name, token) for name in text_fields for token in stems(word)):
            continue
        best = _closest_word(view, word, now)
        if best:
            found[position] = (best,)
    return found


def public_word_counts(view: IndexView, now: datetime) -> np.ndarray:
    """How many public documents carry each suggestion word.

    Cached by how many documents are public: for a given view that set only grows with time,
    so its size identifies it.
    """
    public = view.visible(False, None, now)
    return view.memo(("words", int(np.count_nonzero(public))), lambda: view.word_counts(public))


def _closest_word(view: IndexView, word: str, now: datetime) -> str | None:
    public = int(np.count_nonzero(view.visible(False, None, now)))
    return view.memo(
        ("closest", word, public), lambda: _closest_of(view, word, public_word_counts(view, now))
    )


def _closest_of(view: IndexView, word: str, counts: np.ndarray) -> str | None:
    words = view.words
    candidates = {}
    for reader, _ in view.searcher.reader().leaf_readers():
        if reader.doc_count_all():
            for distance in (1, 2) if len(word) > 5 else (1,):
                for candidate in reader.terms_within(SPELL, word, distance):
                    candidates.setdefault(candidate, distance)
    scored = []
    for candidate, distance in candidates.items():
        position = _position(words.vocabulary, candidate)
        if position is not None and counts[position]:
            scored.append((distance, -int(counts[position]), candidate))
    return min(scored)[2] if scored else None


def _position(vocabulary: list[str], word: str) -> int | None:
    position = bisect_left(vocabulary, word)
    return position if position < len(vocabulary) and vocabulary[position] == word else None


def suggestion(parsed: ParsedQuery, corrections: dict) -> str:
    """The query as typed, with each corrected word replaced ("did you mean")."""
    parts = []
    for position, clause in enumerate(parsed.clauses):
        words = " ".join(corrections.get(position) or clause.typed)
        parts.append(f'"{words}"' if clause.phrase else words)
    return " ".join(parts)
