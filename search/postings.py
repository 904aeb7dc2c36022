"""Postings read a block at a time into arrays, BM25-saturated, and cached per term and segment.

Whoosh stores a term's postings in blocks of up to 128 (document deltas, frequencies); decoding
a block is one zlib and one pickle call, so a whole list becomes two NumPy arrays without a
per-document Python step. A segment never changes, so a term's decoded postings stay valid for
as long as the segment lives: the cache is keyed by segment and term and bounded in bytes. Far
more queries share a term than share a whole query, so this is the cache that keeps distinct
queries fast.
"""

import threading
import zlib
from collections import OrderedDict
from pickle import loads  # noqa: S403  (Whoosh's own postings file, written by this app)

import numpy as np
from whoosh.reading import TermNotFound

from search.segments import BYTE_LENGTHS, SegmentColumns

K1 = 1.2
B = 0.75
CACHE_BYTES = 48 * 1024 * 1024
EMPTY = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))


def read_postings(reader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, frequencies) of `term` in `field` of one segment, deletions included."""
    try:
        terminfo = reader.term_info(field, term)
    except TermNotFound:  # not in this segment
        return EMPTY
    if terminfo.is_inlined():
        ids, weights, _ = terminfo.inlined_postings()
        return np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float32)
    postfile = reader._terms._postfile  # the segment's postings file, opened by Whoosh
    offset, _ = terminfo.extent()
    position = offset + 4  # after the "W3Bl" header
    id_blocks, weight_blocks = [], []
    while True:
        length = postfile.get_int(position)
        end = position + 4 + abs(length)
        postfile.seek(position + 4)
        info = postfile.read_pickle()
        count, compression = info[0], info[3]
        data = bytes(postfile.get(postfile.tell(), end - postfile.tell()))
        ids, weights, _ = loads(zlib.decompress(data) if compression else data)  # noqa: S301
        id_blocks.append(np.cumsum(np.asarray(ids, dtype=np.int64)))  # deltas from 0 per block
        if weights is None:
            weight_blocks.append(np.ones(count, dtype=np.float32))
        elif isinstance(weights, float):
            weight_blocks.append(np.full(count, weights, dtype=np.float32))
        else:
            weight_blocks.append(np.asarray(weights, dtype=np.float32))
        if length < 0:
            break
        position = end
    return (
        np.concatenate(id_blocks).astype(np.int32),
        np.concatenate(weight_blocks),
    )


class PostingsCache:
    """Saturated term frequencies per (segment, field, term), least recently used out first."""

    def __init__(self, capacity_bytes: int = CACHE_BYTES) -> None:
        self._entries: OrderedDict = OrderedDict()
        self._bytes = 0
        self._capacity = capacity_bytes
        self._guard = threading.Lock()

    def saturated(self, key: tuple, reader, columns: SegmentColumns, field: str, term: str):
        """(document numbers, tf·(k1+1)/(tf+k1·(1−b+b·len/avg))) of `term` in one segment."""
        with self._guard:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        docnums, frequencies = read_postings(reader, field, term)
        lengths = BYTE_LENGTHS[columns.lengths[field][docnums]]
        norm = K1 * (1 - B + B * lengths / columns.average_length(field))
        value = (docnums, (frequencies * (K1 + 1) / (frequencies + norm)).astype(np.float32))
        size = docnums.nbytes + value[1].nbytes + 200
        with self._guard:
            if key not in self._entries:
                self._entries[key] = value
                self._bytes += size
            while self._bytes > self._capacity and len(self._entries) > 1:
                _, (old_docnums, old_values) = self._entries.popitem(last=False)
                self._bytes -= old_docnums.nbytes + old_values.nbytes + 200
        return value
