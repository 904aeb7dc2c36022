"""Per-segment arrays of keys, statuses, dates, keywords and numbers, joined per index generation.

Segments are immutable, so a segment's table is split from its `row` column once per process and
kept while the segment lives; a new generation (one small segment more, a few deletions) costs a
concatenation. Filters, visibility and facet counts are then NumPy operations over whole arrays,
which is what keeps faceted, filtered queries fast at 100k documents.
"""

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

import numpy as np

from search.documents import FIELD_SEPARATOR, LABELS, ROW, VALUE_SEPARATOR
from search.registry import DocumentType, Keyword, Number

VIEW_CACHE_ENTRIES = 256
FIELD = FIELD_SEPARATOR.encode()
VALUE = VALUE_SEPARATOR.encode()


@dataclass
class KeywordColumn:
    """(document, value) pairs of one keyword field; `vocabulary[ordinal]` is the slug."""

    vocabulary: list[str]
    labels: dict[str, str]
    documents: np.ndarray  # int64 document numbers
    ordinals: np.ndarray  # int64 positions in `vocabulary`


class SegmentTable:
    """Everything filters and facets need from one Whoosh segment, as arrays."""

    def __init__(self, reader, document_type: DocumentType) -> None:
        self.size = reader.doc_count_all()
        numbers = [number.name for number in document_type.declared(Number)]
        keywords = document_type.declared(Keyword)
        width = 5 + len(numbers) + len(keywords)
        rows = [raw.split(FIELD) for raw in reader.column_reader(ROW)]
        columns = list(zip(*rows, strict=True)) if rows else [()] * width
        self.keys = np.array(columns[0], dtype=np.bytes_).astype(np.int64)
        self.statuses = np.array(columns[1], dtype=np.bytes_).astype("U32")
        self.published = _floats(columns[2])
        self._digests = columns[3]
        self.numbers = {name: _floats(columns[4 + i]) for i, name in enumerate(numbers)}
        labels = reader.column_reader(LABELS)
        self.keywords = {
            keyword.name: _split(columns[4 + len(numbers) + i], labels, keyword)
            for i, keyword in enumerate(keywords)
        }
        self._words = columns[-1]

    @cached_property
    def words(self) -> KeywordColumn:
        """The suggestion words of each document (parsed when first needed)."""
        return _split(self._words, None, None)

    def digest(self, docnum: int) -> str:
        """The fingerprint of the document `docnum` as it was indexed."""
        return self._digests[docnum].decode()


def _floats(values) -> np.ndarray:
    return np.array(values, dtype=np.bytes_).astype(np.float64)


def _split(values, labels, keyword: Keyword | None) -> KeywordColumn:
    """Separator-joined values per document into (document, ordinal) pairs, in C-level passes."""
    if keyword is not None and not keyword.multiple:
        single = np.array(values, dtype=np.bytes_)
        documents = np.flatnonzero(single != b"")
        flat = single[documents]
    else:
        split = [value.split(VALUE) if value else [] for value in values]
        counts = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        flat = np.array(list(chain.from_iterable(split)), dtype=np.bytes_)
        documents = np.repeat(np.arange(len(split), dtype=np.int64), counts)
    vocabulary, first, ordinals = np.unique(flat, return_index=True, return_inverse=True)
    slugs = [value.decode() for value in vocabulary.tolist()]
    named = {}
    if keyword is not None and keyword.facet:
        for slug, docnum in zip(slugs, documents[first].tolist(), strict=True):
            named[slug] = json.loads(labels[docnum])[keyword.name].get(slug, slug)
    return KeywordColumn(
        slugs, {slug: named.get(slug, slug) for slug in slugs}, documents, ordinals.ravel()
    )


class IndexView:
    """One generation of an index: its searcher and its segments' tables joined end to end."""

    def __init__(
        self,
        searcher,
        directory,
        tables: list[tuple[SegmentTable, int]],
        deleted: list[int],
        document_type,
        matches: "SegmentMatches",
    ) -> None:
        self.searcher = searcher
        self.document_type = document_type
        self.generation = searcher.reader().generation()
        self.directory = directory
        self.users = 0
        self.retired = False
        self.keys = _joined(tables, lambda table: table.keys, np.int64)
        self.statuses = _joined(tables, lambda table: table.statuses, "U32")
        self.published = _joined(tables, lambda table: table.published, np.float64)
        self.numbers = {
            name: _joined(tables, lambda table, name=name: table.numbers[name], np.float64)
            for name in (number.name for number in document_type.declared(Number))
        }
        self.size = len(self.keys)
        self.live = self.keys >= 0
        self.live[deleted] = False
        self._tables = tables
        self._keywords: dict[str, KeywordColumn] = {}
        self.cache: dict = {}  # per-generation results of queries and visibility counts
        self._matches = matches

    def memo(self, key: tuple, compute):
        """`compute()`, remembered for this generation under `key`."""
        if key not in self.cache:
            if len(self.cache) >= VIEW_CACHE_ENTRIES:
                self.cache.clear()
            self.cache[key] = compute()
        return self.cache[key]

    def visible(self, staff: bool, status: str | None, now) -> np.ndarray:
        """What the caller may see: staff anything (or one `status`), others only live documents."""
        if staff:
            return self.live & (self.statuses == status) if status else self.live.copy()
        public = self.memo(
            ("public",),
            lambda: self.live & np.isin(self.statuses, list(self.document_type.public_statuses)),
        )
        return public & (self.published <= now.timestamp())

    def keyword(self, name: str) -> KeywordColumn:
        """The joined column of keyword `name`, with one vocabulary for the whole index."""
        if name not in self._keywords:
            self._keywords[name] = _joined_keywords(
                [(table.keywords[name], offset) for table, offset in self._tables]
            )
        return self._keywords[name]

    def scored(self, query) -> tuple[np.ndarray, np.ndarray]:
        """Which live documents match `query` (a mask) and their relevance scores."""
        context = self.searcher.context(needs_current=True)
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        for subsearcher, offset in self.searcher.leaf_searchers():
            reader = subsearcher.reader()
            if reader.doc_count_all():
                key = (self.directory, reader.segment().segment_id(), query)
                docnums, values = self._matches.get(
                    key, lambda sub=subsearcher: _score_segment(query, sub, context)
                )
                mask[docnums + offset] = True
                scores[docnums + offset] = values
        return mask & self.live, scores

    @cached_property
    def words(self) -> KeywordColumn:
        """Suggestion words of every document, for completions and corrections."""
        return _joined_keywords([(table.words, offset) for table, offset in self._tables])

    def digests(self) -> list[tuple[int, str]]:
        """(key, digest) of every live document, duplicates included (for verification)."""
        pairs = []
        for table, offset in self._tables:
            for docnum in np.flatnonzero(self.live[offset : offset + table.size]).tolist():
                pairs.append((int(table.keys[docnum]), table.digest(docnum)))
        return pairs

    def word_counts(self, visible: np.ndarray) -> np.ndarray:
        """How many `visible` documents carry each word of `words.vocabulary`."""
        words = self.words
        return np.bincount(
            words.ordinals[visible[words.documents]], minlength=len(words.vocabulary)
        )


class SegmentMatches:
    """Scored matches of recent queries per segment, shared by every view of a process.

    A segment never changes, so its matches stay valid for as long as it lives; a new
    generation only scores its new segments. Scores keep the collection statistics of the
    generation that first asked, which later edits move by a fraction of a percent.
    """

    def __init__(self, capacity: int = 1024) -> None:
        self._entries: OrderedDict = OrderedDict()
        self._capacity = capacity
        self._guard = threading.Lock()

    def get(self, key, compute) -> tuple[np.ndarray, np.ndarray]:
        """The cached value of `key`, computed (outside the lock) when missing."""
        with self._guard:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._guard:
            self._entries[key] = value
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return value


def _score_segment(query, subsearcher, context) -> tuple[np.ndarray, np.ndarray]:
    matcher = query.matcher(subsearcher, context)
    docnums, scores = [], []
    while matcher.is_active():
        docnums.append(matcher.id())
        scores.append(matcher.score())
        matcher.next()
    return np.array(docnums, dtype=np.int64), np.array(scores, dtype=np.float64)


def _joined(tables, part, dtype) -> np.ndarray:
    if not tables:
        return np.zeros(0, dtype=dtype)
    return np.concatenate([part(table) for table, _ in tables]).astype(dtype, copy=False)


def _joined_keywords(columns: list[tuple[KeywordColumn, int]]) -> KeywordColumn:
    labels: dict[str, str] = {}
    for column, _ in columns:
        for slug in column.vocabulary:
            labels.setdefault(slug, column.labels[slug])
    vocabulary = sorted(labels)
    ordered = np.array(vocabulary, dtype=object)
    documents, ordinals = [], []
    for column, offset in columns:
        documents.append(column.documents + offset)
        remap = np.searchsorted(ordered, np.array(column.vocabulary, dtype=object))
        ordinals.append(remap[column.ordinals] if column.vocabulary else column.ordinals)
    return KeywordColumn(
        vocabulary,
        labels,
        np.concatenate(documents) if documents else np.zeros(0, dtype=np.int64),
        np.concatenate(ordinals) if ordinals else np.zeros(0, dtype=np.int64),
    )
