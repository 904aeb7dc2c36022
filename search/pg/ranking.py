"""The text side of the PostgreSQL backend's statement: which clauses each document matches,
its code tier and its rank, as SQL expressions over `search_entries.terms`."""

import json
from datetime import timedelta

from search.analysis import stems
from search.pg.statements import Statement, between
from search.pg.tsqueries import ClauseQuery, clause_queries, code_queries, prefilter
from search.pg.vectors import weighting
from search.querying import CLAUSE_TIER, CODE_TIER, MAX_SCORE, SearchRequest
from search.registry import DocumentType, Keyword, Number
from search.rules import RECENT
from search.scoring import EXACTNESS, PROXIMITY
from search.staff_ranking import PIN_PLACES, PIN_TIER

# ts_rank of one occurrence in the strongest field: scores are divided by it.
IDEAL = "(SELECT ts_rank({weights}, CAST('x:1A' AS tsvector), CAST('x' AS tsquery)))"


class Matching:
    """The text side of one type's statement: clause matches, hits, codes, rank."""

    def __init__(
        self,
        sql: Statement,
        kind: DocumentType,
        numbers: dict[str, int],
        request: SearchRequest,
        widened: bool,
    ) -> None:
        self.sql = sql
        self.kind = kind
        self.numbers = numbers
        self.request = request
        parsed = request.parsed
        self.scored = not parsed.is_empty
        self.clauses: list[ClauseQuery] = (
            clause_queries(kind, parsed, request.corrections) if self.scored else []
        )
        dimensions: dict[str, list[str]] = {}
        for number in kind.declared(Number):
            if number.dimension:
                dimensions.setdefault(number.dimension, []).append(
                    f"numbers[{numbers[number.name]}]"
                )
        self.measures = [
            "(" + " OR ".join(between(sql, value, *measure.bounds()) for value in values) + ")"
            for measure in parsed.measures
            if (values := dimensions.get(measure.dimension))
        ]
        self.count = len(self.clauses) + len(self.measures)
        required = self.count if request.every_word else self.count - 1
        self.required = 1 if widened else max(required, 1)
        self.can_widen = bool(self.clauses) and not request.every_word and self.required > 1
        self.terms = highlight_terms(parsed, request.corrections) if self.scored else frozenset()
        self.weights = weighting(kind).shares
        self._queries = [
            sql.bind(clause.anywhere, "tsquery") if clause.anywhere else None
            for clause in self.clauses
        ]
        codes = code_queries(parsed.codes)
        self._codes = (
            (sql.bind(codes[0], "tsquery"), sql.bind(codes[1], "tsquery")) if codes else None
        )
        self.candidates = self._candidates(codes)

    def _candidates(self, codes: tuple[str, str] | None) -> str | None:
        if not self.scored:
            return None
        queries = [clause.anywhere for clause in self.clauses]
        phrases = [c.anywhere for c in self.clauses if c.phrase and c.anywhere]
        narrowing = prefilter(queries, self.required - len(self.measures), phrases)
        if narrowing is None and self.measures:
            return None if codes is None else "true"
        parts = [f"( {narrowing} )"] if narrowing else []
        if codes:
            parts.append(f"( {codes[1]} )")
        if not parts:
            return None
        return f"terms @@ {self.sql.bind(' | '.join(parts), 'tsquery')}"

    def _matches(self) -> list[str]:
        found = [
            f"coalesce(terms @@ {query}, false)" if query else "false" for query in self._queries
        ]
        return found + self.measures

    @property
    def hits(self) -> str:
        """How many clauses each document matches."""
        parts = [f"({match})::int" for match in self._matches()]
        return " + ".join(parts) if parts else "0"

    @property
    def code(self) -> str:
        """2 when a typed code is one of the document's SKUs, 1 when it starts one, else 0."""
        if self._codes is None:
            return "0"
        whole, prefix = self._codes
        return f"CASE WHEN terms @@ {whole} THEN 2 WHEN terms @@ {prefix} THEN 1 ELSE 0 END"

    @property
    def phrases(self) -> str:
        """Whether each document matches every quoted phrase (true without any)."""
        found = [
            f"coalesce(terms @@ {query}, false)" if query else "false"
            for clause, query in zip(self.clauses, self._queries, strict=True)
            if clause.phrase
        ]
        return " AND ".join(found) or "true"

    def condition(self, pinned) -> str:
        """Which candidates match: enough clauses and every phrase, or a typed code."""
        if not self.scored:
            return "true"
        found = [f"(hits >= {self.required} AND phrases)", "code > 0"]
        if pinned:
            found.append(f"doc_id = ANY({self.sql.bind(list(pinned))})")
        return " OR ".join(found)

    def rank(self, pinned) -> str:
        """Tiers and relevance as one number (pinned documents first, in their places)."""
        if not self.scored:
            return "0"
        weights = self.sql.bind(list(self.weights), "float4[]")
        ideal = IDEAL.format(weights=weights)
        scores = [
            f"ts_rank({weights}, terms, {query}) / {ideal}" if query else "0"
            for query in self._queries
        ]
        scores += [f"({measure})::int" for measure in self.measures]
        near = [
            f"{PROXIMITY} * (terms @@ {self.sql.bind(clause.proximity, 'tsquery')})::int"
            for clause in self.clauses
            if clause.proximity
        ]
        titled = [
            f"(terms @@ {self.sql.bind(clause.in_title, 'tsquery')})::int"
            for clause in self.clauses
            if clause.in_title
        ]
        in_title = " + ".join(titled) or "0"
        count = max(self.count, 1)
        score = (
            f"(({' + '.join([*scores, *near]) or '0'}) / {count}"
            f" + {EXACTNESS} * least(({in_title})::float8 / greatest(title_terms, 1), 1)"
            f" * ({in_title})::float8 / {count})"
        )
        if self.request.boosts and self.request.sort == "relevance":
            score = f"least({score} * {self._boost_factor()}, {MAX_SCORE})"
        code = self.code
        rank = f"({code}) * {CODE_TIER} + ({self.hits}) * {CLAUSE_TIER} + {score}"
        if pinned:
            places = {str(key): PIN_TIER * (PIN_PLACES - place) for key, place in pinned.items()}
            rank = (
                f"coalesce(({self.sql.bind(json.dumps(places), 'jsonb')} ->> doc_id::text)"
                f"::float8, {rank})"
            )
        return rank

    def _boost_factor(self) -> str:
        parts = ["1"]
        for boost in self.request.boosts:
            boosted = self._boosted(boost)
            if boosted:
                parts.append(f"{boost.weight / 10} * ({boosted})::int")
        return "(" + " + ".join(parts) + ")"

    def _boosted(self, boost) -> str | None:
        """Which documents one staff boost raises (see `search.staff_ranking`)."""
        if boost.type != self.kind.name:
            return None
        if boost.name == RECENT:
            since = self.request.now - timedelta(days=int(boost.value or 0))
            return f"coalesce(published_at >= {self.sql.bind(since)}, false)"
        if boost.name in self.numbers:
            return f"coalesce(numbers[{self.numbers[boost.name]}] > 0, false)"
        keywords = {keyword.name for keyword in self.kind.declared(Keyword)}
        if boost.name in keywords and boost.value:
            return f"keywords @> {self.sql.bind([f'{boost.name}:{boost.value}'], 'text[]')}"
        return None


def highlight_terms(parsed, corrections: dict[int, str]) -> frozenset[str]:
    """The stems snippets mark: every word of every clause's alternatives and corrections."""
    words = [word for clause in parsed.clauses for alt in clause.alternatives for word in alt]
    words += list(corrections.values())
    return frozenset(stem for word in words for stem in stems(word))
