"""Distinct search queries drawn from the indexed corpus: words, phrases, typos, filters, facets.

Each query text is used once, so a result cache never answers one (terms do repeat across
queries, as they do for real users). Words are sampled by occurrence, so common words come up
more often than rare ones, as in real query logs.
"""

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from catalog.synthetic_text import GLUE_WORDS

SEARCH = "/api/v1/search"
SUGGEST = "/api/v1/search/suggest"
KINDS = (
    "one word",
    "two words",
    "three words",
    "quoted phrase",
    "misspelt",
    "filtered",
    "faceted",
)
EDITS = ("deletion", "substitution", "transposition")
SENTENCE_END = re.compile(r"[.!?:;\n]+")
WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
PLAIN_WORD = re.compile(r"[a-z]{5,}")  # what a typo is made from: letters only, 5 or more
LETTERS = "abcdefghijklmnopqrstuvwxyz"
PRICE_FLOORS = (0, 50, 100, 150, 200, 300, 500)
PRICE_SPANS = (100, 150, 250, 400)
FACETS = ("brand", "category", "certification", "handle_type", "mounting")
ATTEMPTS = 1_000  # draws allowed per query before the corpus is deemed too small


@dataclass(frozen=True)
class Query:
    """One search as a user sends it: the text and any filters, of a named kind."""

    kind: str
    text: str
    filters: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        """The /api/v1/search URL, every value quoted."""
        return f"{SEARCH}?{urlencode([('q', self.text), *self.filters])}"


def suggest_path(prefix: str) -> str:
    """The /api/v1/search/suggest URL of what a user has typed so far."""
    return f"{SUGGEST}?{urlencode({'q': prefix})}"


@dataclass
class Corpus:
    """Sentences (lowercase words) sampled from the indexed documents, and the filter values."""

    sentences: list[list[str]]
    finishes: list[str]
    facets: dict[str, list[str]]

    @classmethod
    def from_texts(cls, texts: list[str], finishes: list[str], facets: dict[str, list[str]]):
        """Split texts (plain or Markdown) into sentences of words."""
        sentences = [
            words
            for text in texts
            for part in SENTENCE_END.split(text.lower())
            if (words := WORD.findall(part))
        ]
        return cls(sentences, finishes, facets)


class QueryMaker:
    """Draws queries of each kind from a corpus, never the same text twice."""

    def __init__(self, corpus: Corpus, rng: random.Random) -> None:
        self.corpus, self.rng = corpus, rng
        self.seen: set[str] = set()
        self.edits = 0  # misspellings made so far: the kind of edit goes round EDITS
        self.makers: dict[str, Callable[[], Query | None]] = {
            "one word": lambda: self.words("one word", 1),
            "two words": lambda: self.words("two words", 2),
            "three words": lambda: self.words("three words", 3),
            "quoted phrase": self.phrase,
            "misspelt": self.misspelt,
            "filtered": self.filtered,
            "faceted": self.faceted,
        }

    def mix(self, per_kind: int) -> list[Query]:
        """`per_kind` fresh queries of every kind, shuffled so each kind spreads over the run."""
        queries = [self.make(kind) for kind in KINDS for _ in range(per_kind)]
        self.rng.shuffle(queries)
        return queries

    def make(self, kind: str) -> Query:
        """A query of `kind` whose text no earlier query had."""
        for _ in range(ATTEMPTS):
            query = self.makers[kind]()
            if query is not None and query.text not in self.seen:
                self.seen.add(query.text)
                return query
        raise RuntimeError(f"the corpus sample ran out of distinct {kind!r} queries")

    def prefixes(self, count: int) -> list[str]:
        """`count` distinct things a user may have typed: a word's start, or a word and a start."""
        found: dict[str, None] = {}
        for _ in range(count * ATTEMPTS):
            if len(found) == count:
                return list(found)
            window = self.window(self.rng.choice((1, 1, 1, 2)))
            if window is None or len(window[-1]) < 3:
                continue
            cut = self.rng.randint(2, min(len(window[-1]), 6))
            found[" ".join([*window[:-1], window[-1][:cut]])] = None
        raise RuntimeError("the corpus sample ran out of distinct prefixes")

    def window(self, size: int, *, adjacent: bool = False) -> list[str] | None:
        """`size` words in a row from a random sentence, glue words skipped (unless `adjacent`)."""
        sentence = self.rng.choice(self.corpus.sentences)
        if not adjacent:
            sentence = [word for word in sentence if word not in GLUE_WORDS]
        if len(sentence) < size:
            return None
        start = self.rng.randrange(len(sentence) - size + 1)
        words = sentence[start : start + size]
        return None if any(word in GLUE_WORDS for word in words) else words

    def words(self, kind: str, size: int, filters: Sequence[tuple[str, str]] = ()) -> Query | None:
        window = self.window(size)
        return None if window is None else Query(kind, " ".join(window), tuple(filters))

    def phrase(self) -> Query | None:
        window = self.window(self.rng.choice((2, 2, 3)), adjacent=True)
        return None if window is None else Query("quoted phrase", f'"{" ".join(window)}"')

    def misspelt(self) -> Query | None:
        window = self.window(self.rng.choice((1, 2)))
        if window is None or not PLAIN_WORD.fullmatch(window[0]):
            return None
        edit = EDITS[self.edits % len(EDITS)]
        typo = one_edit(window[0], edit, self.rng)
        if typo == window[0]:
            return None
        self.edits += 1
        return Query("misspelt", " ".join([typo, *window[1:]]))

    def filtered(self) -> Query | None:
        rng, filters = self.rng, []
        chosen = rng.sample(("finish", "price", "in_stock"), rng.randint(1, 3))
        if "finish" in chosen:
            filters.append(("finish", rng.choice(self.corpus.finishes)))
        if "price" in chosen:
            low = rng.choice(PRICE_FLOORS)
            filters += [("min_price", str(low)), ("max_price", str(low + rng.choice(PRICE_SPANS)))]
        if "in_stock" in chosen:
            filters.append(("in_stock", "true"))
        return self.words("filtered", rng.choice((1, 1, 2)), filters)

    def faceted(self) -> Query | None:
        names = [name for name in FACETS if self.corpus.facets.get(name)]
        chosen = self.rng.sample(names, self.rng.randint(1, min(2, len(names))))
        filters = [(name, self.rng.choice(self.corpus.facets[name])) for name in chosen]
        return self.words("faceted", self.rng.choice((1, 1, 2)), filters)


def one_edit(word: str, edit: str, rng: random.Random) -> str:
    """`word` with one letter deleted, replaced, or swapped with its neighbour (not the first)."""
    # Typos rarely hit the first letter, and spellers often key on it.
    position = rng.randrange(1, len(word) - 1)
    if edit == "deletion":
        return word[:position] + word[position + 1 :]
    if edit == "substitution":
        letter = rng.choice(LETTERS.replace(word[position], ""))
        return word[:position] + letter + word[position + 1 :]
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
