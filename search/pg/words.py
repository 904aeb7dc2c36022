"""Typo corrections and completions for the PostgreSQL backend, from the trigram-indexed words.

The rules are `search.spelling`'s: only words public documents carry are offered, a word is
corrected only when no requested type knows it (as a public word or an indexed stem), at most
`MAX_CORRECTED` per query, by optimal-string-alignment distance. `search_words` (every word an
indexed document offers, with a GiST trigram index) supplies the candidates nearest a typed
word, or the commonest starting with a typed prefix, by how many public documents carried them
at the last rebuild; whether a public document carries one now is asked of `search_entries`
for those few alone, so a request's cost stays bounded however large the vocabulary.
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
    one_edit,
    within_reach,
)

NEAREST = 40  # trigram neighbours of a typed word compared by edit distance
PREFIXED = 30  # words starting with a typed prefix ranked as completions (the commonest)
SIMILAR_WORDS = 60  # words like a typed prefix that may hold a typo
COUNTED = 100  # public documents counted per word at most (enough to rank by)
# Words at least this many public documents offered at the last rebuild are taken as offered
# still, with that count: asking again is costly for common words (the GIN index gives all of
# their documents before the first public one), while a word new since, or rare (a draft's
# own word among them), is always asked live.
RECOUNT_BELOW = 5
CONTEXT_DOCUMENTS = 200  # public documents holding the word before, sampled for context
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
    SELECT DISTINCT word FROM (
        SELECT word FROM search_words WHERE doc_type = ANY(:types)
        ORDER BY word <-> :word LIMIT {NEAREST}) near
""")  # noqa: S608 (constants only)
STARTING = text(f"""
    SELECT word FROM search_words
    WHERE doc_type = ANY(:types) AND word >= :prefix AND word < :prefix || chr(1114111)
    GROUP BY word ORDER BY sum(documents) DESC, word LIMIT {PREFIXED}
""")  # noqa: S608 (constants only)
SIMILAR = text(f"""
    SELECT DISTINCT word FROM search_words
    WHERE doc_type = ANY(:types) AND :prefix <% word LIMIT {SIMILAR_WORDS}
""")  # noqa: S608 (constants only)
CONTEXT = text(f"""
    WITH sample AS MATERIALIZED (
        SELECT terms FROM search_entries
        WHERE doc_type = ANY(:types) AND {PUBLIC} AND terms @@ CAST(:head AS tsquery)
        LIMIT {CONTEXT_DOCUMENTS})
    SELECT word,
           (SELECT count(*) FROM sample WHERE terms @@ CAST(pair AS tsquery)),
           (SELECT count(*) FROM sample WHERE terms @@ CAST(query AS tsquery))
    FROM unnest(CAST(:words AS text[]), CAST(:pairs AS text[]), CAST(:queries AS text[]))
         AS asked(word, pair, query)
""")  # noqa: S608 (constants only)
POPULAR = text("""
    SELECT word, sum(documents) FROM search_words
    WHERE doc_type = ANY(:types) AND word = ANY(CAST(:words AS text[])) GROUP BY word
""")


class Words:
    """The public vocabulary of some document types, as of `now`, read through `session`."""

    def __init__(self, session: Session, kinds: list[DocumentType], now: datetime) -> None:
        self.connection = session.connection()
        public = sorted({status for kind in kinds for status in kind.public_statuses})
        self.scope = {"types": [kind.name for kind in kinds], "public": public, "now": now}

    def counted(self, words: list[str]) -> dict[str, int]:
        """How many public documents offer each of `words` (up to COUNTED, or as at the last
        rebuild for common words); words none offers are left out."""
        if not words:
            return {}
        rows = self.connection.execute(POPULAR, {**self.scope, "words": words}).all()
        popular = {str(word): int(n) for word, n in rows if n >= RECOUNT_BELOW}
        rare = [word for word in words if word not in popular]
        return {**popular, **(self._counts(rare) if rare else {})}

    def corrections(self, parsed: ParsedQuery) -> dict[int, str]:
        """For each clause whose word no requested type knows, the closest public word."""
        asked = correctable(parsed)
        if not asked:
            return {}
        known = self.counted([word for _, word in asked])
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
        """The closest public word within reach of `word`: of the trigram index's nearest
        words, those within the edit limit, counted in the public documents offering them now
        (the commonest wins among equally close ones)."""
        near = self.connection.scalars(NEAREST_WORDS, {**self.scope, "word": word})
        counts = self.counted(within_reach(word, list(near)))
        return closest(word, list(counts), counts)

    def completions(self, typed: str, limit: int) -> list[str]:
        """Up to `limit` completions of the last word of `typed`, in the context of the words
        before it (see `search.spelling.completions`)."""
        words = plain_words(typed)
        if not words or typed[-1:].isspace():
            return []
        head, last = words[:-1], words[-1]
        starting = self.connection.scalars(STARTING, {**self.scope, "prefix": last})
        candidates = dict.fromkeys(starting, 0)
        if not candidates and len(last) >= 3:  # nothing starts so: the prefix may hold a typo
            variants = one_edit(last)
            for word in self.connection.scalars(SIMILAR, {**self.scope, "prefix": last}):
                close = any(word.startswith(variant) for variant in variants)
                if close and len(word) >= len(last):
                    candidates.setdefault(word, 1)
        public = self.counted(list(candidates))
        candidates = {word: tier for word, tier in candidates.items() if word in public}
        after: dict[str, int] = {}
        together: dict[str, int] = {}
        if head and candidates:
            after, together = self._context(head[-1], list(candidates))
        return best_completions(head, candidates, public, after, together, limit)

    def _counts(self, words: list[str]) -> dict[str, int]:
        """How many public documents offer each of `words` now (up to COUNTED)."""
        queries = [_offering(word) for word in words]
        rows = self.connection.execute(
            COUNTS, {**self.scope, "words": words, "queries": queries}
        ).all()
        return {word: count for word, count in rows if count}

    def _context(self, word: str, candidates: list[str]) -> tuple[dict, dict]:
        """Of a sample of public documents holding `word`: how many hold each candidate right
        after it, and how many offer it anywhere."""
        terms = stems(word)
        if len(terms) != 1:
            return {}, {}
        rows = self.connection.execute(
            CONTEXT,
            {
                **self.scope,
                "head": quoted(terms[0]),
                "words": candidates,
                "pairs": [
                    quoted(f"{NEAR_MARK}{word}{PAIR}{candidate}") for candidate in candidates
                ],
                "queries": [_offering(candidate) for candidate in candidates],
            },
        ).all()
        after = {candidate: right for candidate, right, _ in rows if right}
        return after, {candidate: anywhere for candidate, _, anywhere in rows if anywhere}


def _offering(word: str) -> str:
    """The tsquery text that finds the entries offering `word` as a public word."""
    return quoted(WORD_MARK + word)
