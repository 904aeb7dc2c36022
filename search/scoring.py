"""Matching and BM25 scoring of a parsed query over one index view, in NumPy.

Each clause (a word with its synonyms and correction, a quoted phrase, a measurement) gets a
score per document, normalised so that 1.0 means "found once, in the type's strongest field":
scores of different types are then comparable, and so is "how many clauses matched". A word
also matches its joined form ("pull out" finds "pullout", "pullout" finds "pull-out"), adjacent
query words found adjacent in a document earn a proximity bonus, and quoted phrases are
adjacent-pair look-ups in the `near` field. Typed codes are matched against SKUs whole or by
prefix, separators ignored. Long free text (descriptions, bodies) keeps no pairs: there a
phrase matches when the field holds all its words, scored below an adjacent match.
"""

from dataclasses import dataclass

import numpy as np

from search.analysis import PAIR, Clause, ParsedQuery, Words, stems
from search.documents import NEAR
from search.registry import Exact, Number, Text
from search.tables import IndexView, position_of, prefix_range

NEAR_SHARE = 0.8  # a joined or split spelling, relative to the same word in the strongest field
PROXIMITY = 0.25  # bonus for two query words side by side in the document
SCATTERED_SHARE = 0.5  # a phrase whose words a long field holds, but maybe not side by side
MIN_COMPOUND = 5
OTHER_FIELDS = 0.2  # weight of a word's matches beyond its best field
EXACTNESS = 0.6  # bonus for a strongest field the query covers exactly (see `exactness`)


@dataclass
class Matches:
    """How well each document of a view matches one query."""

    clauses: int  # how many clauses the type can match
    hits: np.ndarray  # per document: clauses matched
    phrases: np.ndarray  # per document: every quoted phrase matched
    score: np.ndarray  # per document: normalised relevance
    codes: np.ndarray  # per document: 2 a typed code is a SKU, 1 starts one, 0 neither
    terms: frozenset[str]  # stems to highlight


def match(view: IndexView, parsed: ParsedQuery, corrections: dict[int, str]) -> Matches:
    """Score every document of `view` against `parsed` (with `corrections` per clause)."""
    scorer = _Scorer(view)
    clauses = [
        Clause((*clause.alternatives, (corrections[i],)), clause.phrase)
        if i in corrections
        else clause
        for i, clause in enumerate(parsed.clauses)
    ]
    scores, in_title = [], np.zeros(view.size, dtype=np.int16)
    for clause in clauses:
        scores.append(scorer.clause(clause))
        in_title += scorer.title_hits
    phrases = np.ones(view.size, dtype=bool)
    for clause, score in zip(clauses, scores, strict=True):
        if clause.phrase:
            phrases &= score > 0
    total = np.zeros(view.size, dtype=np.float32)
    for i in range(len(clauses) - 1):
        first, second = _single_word(clauses[i]), _single_word(clauses[i + 1])
        if first and second:
            joined = scorer.word(first + second, compound=False)
            np.maximum(scores[i], joined, out=scores[i])
            np.maximum(scores[i + 1], joined, out=scores[i + 1])
            total += PROXIMITY * scorer.pairs((first, second))
    dimensions = {n.dimension for n in view.document_type.declared(Number) if n.dimension}
    for measure in parsed.measures:
        if measure.dimension in dimensions:
            scores.append(scorer.measure(measure.dimension, *measure.bounds()))
    hits = np.zeros(view.size, dtype=np.int16)
    for score in scores:
        hits += score > 0
        total += score
    words = [word for clause in clauses for words in clause.alternatives for word in words]
    return Matches(
        clauses=len(scores),
        hits=hits,
        phrases=phrases,
        score=total / max(len(scores), 1) + EXACTNESS * scorer.exactness(in_title, len(scores)),
        codes=scorer.codes(parsed.codes),
        terms=frozenset(stem for word in words for stem in stems(word)),
    )


def _single_word(clause: Clause) -> str | None:
    typed = clause.typed
    return typed[0] if not clause.phrase and len(typed) == 1 and typed[0].isalnum() else None


class _Scorer:
    """Dense per-document scores of words, phrases, measurements and codes for one view."""

    def __init__(self, view: IndexView) -> None:
        self.view = view
        declared = view.document_type.declared(Text)
        self.fields = [(text.name, text.boost) for text in declared]
        self.strongest = max((boost for _, boost in self.fields), default=1.0)
        self.title = next((name for name, boost in self.fields if boost == self.strongest), None)
        self.long_fields = [(text.name, text.boost) for text in declared if not text.near]
        self.title_hits = np.zeros(view.size, dtype=bool)  # of the last clause scored

    def exactness(self, in_title: np.ndarray, clauses: int) -> np.ndarray:
        """How much of the strongest field (a name, a title) the query covers, and vice versa.

        1.0 when every clause is in it and it holds nothing else: a product named exactly what
        the shopper typed outranks an article whose longer title mentions it.
        """
        if self.title is None:
            return np.zeros(self.view.size, dtype=np.float32)
        lengths = np.maximum(self.view.field_lengths(self.title), 1)
        covered = np.minimum(in_title / lengths, 1.0)
        return (covered * (in_title / max(clauses, 1))).astype(np.float32)

    def clause(self, clause: Clause) -> np.ndarray:
        """The best alternative's normalised score per document (and `title_hits`)."""
        self.title_hits = np.zeros(self.view.size, dtype=bool)
        best = np.zeros(self.view.size, dtype=np.float32)
        for words in clause.alternatives:
            if len(words) == 1:
                score = self.word(words[0])
            else:
                score = self.phrase(words)
                self.title_hits |= (score > 0) & self._in_title(words)
            np.maximum(best, score, out=best)
        return best

    def _in_title(self, words: Words) -> np.ndarray:
        """Documents whose strongest field holds every one of `words`."""
        inside = np.ones(self.view.size, dtype=bool)
        for word in words:
            terms = stems(word)
            if len(terms) != 1 or self.title is None:
                continue
            inside &= self.view.holding(self.title, terms[0])
        return inside

    def phrase(self, words: Words) -> np.ndarray:
        """Adjacent in a short field, or every word somewhere in one long field (scored less)."""
        adjacent = self.pairs(words, require=True)
        if not self.long_fields:
            return adjacent
        scores = [self.word(word, compound=False, fields=self.long_fields) for word in words]
        everywhere = np.logical_and.reduce([score > 0 for score in scores])
        scattered = np.where(everywhere, SCATTERED_SHARE * np.mean(scores, axis=0), 0)
        return np.maximum(adjacent, scattered.astype(np.float32))

    def word(self, word: str, compound: bool = True, fields=None) -> np.ndarray:
        """Normalised BM25 of one word over the Text `fields` (and as a joined form of two)."""
        score = np.zeros(self.view.size, dtype=np.float32)
        terms = stems(word)
        if len(terms) != 1:
            return self.phrase(tuple(terms)) if len(terms) > 1 else score
        # Normalised by the strongest field's weight: a word found only in long, weak fields
        # (an article body) scores below the same word in a product's name.
        ideal = 0.0
        strongest_field = np.zeros(self.view.size, dtype=np.float32)
        for field, boost in fields or self.fields:
            if self.view.document_frequency(field, terms[0]):
                idf = self.view.idf(field, terms[0])
                ideal = max(ideal, self.strongest * idf)
                docnums, saturated = self.view.term_scores(field, terms[0])
                found = boost * idf * saturated
                score[docnums] += found
                np.maximum.at(strongest_field, docnums, found)
                if field == self.title:
                    self.title_hits[docnums] = True
        # The best field counts whole, the others a little: repeating a word in every field
        # (title, summary, body, tags) must not outweigh having it where it matters most.
        score = strongest_field + OTHER_FIELDS * (score - strongest_field)
        if compound and word.isalnum() and len(word) >= MIN_COMPOUND:
            if self.view.document_frequency(NEAR, word):
                idf = self.view.idf(NEAR, word)
                ideal = max(ideal, self.strongest * idf)
                docnums, saturated = self.view.term_scores(NEAR, word)
                np.maximum.at(score, docnums, NEAR_SHARE * self.strongest * idf * saturated)
        return score / ideal if ideal else score

    def pairs(self, words: Words, require: bool = False) -> np.ndarray:
        """Normalised score of the adjacent pairs of `words` (all of them, with `require`)."""
        score = np.zeros(self.view.size, dtype=np.float32)
        pairs = [f"{first}{PAIR}{second}" for first, second in zip(words, words[1:], strict=False)]
        if not pairs:
            return self.word(words[0]) if words else score
        found = np.zeros(self.view.size, dtype=np.int16)
        ideal = 0.0
        for pair in pairs:
            weight = self.view.idf(NEAR, pair)
            ideal += weight
            if not self.view.document_frequency(NEAR, pair):
                if require:
                    return score
                continue
            docnums, saturated = self.view.term_scores(NEAR, pair)
            score[docnums] += weight * saturated
            found[docnums] += 1
        if require:
            score[found < len(pairs)] = 0
        return score / ideal if ideal else score

    def measure(self, dimension: str, low: float, high: float) -> np.ndarray:
        """1.0 for documents with a number of `dimension` between `low` and `high`."""
        inside = np.zeros(self.view.size, dtype=bool)
        for number in self.view.document_type.declared(Number):
            if number.dimension == dimension:
                values = self.view.numbers[number.name]
                inside |= (values >= low) & (values <= high)
        return inside.astype(np.float32)

    def codes(self, codes: tuple[str, ...]) -> np.ndarray:
        """Per document: 2 when a typed code equals one of its SKUs, 1 when it starts one."""
        found = np.zeros(self.view.size, dtype=np.int8)
        if not codes:  # the code columns are joined once per generation: only when needed
            return found
        for exact in self.view.document_type.declared(Exact):
            column = self.view.column(exact.name)
            for code in codes:
                start, stop = prefix_range(column.vocabulary, code)
                if start < stop:
                    chosen = (column.ordinals >= start) & (column.ordinals < stop)
                    np.maximum.at(found, column.documents[chosen], 1)
                whole = position_of(column.vocabulary, code)
                if whole is not None:
                    found[column.documents[column.ordinals == whole]] = 2
        return found
