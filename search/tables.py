"""One generation of an index: its segments' columns joined end to end, and term look-ups.

A new generation (one small segment more, a few deletions) costs a concatenation of small
arrays: the segments' own columns are memory-mapped files shared by every worker (see
`search.segments`), and decoded postings are cached per segment (see `search.postings`).
Filters, visibility and facet counts are NumPy operations over whole arrays.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from search.documents import FIELD_SEPARATOR, ROW
from search.postings import PostingsCache
from search.registry import Number
from search.segments import KeywordColumn, SegmentColumns, required_column

VIEW_CACHE_ENTRIES = 64
# Keyword columns with at most this many values keep a bit mask per value (one bit a document):
# filters OR a few of them, facet counts AND each with the filter and count the bits.
MAX_MASKED_VALUES = 512
FREQUENCY_ENTRIES = 50_000
_MISSING = object()


@dataclass
class Segment:
    """One segment of a view: its columns, where its documents start, and its Whoosh reader."""

    id: str
    columns: SegmentColumns
    offset: int
    reader: Any  # a Whoosh segment reader


class IndexView:
    """One generation of an index: searcher, joined columns, term scores and vocabulary."""

    def __init__(
        self,
        searcher,
        directory,
        segments: list[Segment],
        deleted: list[int],
        document_type,
        postings: PostingsCache,
    ) -> None:
        self.searcher = searcher
        self.document_type = document_type
        self.generation = searcher.reader().generation()
        self.directory = directory
        self.users = 0
        self.retired = False
        self.segments = segments
        self.keys = self._joined(lambda columns: columns.keys, np.int64)
        self.statuses = self._joined(lambda columns: columns.statuses, np.int8)
        self.published = self._joined(lambda columns: columns.published, np.float64)
        self.numbers = {
            name: self._joined(lambda columns, name=name: columns.numbers[name], np.float64)
            for name in (number.name for number in document_type.declared(Number))
        }
        self.size = len(self.keys)
        self.live = np.ones(self.size, dtype=bool)
        self.live[deleted] = False
        self.status_codes = {status: code for code, status in enumerate(document_type.statuses)}
        self._columns: dict[str, KeywordColumn] = {}
        self.cache: dict = {}  # per-generation results: visibility, vocabulary, sort ranks
        # Staff's boosts as factors per document: apart from `cache`, which empties when full
        # (distinct filters fill it), since every relevance-ranked search needs them.
        self.boost_factors: dict = {}
        self._postings = postings
        self._frequencies: dict[tuple[str, str], int] = {}
        self.total_documents = max(sum(segment.columns.size for segment in segments), 1)
        self._offsets = [segment.offset for segment in segments]

    def _joined(self, part, dtype) -> np.ndarray:
        if not self.segments:
            return np.zeros(0, dtype=dtype)
        return np.concatenate([part(segment.columns) for segment in self.segments]).astype(
            dtype, copy=False
        )

    def listing(self, docnum: int) -> str:
        """The listing (JSON text) the index stores for document `docnum`."""
        segment = self.segments[bisect_right(self._offsets, docnum) - 1]
        return segment.columns.listings[docnum - segment.offset]

    def memo(self, key: tuple, compute):
        """`compute()`, remembered for this generation under `key`."""
        found = self.cache.get(key, _MISSING)
        if found is _MISSING:
            if len(self.cache) >= VIEW_CACHE_ENTRIES:
                self.cache.clear()
            # Returned as computed: a drainer thread may clear the cache in between.
            self.cache[key] = found = compute()
        return found

    def visible(self, staff: bool, status: str | None, now: datetime) -> np.ndarray:
        """What the caller may see: staff anything (or one `status`), others only live documents."""
        if staff:
            if status:
                return self.live & (self.statuses == self.status_codes[status])
            return self.live.copy()
        return self._public_status() & (self.published <= now.timestamp())

    def next_publication(self, now: datetime) -> float | None:
        """When the first document in a public status that is not live yet goes live (a POSIX
        timestamp), or None if none is scheduled."""
        public = self._public_status()
        moments = self.memo(("publications",), lambda: np.sort(self.published[public]))
        position = int(np.searchsorted(moments, now.timestamp(), side="right"))
        return float(moments[position]) if position < len(moments) else None

    def _public_status(self) -> np.ndarray:
        codes = [self.status_codes[status] for status in self.document_type.public_statuses]
        return self.memo(("public",), lambda: self.live & np.isin(self.statuses, codes))

    def column(self, name: str) -> KeywordColumn:
        """The joined keyword or code column `name`, with one vocabulary for the whole index."""
        if name not in self._columns:
            self._columns[name] = _joined_columns(
                [(segment.columns.columns[name], segment.offset) for segment in self.segments]
            )
        return self._columns[name]

    def value_masks(self, name: str) -> np.ndarray | None:
        """Keyword column `name` as bit masks (see `packed`), one row per value (by ordinal), or
        None when it has more than MAX_MASKED_VALUES values."""
        return self.memo(("value masks", name), lambda: _value_masks(self.column(name), self.size))

    def band_words(self, name: str, low, high) -> np.ndarray:
        """Which documents have number `name` within [low, high] (either bound may be None), as
        packed words (see `packed`)."""
        return self.memo(
            ("between", name, low, high), lambda: packed(between(self.numbers[name], low, high))
        )

    # ---- terms -------------------------------------------------------------------------

    def term_scores(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, saturated term frequencies) of `term` in `field`, all segments."""
        parts = [
            self._postings.saturated(
                (self.directory, segment.id, field, term),
                segment.reader,
                segment.columns,
                field,
                term,
            )
            for segment in self.segments
        ]
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        docnums = np.concatenate(
            [
                found + segment.offset
                for (found, _), segment in zip(parts, self.segments, strict=True)
            ]
        )
        return docnums, np.concatenate([values for _, values in parts])

    def field_lengths(self, field: str) -> np.ndarray:
        """Each document's length of `field` (in indexed terms)."""
        return self.memo(
            ("lengths", field),
            lambda: self._joined(lambda columns: columns.field_lengths(field), np.float32),
        )

    def holding(self, field: str, term: str) -> np.ndarray:
        """A mask of the documents whose `field` holds `term`."""
        mask = np.zeros(self.size, dtype=bool)
        if self.document_frequency(field, term):
            mask[self.term_scores(field, term)[0]] = True
        return mask

    def document_frequency(self, field: str, term: str) -> int:
        """How many documents (deleted ones included, as in BM25's statistics) hold `term`."""
        key = (field, term)
        if key not in self._frequencies:
            if len(self._frequencies) >= FREQUENCY_ENTRIES:
                self._frequencies.clear()
            self._frequencies[key] = sum(
                segment.reader.doc_frequency(field, term) for segment in self.segments
            )
        return self._frequencies[key]

    def idf(self, field: str, term: str) -> float:
        """BM25's inverse document frequency of `term` in `field`."""
        frequency = self.document_frequency(field, term)
        total = self.total_documents
        return float(np.log(1 + (total - frequency + 0.5) / (frequency + 0.5)))

    # ---- vocabulary --------------------------------------------------------------------

    def public_vocabulary(self, now: datetime) -> dict[str, int]:
        """Each word public documents carry, with how many of them carry it.

        Cached by how many documents are public: for a given view that set only grows with
        time, so its size identifies it. Each segment keeps its public counts; only documents
        deleted or not yet published are subtracted here.
        """
        public = self.visible(False, None, now)
        return self.memo(
            ("vocabulary", int(np.count_nonzero(public))), lambda: self._vocabulary(public)
        )

    def _vocabulary(self, public: np.ndarray) -> dict[str, int]:
        codes = [self.status_codes[status] for status in self.document_type.public_statuses]
        counts: dict[str, int] = {}
        for segment in self.segments:
            columns = segment.columns
            local = np.array(columns.public_word_counts, dtype=np.int64)
            window = public[segment.offset : segment.offset + columns.size]
            hidden = np.flatnonzero(np.isin(columns.statuses, codes) & ~window)
            if len(hidden):
                words = columns.words
                gone = np.concatenate([words.values_of(docnum) for docnum in hidden.tolist()])
                local -= np.bincount(gone, minlength=len(local))
            vocabulary = columns.words.vocabulary
            for position in np.flatnonzero(local > 0).tolist():
                word = vocabulary[position].decode()
                counts[word] = counts.get(word, 0) + int(local[position])
        return counts

    def digests(self) -> list[tuple[int, str]]:
        """(key, digest) of every live document, duplicates included (for verification)."""
        pairs = []
        for segment in self.segments:
            rows = required_column(segment.reader, ROW)
            live = self.live[segment.offset : segment.offset + segment.columns.size]
            for docnum in np.flatnonzero(live).tolist():
                parts = rows[docnum].split(FIELD_SEPARATOR.encode())
                pairs.append((int(parts[0]), parts[3].decode()))
        return pairs


def between(values: np.ndarray, low, high) -> np.ndarray:
    """A mask of the `values` within [low, high]; a missing value (NaN) never is."""
    mask = ~np.isnan(values)
    if low is not None:
        mask &= values >= float(low)
    if high is not None:
        mask &= values <= float(high)
    return mask


def packed(mask: np.ndarray) -> np.ndarray:
    """A boolean mask as 64-bit words, one bit a document (the tail padded with zeros): ANDs and
    bit counts then take an eighth of the operations they take on bytes."""
    size = len(mask)
    words = np.zeros((size + 63) // 64 * 8, dtype=np.uint8)
    words[: (size + 7) // 8] = np.packbits(mask)
    return words.view(np.uint64)


def unpacked(words: np.ndarray, size: int) -> np.ndarray:
    """The boolean mask of `size` documents that `packed` made `words` of."""
    return np.unpackbits(words.view(np.uint8), count=size).view(bool)


def _value_masks(column: KeywordColumn, size: int) -> np.ndarray | None:
    values = len(column.vocabulary)
    if values > MAX_MASKED_VALUES:
        return None
    # Each (document, value) pair sets its document's bit in its value's row, laid out as
    # `packed` lays out one mask: byte d // 8, most significant bit first.
    masks = np.zeros((values, (size + 63) // 64 * 8), dtype=np.uint8)
    documents = column.documents.astype(np.int64)
    bits = (0x80 >> (documents & 7)).astype(np.uint8)
    np.bitwise_or.at(masks, (column.ordinals, documents >> 3), bits)
    return masks.view(np.uint64)


def position_of(vocabulary: np.ndarray, value: str) -> int | None:
    """Where `value` sits in a sorted vocabulary of UTF-8 bytes, or None."""
    encoded = value.encode()
    position = int(np.searchsorted(vocabulary, encoded))
    found = position < len(vocabulary) and vocabulary[position] == encoded
    return position if found else None


def prefix_range(vocabulary: np.ndarray, prefix: str) -> tuple[int, int]:
    """The positions [start, stop) of the values starting with `prefix` in a sorted vocabulary."""
    encoded = prefix.encode()
    start = int(np.searchsorted(vocabulary, encoded))
    return start, int(np.searchsorted(vocabulary, encoded + b"\xff"))


def _joined_columns(columns: list[tuple[KeywordColumn, int]]) -> KeywordColumn:
    labels: dict[str, str] = {}
    for column, _ in columns:
        labels.update(column.labels)
    vocabulary, positions = merged_vocabularies([column.vocabulary for column, _ in columns])
    documents, ordinals = [], []
    for (column, offset), position in zip(columns, positions, strict=True):
        documents.append(column.documents + np.int32(offset))
        ordinals.append(position[column.ordinals])
    return KeywordColumn(
        vocabulary,
        labels,
        np.concatenate(documents).astype(np.int32) if documents else np.zeros(0, dtype=np.int32),
        np.concatenate(ordinals).astype(np.int32) if ordinals else np.zeros(0, dtype=np.int32),
    )


def merged_vocabularies(vocabularies: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """The sorted union of sorted, distinct `vocabularies`, and where each one's values sit in it.

    A stable sort of sorted runs only merges them (timsort), where `np.unique` and a search per
    value sorted everything again: a view with a large segment and a few small ones joins its
    SKU column in milliseconds instead of a tenth of a second after every change.
    """
    if not vocabularies:
        return np.zeros(0, "S1"), []
    flat = np.concatenate(vocabularies)
    order = np.argsort(flat, kind="stable")
    ordered = flat[order]
    fresh = np.ones(len(ordered), dtype=bool)
    fresh[1:] = ordered[1:] != ordered[:-1]
    positions = np.empty(len(flat), dtype=np.int64)
    positions[order] = np.cumsum(fresh) - 1
    bounds = np.cumsum([0, *map(len, vocabularies)])
    return ordered[fresh], [positions[bounds[i] : bounds[i + 1]] for i in range(len(vocabularies))]
