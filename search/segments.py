"""Per-segment columns (keys, statuses, numbers, keywords, words, field lengths) as shared arrays.

A Whoosh segment never changes, so the first process that opens one splits its `row` column and
reads its field lengths once, then writes the arrays beside the segment (`<segment>.cols`, which
Whoosh deletes with the segment). Every worker memory-maps that file: the pages are shared
through the OS page cache rather than rebuilt and copied in each process. A read-only index
directory only loses the sharing: the arrays are then built in memory.
"""

import json
import logging
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

from search.documents import FIELD_SEPARATOR, LABELS, LISTING, NEAR, ROW, VALUE_SEPARATOR
from search.registry import DocumentType, Exact, Keyword, Number, Text

log = logging.getLogger(__name__)
FIELD = FIELD_SEPARATOR.encode()
VALUE = VALUE_SEPARATOR.encode()
MAGIC = b"SEGCOLS5"
ALIGN = 64
BYTE_LENGTHS = np.array([byte_to_length(code) for code in range(256)], dtype=np.float32)


@dataclass
class KeywordColumn:
    """(document, value) pairs of one multi-valued column; `vocabulary[ordinal]` is the value.

    Vocabularies are sorted arrays of UTF-8 bytes (memory-mapped, not Python strings: a SKU or
    name column holds one value per product); `labels` names the values of facet keywords.
    """

    vocabulary: np.ndarray
    labels: dict[str, str]
    documents: np.ndarray  # document numbers, ascending
    ordinals: np.ndarray  # positions in `vocabulary` (sorted)


@dataclass
class WordColumn:
    """The suggestion words of each document: `ordinals[offsets[d]:offsets[d + 1]]` (CSR)."""

    vocabulary: np.ndarray  # sorted UTF-8 bytes
    offsets: np.ndarray
    ordinals: np.ndarray

    def values_of(self, docnum: int) -> np.ndarray:
        """The ordinals of one document's words."""
        return self.ordinals[self.offsets[docnum] : self.offsets[docnum + 1]]


class Listings:
    """Each document's stored listing (JSON), as one blob and the offsets into it.

    A listing page reads a few dozen of them: Whoosh's stored fields would unpickle and inflate
    each one. The blob is read with `pread` rather than through the memory map, so the pages
    read stay in the OS cache, out of every worker's resident memory.
    """

    def __init__(self, offsets: np.ndarray, read: Callable[[int, int], bytes]) -> None:
        self.offsets = offsets
        self._read = read

    def __getitem__(self, docnum: int) -> str:
        start, stop = self.offsets[docnum : docnum + 2].tolist()
        return self._read(start, stop - start).decode()


def _listings_in_memory(offsets: np.ndarray, blob: np.ndarray) -> Listings:
    data = blob.tobytes()
    return Listings(offsets, lambda start, length: data[start : start + length])


def _listings_in_file(offsets: np.ndarray, path: Path, position: int) -> Listings:
    descriptor = os.open(path, os.O_RDONLY)
    listings = Listings(
        offsets, lambda start, length: os.pread(descriptor, length, position + start)
    )
    weakref.finalize(listings, os.close, descriptor)
    return listings


class SegmentColumns:
    """Everything filters, facets, scoring and spelling need from one segment, as arrays."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict, listings: Listings) -> None:
        self.size = int(meta["size"])
        self.listings = listings
        self.total_lengths: dict[str, float] = meta["total_lengths"]
        self.keys = arrays["keys"]
        self.statuses = arrays["statuses"]  # int8 positions in the type's `statuses`
        self.published = arrays["published"]
        self.numbers = {name: arrays[f"number:{name}"] for name in meta["numbers"]}
        self.lengths = {name: arrays[f"length:{name}"] for name in meta["lengths"]}
        self.columns = {
            name: KeywordColumn(
                arrays[f"vocabulary:{name}"],
                meta["labels"].get(name, {}),
                arrays[f"documents:{name}"],
                arrays[f"ordinals:{name}"],
            )
            for name in meta["columns"]
            if name != WORDS
        }
        self.words = WordColumn(
            arrays[f"vocabulary:{WORDS}"], arrays[f"offsets:{WORDS}"], arrays[f"ordinals:{WORDS}"]
        )
        # How many documents with a public status carry each word (deletions not subtracted).
        self.public_word_counts = arrays["public_word_counts"]

    def average_length(self, field: str) -> float:
        """Mean length of `field` in this segment (BM25's normaliser)."""
        return max(self.total_lengths.get(field, 0.0) / max(self.size, 1), 1.0)

    def field_lengths(self, field: str) -> np.ndarray:
        """Each document's length of `field`, decoded from Whoosh's one-byte encoding."""
        return BYTE_LENGTHS[self.lengths[field]]


WORDS = "_words"
LISTING_OFFSETS = "listing_offsets"
LISTING_BLOB = "listings"


def load_columns(reader, directory: Path, document_type: DocumentType) -> SegmentColumns:
    """The columns of the segment `reader` reads: mapped from its file, or built (and saved)."""
    path = directory / f"{reader.segment().segment_id()}.cols"
    try:
        return _mapped(path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        log.warning("rebuilding unreadable segment columns %s", path, exc_info=True)
    arrays, meta = _build(reader, document_type)
    try:
        _save(path, arrays, meta)
        return _mapped(path)
    except OSError as error:
        log.info("segment columns kept in memory (%s): %s", path.name, error)
        return SegmentColumns(
            arrays, meta, _listings_in_memory(arrays[LISTING_OFFSETS], arrays[LISTING_BLOB])
        )


def _build(reader, document_type: DocumentType) -> tuple[dict[str, np.ndarray], dict]:
    size = reader.doc_count_all()
    numbers = [number.name for number in document_type.declared(Number)]
    keywords = document_type.declared(Keyword)
    exacts = document_type.declared(Exact)
    width = 5 + len(numbers) + len(keywords) + len(exacts)
    rows = [raw.split(FIELD) for raw in required_column(reader, ROW)]
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    position = {status: code for code, status in enumerate(document_type.statuses)}
    statuses = np.array([position[value.decode()] for value in columns[1]], dtype=np.int8)
    arrays: dict[str, np.ndarray] = {
        "keys": np.array(columns[0], dtype=np.bytes_).astype(np.int64),
        "statuses": statuses,
        "published": _floats(columns[2]),
    }
    for i, name in enumerate(numbers):
        arrays[f"number:{name}"] = _floats(columns[4 + i])
    labels_column = required_column(reader, LABELS)
    meta: dict = {"size": size, "numbers": numbers, "columns": [], "labels": {}}
    split = [
        (keyword.name, columns[4 + len(numbers) + i], keyword) for i, keyword in enumerate(keywords)
    ]
    split += [(exact.name, columns[4 + len(numbers) + len(keywords) + i], None) for i, exact in
              enumerate(exacts)]  # fmt: skip
    split.append((WORDS, columns[-1], None))
    for name, values, keyword in split:
        column = _split(values, labels_column, keyword)
        meta["columns"].append(name)
        arrays[f"vocabulary:{name}"] = column.vocabulary
        if keyword is not None and keyword.facet:
            meta["labels"][name] = column.labels
        arrays[f"ordinals:{name}"] = column.ordinals.astype(np.int32)
        if name == WORDS:  # documents are implied by the offsets: half the size
            boundaries = np.searchsorted(column.documents, np.arange(size + 1))
            arrays[f"offsets:{name}"] = boundaries.astype(np.int64)
        else:
            arrays[f"documents:{name}"] = column.documents.astype(np.int32)
    public = np.isin(statuses, [position[status] for status in document_type.public_statuses])
    arrays["public_word_counts"] = np.bincount(
        column.ordinals[public[column.documents]], minlength=len(column.vocabulary)
    ).astype(np.int32)
    fields = [text.name for text in document_type.declared(Text)] + [NEAR]
    meta["lengths"] = fields
    meta["total_lengths"] = {name: float(reader.field_length(name)) for name in fields}
    for name in fields:
        arrays[f"length:{name}"] = _length_bytes(reader, name, size)
    listings = [reader.stored_fields(docnum).get(LISTING, "{}").encode() for docnum in range(size)]
    arrays[LISTING_OFFSETS] = np.cumsum([0, *map(len, listings)], dtype=np.int64)
    arrays[LISTING_BLOB] = np.frombuffer(b"".join(listings), dtype=np.uint8)
    return arrays, meta


def _length_bytes(reader, field: str, size: int) -> np.ndarray:
    """The one-byte encoded lengths of `field` per document (0 where empty)."""
    lengths = np.zeros(size, dtype=np.uint8)
    perdoc = reader._perdoc  # Whoosh keeps lengths in a per-document column of its own
    name = f"_{field}_len"
    if perdoc.has_column(name):
        column = perdoc.column_reader(name, LENGTHS_COLUMN)
        raw = column._dbfile.get(column._basepos, column._count)
        lengths[: column._count] = np.frombuffer(bytes(raw), dtype=np.uint8)
    elif reader.field_length(field):  # the segment's info says there are lengths to read
        raise _gone(reader, name)
    return lengths


def required_column(reader, name: str):
    """The reader of a column every document of a segment has.

    Whoosh answers a missing column file with default values, but these columns are only
    missing when a merge in another process has deleted the segment since its table of
    contents was read: that is raised as the missing file it is, so the view is opened again.
    """
    if not reader.has_column(name):
        raise _gone(reader, name)
    return reader.column_reader(name)


def _gone(reader, name: str) -> FileNotFoundError:
    return FileNotFoundError(f"segment {reader.segment().segment_id()} has gone (no {name} file)")


def _floats(values) -> np.ndarray:
    return np.array(values, dtype=np.bytes_).astype(np.float64)


def _split(values, labels, keyword: Keyword | None) -> KeywordColumn:
    """Separator-joined values per document into (document, ordinal) pairs, in C-level passes."""
    if keyword is not None and not keyword.multiple:
        single = np.array(values, dtype=np.bytes_)
        documents = np.flatnonzero(single != b"")
        flat = single[documents]
    else:
        parts = [[v for v in value.split(VALUE) if v] if value else [] for value in values]
        counts = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        flat = np.array(list(chain.from_iterable(parts)), dtype=np.bytes_)
        documents = np.repeat(np.arange(len(parts), dtype=np.int64), counts)
    vocabulary, first, ordinals = np.unique(flat, return_index=True, return_inverse=True)
    named = {}
    if keyword is not None and keyword.facet:
        for value, docnum in zip(vocabulary.tolist(), documents[first].tolist(), strict=True):
            slug = value.decode()
            named[slug] = json.loads(labels[docnum])[keyword.name].get(slug, slug)
    return KeywordColumn(vocabulary, named, documents, ordinals.ravel())


def _save(path: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write the arrays after a JSON header, each aligned, then rename into place."""
    layout: dict[str, list] = {}
    offset = 0
    for name, array in arrays.items():
        layout[name] = [array.dtype.str, len(array), offset]
        offset += -(-array.nbytes // ALIGN) * ALIGN
    header = json.dumps({"meta": meta, "layout": layout}, ensure_ascii=False).encode()
    start = -(-(len(MAGIC) + 8 + len(header)) // ALIGN) * ALIGN
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with open(draft, "wb") as handle:
            handle.write(MAGIC + len(header).to_bytes(8, "little") + header)
            for name, array in arrays.items():
                handle.seek(start + layout[name][2])
                handle.write(np.ascontiguousarray(array).tobytes())
            handle.truncate(start + offset)
        os.replace(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def _mapped(path: Path) -> SegmentColumns:
    data = np.memmap(path, dtype=np.uint8, mode="r")
    if bytes(data[: len(MAGIC)]) != MAGIC:
        raise ValueError(f"{path.name} is not a segment column file")
    length = int.from_bytes(bytes(data[len(MAGIC) : len(MAGIC) + 8]), "little")
    header = json.loads(bytes(data[len(MAGIC) + 8 : len(MAGIC) + 8 + length]))
    start = -(-(len(MAGIC) + 8 + length) // ALIGN) * ALIGN
    arrays = {}
    for name, (dtype, count, offset) in header["layout"].items():
        kind = np.dtype(dtype)
        begin = start + offset
        arrays[name] = data[begin : begin + count * kind.itemsize].view(kind)
    blob_at = start + header["layout"][LISTING_BLOB][2]
    return SegmentColumns(
        arrays, header["meta"], _listings_in_file(arrays[LISTING_OFFSETS], path, blob_at)
    )
