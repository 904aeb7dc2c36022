"""Typo corrections and completions for the PostgreSQL backend, from the trigram-indexed words.

The rules are `search.spelling`'s: only words public documents carry are offered, a word is
corrected only when no requested type knows it (as a public word or an indexed stem), at most
`MAX_CORRECTED` per query, by optimal-string-alignment distance. `search_words` (every word an
indexed document offers, with a GiST trigram index) supplies the candidates nearest a typed
word, or starting with a typed prefix; which of them public documents carry, and how many, is
asked of `search_entries` with counts that stop early, so a request's cost stays bounded.
"""

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from search.analysis import PAIR, ParsedQuery, plain_words, stems
from search.pg.vectors import NEAR_MARK, WORD_MARK, quoted
from search.registry import DocumentType
from search.spelling import (
    MAX_CORRECTED,
    best_completions,
    closest,
    correctable,
    edit_limit,
    one_edit,
)

NEAREST = 40  # trigram neighbours of a typed word compared by edit distance
PREFIXED = 100  # words starting with a typed prefix ranked as completions
COUNTED = 1000  # public documents counted per word at most (enough to rank by)
CONTEXT_DOCUMENTS = 500  # public documents holding the word before, sampled for context
PUBLIC = "status = ANY(:public) AND published_at <= :now"

COUNTS = text(f"""
    SELECT word, (SELECT count(*) FROM (
        SELECT 1 FROM search_entries
        WHERE doc_type = ANY(:types) AND {PUBLIC} AND terms @@ CAST(query AS tsquery)
        LIMIT {COUNTED}) holding)
    FROM unnest(CAST(:words AS text[]), CAST(:queries AS text[])) AS asked(word, query)
""")  # noqa: S608 (constants only)
INDEXED = text("""
    SELECT query FROM unnest(CAST(:queries AS text[])) AS asked(query)
    WHERE EXISTS (SELECT 1 FROM search_entries
                  WHERE doc_type = ANY(:types) AND terms @@ CAST(query AS tsquery))
""")
NEAREST_WORDS = text(f"""
    SELECT word FROM search_words WHERE doc_type = ANY(:types)
    ORDER BY word <-> :word LIMIT {NEAREST}
""")  # noqa: S608 (constants only)
STARTING = text(f"""
    SELECT DISTINCT word FROM search_words
    WHERE doc_type = ANY(:types) AND word >= :prefix AND word < :prefix || chr(1114111)
    ORDER BY word LIMIT {PREFIXED}
""")  # noqa: S608 (constants only)
SIMILAR = text(f"""
    SELECT DISTINCT word FROM search_words
    WHERE doc_type = ANY(:types) AND :prefix <% word LIMIT {PREFIXED}
""")  # noqa: S608 (constants only)
TOGETHER = text(f"""
    WITH sample AS (
        SELECT terms FROM search_entries
        WHERE doc_type = ANY(:types) AND {PUBLIC} AND terms @@ CAST(:head AS tsquery)
        LIMIT {CONTEXT_DOCUMENTS})
    SELECT word, (SELECT count(*) FROM sample WHERE terms @@ CAST(query AS tsquery))
    FROM unnest(CAST(:words AS text[]), CAST(:queries AS text[])) AS asked(word, query)
""")  # noqa: S608 (constants only)


class Words:
    """The public vocabulary of some document types, as of `now`, read through `session`."""

    def __init__(self, session: Session, kinds: list[DocumentType], now: datetime) -> None:
        self.connection = session.connection()
        public = sorted({status for kind in kinds for status in kind.public_statuses})
        self.scope = {"types": [kind.name for kind in kinds], "public": public, "now": now}

    def public_counts(self, words: list[str], queries: list[str] | None = None) -> dict[str, int]:
        """How many public documents carry each word (by default as an offered word), up to
        COUNTED; words no public document carries are left out."""
        if not words:
            return {}
        queries = queries or [quoted(WORD_MARK + word) for word in words]
        rows = self.connection.execute(
            COUNTS, {**self.scope, "words": words, "queries": queries}
        ).all()
        return {word: count for word, count in rows if count}

    def corrections(self, parsed: ParsedQuery) -> dict[int, str]:
        """For each clause whose word no requested type knows, the closest public word."""
        asked = correctable(parsed)
        if not asked:
            return {}
        known = self.public_counts([word for _, word in asked])
        stemmed = {word: stems(word) for _, word in asked}
        queries = [quoted(terms[0]) for terms in stemmed.values() if len(terms) == 1]
        indexed = set(
            self.connection.scalars(INDEXED, {**self.scope, "queries": queries}) if queries else ()
        )
        found: dict[int, str] = {}
        for position, word in asked:
            if len(found) >= MAX_CORRECTED:
                break
            terms = stemmed[word]
            if word in known or (len(terms) == 1 and quoted(terms[0]) in indexed):
                continue
            best = self._correct(word)
            if best:
                found[position] = best
        return found

    def _correct(self, word: str) -> str | None:
        limit = edit_limit(word)
        near = [
            candidate
            for candidate in self.connection.scalars(NEAREST_WORDS, {**self.scope, "word": word})
            if abs(len(candidate) - len(word)) <= limit
        ]
        counts = self.public_counts(list(dict.fromkeys(near)))
        return closest(word, list(counts), counts)

    def completions(self, typed: str, limit: int) -> list[str]:
        """Up to `limit` completions of the last word of `typed`, in the context of the words
        before it (see `search.spelling.completions`)."""
        words = plain_words(typed)
        if not words or typed[-1:].isspace():
            return []
        head, last = words[:-1], words[-1]
        exact = list(self.connection.scalars(STARTING, {**self.scope, "prefix": last}))
        candidates = dict.fromkeys(exact, 0)
        if not exact and len(last) >= 3:  # nothing starts so: the prefix may hold a typo
            variants = one_edit(last)
            for word in self.connection.scalars(SIMILAR, {**self.scope, "prefix": last}):
                close = any(word.startswith(variant) for variant in variants)
                if close and len(word) >= len(last):
                    candidates.setdefault(word, 1)
        counts = self.public_counts(list(candidates))
        candidates = {word: tier for word, tier in candidates.items() if word in counts}
        after, together = {}, {}
        if head and candidates:
            pairs = [quoted(f"{NEAR_MARK}{head[-1]}{PAIR}{word}") for word in candidates]
            after = self.public_counts(list(candidates), pairs)
            together = self._together(head[-1], list(candidates))
        return best_completions(head, candidates, counts, after, together, limit)

    def _together(self, word: str, candidates: list[str]) -> dict[str, int]:
        """How many sampled public documents holding `word` also offer each candidate."""
        terms = stems(word)
        if len(terms) != 1:
            return {}
        rows = self.connection.execute(
            TOGETHER,
            {
                **self.scope,
                "head": quoted(terms[0]),
                "words": candidates,
                "queries": [quoted(WORD_MARK + candidate) for candidate in candidates],
            },
        ).all()
        return {candidate: count for candidate, count in rows if count}
