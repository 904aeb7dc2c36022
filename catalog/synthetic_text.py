"""Synthetic text for benchmarks: a Zipf-like vocabulary of trade and made-up words, series names,
and a writer of product names, sentences and Markdown descriptions, all from seeded randomness.
"""

import random
from collections.abc import Collection, Sequence
from functools import cache

import numpy as np

# The vocabulary, most frequent first: glue words, then trade words spread through the head.
GLUE_WORDS = (
    "the", "and", "with", "a", "for", "to", "of", "in", "on", "that", "is", "it", "by", "from",
    "or", "at", "as", "each", "every", "your", "its", "this", "without", "into", "over", "more",
)  # fmt: skip
TRADE_WORDS = (
    "faucet", "tap", "mixer", "spout", "handle", "valve", "cartridge", "ceramic", "brass", "chrome",
    "kitchen", "bathroom", "basin", "aerator", "finish", "flow", "lever", "nickel", "sprayer",
    "pull-down", "pull-out", "deck", "lead-free", "stainless", "gunmetal", "matte", "brushed",
    "polished", "lavatory", "sink", "hose", "supply", "seal", "swivel", "gooseneck", "sensor",
    "touchless", "thermostatic", "widespread", "centerset", "bridge", "wall-mounted", "crosshead",
    "escutcheon", "diverter", "quarter-turn", "drip-free", "spray", "stream", "vessel", "filler",
    "countertop", "installation", "drain", "pop-up", "shower", "temperature", "pressure", "hot",
    "cold", "single-hole", "limescale", "corrosion", "plating", "magnetic", "docking", "washer",
    "gasket", "shank", "locknut", "backplate", "bathtub", "vanity", "prep", "bar", "restrictor",
)  # fmt: skip
TRADE_WORD_SPACING = 4  # ranks between two trade words, so they fill roughly the top 300 ranks
VOCABULARY_SIZE = 8_000  # made-up words, after the glue and trade words
SERIES_COUNT = 400
ZIPF_EXPONENT = 1.0
SYLLABLE_ONSETS = (
    "b", "bl", "br", "c", "ch", "cl", "cr", "d", "dr", "f", "fl", "fr", "g", "gl", "gr", "h", "j",
    "k", "l", "m", "n", "p", "pl", "pr", "r", "s", "sh", "sl", "sp", "st", "t", "th", "tr", "v",
    "w", "z",
)  # fmt: skip
INNER_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "nd", "st")
SYLLABLE_NUCLEI = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ee", "ou")
SYLLABLE_CODAS = ("", "", "n", "r", "l", "s", "m", "nd", "nt", "rk", "st", "th", "x")

MIN_WORDS, TYPICAL_WORDS, MAX_WORDS = 40, 80, 200  # of a description's plain text
SENTENCE_WORDS = (6, 16)
BULLET_WORDS = (3, 7)


def zipf_weights(count: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    """The weights rank ** -exponent of `count` items ranked from the most common."""
    return [(rank + 1) ** -exponent for rank in range(count)]


class _Urn:
    """Words with weights, drawn many at a time by NumPy: per word, far cheaper than `random`."""

    def __init__(self, words: Sequence[str], weights: Sequence[float]) -> None:
        self.words = np.array(words, dtype=object)
        self.bounds = np.cumsum(weights) / sum(weights)
        self.bounds[-1] = 1.0  # draws are below 1, so every one lands on a word

    def draw(self, source: np.random.Generator, count: int) -> list[str]:
        return self.words[self.bounds.searchsorted(source.random(count), side="right")].tolist()


class Vocabulary:
    """Words in rank order, drawn with Zipf weights: the first is the most frequent."""

    def __init__(
        self, words: Sequence[str], exponent: float = ZIPF_EXPONENT, weak: Collection[str] = ()
    ) -> None:
        self.words = tuple(words)
        weights = zipf_weights(len(self.words), exponent)
        self.urn = _Urn(self.words, weights)
        # Weak words ("the", "and" …) do not end a phrase; endings keep the others' weights.
        strong = [
            (word, weight)
            for word, weight in zip(self.words, weights, strict=True)
            if word not in weak
        ]
        self.endings = _Urn(*zip(*strong, strict=True))

    def draw(self, source: np.random.Generator, count: int) -> list[str]:
        """`count` words drawn independently by rank."""
        return self.urn.draw(source, count)

    def phrases(self, source: np.random.Generator, lengths: Sequence[int]) -> list[list[str]]:
        """Phrases of the given lengths (at least 1), none ending with a weak word."""
        words = self.urn.draw(source, sum(lengths) - len(lengths))
        endings = self.endings.draw(source, len(lengths))
        phrases, start = [], 0
        for length, ending in zip(lengths, endings, strict=True):
            phrases.append([*words[start : start + length - 1], ending])
            start += length - 1
        return phrases


def pseudo_words(count: int, seed: str, avoid: Collection[str] = ()) -> list[str]:
    """`count` distinct pronounceable made-up lowercase words; the same seed gives the same ones."""
    rng = random.Random(seed)  # noqa: S311  (made-up words, not secrets)
    words: dict[str, None] = {}
    while len(words) < count:
        syllables = rng.choices((1, 2, 3), weights=(15, 60, 25))[0]
        onsets = [rng.choice(SYLLABLE_ONSETS), *rng.choices(INNER_ONSETS, k=syllables - 1)]
        word = "".join(onset + rng.choice(SYLLABLE_NUCLEI) for onset in onsets)
        word += rng.choice(SYLLABLE_CODAS)
        if len(word) >= 4 and word not in avoid:
            words[word] = None
    return list(words)


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary products (and the benchmarks' articles) are written in."""
    ranked = pseudo_words(VOCABULARY_SIZE, "vocabulary", avoid={*GLUE_WORDS, *TRADE_WORDS})
    for position, word in enumerate(TRADE_WORDS):
        ranked.insert(position * TRADE_WORD_SPACING, word)
    return Vocabulary([*GLUE_WORDS, *ranked], weak=GLUE_WORDS)


@cache
def series_names() -> Vocabulary:
    """Brand-like series names, never a vocabulary word, so a series is found by name only."""
    names = pseudo_words(SERIES_COUNT, "series", avoid=set(vocabulary().words))
    return Vocabulary([name.capitalize() for name in names])


def _punctuated(phrases: list[list[str]]) -> list[list[str]]:
    """The phrases as sentences: a capital first and a full stop last."""
    for phrase in phrases:
        phrase[0] = phrase[0].capitalize()
        phrase[-1] += "."
    return phrases


class Writer:
    """Text in the shared vocabulary from a seeded source: the same seed writes the same text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng  # shapes: lengths, paragraphs, bullets
        self.source = np.random.default_rng(rng.getrandbits(64))  # words
        self.vocabulary = vocabulary()

    def phrase(self, length: int) -> str:
        """A few words that do not end on a weak one."""
        return " ".join(self.vocabulary.phrases(self.source, [length])[0])

    def prose(self, words: int) -> list[list[str]]:
        """Sentences (lists of words) of `words` words in all: capitalised, with a full stop."""
        return _punctuated(self.vocabulary.phrases(self.source, self.sentence_lengths(words)))

    def sentence_lengths(self, words: int) -> list[int]:
        """Lengths of sentences that add up to `words`, none shorter than four words."""
        lengths = []
        while words > 0:
            length = min(self.rng.randint(*SENTENCE_WORDS), words)
            if words - length < 4:
                length = words
            lengths.append(length)
            words -= length
        return lengths

    def description(self) -> tuple[str, str]:
        """A description of 40–200 words (paragraphs, then a bullet list) as Markdown and HTML.

        The HTML is what `core.markup.render_markdown` makes of the Markdown, built alongside:
        rendering 100,000 descriptions would take longer than generating everything else.
        """
        rng = self.rng
        total = round(rng.triangular(MIN_WORDS, MAX_WORDS, TYPICAL_WORDS))
        bullets = [rng.randint(*BULLET_WORDS) for _ in range(rng.randint(2, 5))]
        while sum(bullets) > total // 2:
            bullets.pop()
        lengths = self.sentence_lengths(total - sum(bullets))
        # One draw for sentences and bullets alike: each draw has a fixed cost worth saving.
        phrases = self.vocabulary.phrases(self.source, [*lengths, *(n - 1 for n in bullets)])
        sentences = _punctuated(phrases[: len(lengths)])
        breaks = sorted(
            rng.sample(range(1, len(lengths)), min(rng.randint(0, 2), len(lengths) - 1))
        )
        markdown, html = [], []
        for start, end in zip([0, *breaks], [*breaks, len(lengths)], strict=True):
            words = [word for sentence in sentences[start:end] for word in sentence]
            if start == 0 and lengths[0] >= 5 and rng.random() < 0.5:
                # Two words in bold, away from the sentence's capital and its full stop.
                first, bold, rest = words[0], " ".join(words[1:3]), " ".join(words[3:])
                markdown.append(f"{first} **{bold}** {rest}")
                html.append(f"<p>{first} <strong>{bold}</strong> {rest}</p>\n")
            else:
                markdown.append(" ".join(words))
                html.append(f"<p>{markdown[-1]}</p>\n")
        # Each bullet opens with a trade word, then runs on in the vocabulary.
        openers = rng.choices(TRADE_WORDS, k=len(bullets))
        items = [
            f"{opener.capitalize()} {' '.join(phrase)}"
            for opener, phrase in zip(openers, phrases[len(lengths) :], strict=True)
        ]
        markdown.append("\n".join(f"- {item}" for item in items))
        html.append("<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>\n")
        return "\n\n".join(markdown), "".join(html)
