"""A bare Whoosh baseline: a plain writer loop over the engine's documents, top-20 with highlights.

No caching, columns or tuning: what a first Whoosh integration does, so the engine's overhead
and gains show as ratios against it.
"""

import itertools
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from whoosh import fields, index, query, sorting
from whoosh.qparser import MultifieldParser

SNIPPET_FIELDS = ("name", "title", "description", "body")
FACETS = ("finish", "handle_type", "brand", "category", "certification")
SAMPLE = 200


def _kind(value: Any) -> str | None:
    """The baseline field kind a document value calls for (None: not indexed)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, datetime):
        return "date"
    if isinstance(value, str):
        return "keyword" if len(value) < 40 and " " not in value.strip() else "text"
    if isinstance(value, tuple):
        return "keyword"
    if isinstance(value, list) and value:
        return "keyword" if isinstance(value[0], tuple) else "text"
    return None


FIELD_TYPES = {
    "text": lambda: fields.TEXT(stored=True),
    "keyword": lambda: fields.KEYWORD(stored=True, commas=True, lowercase=True),
    "number": lambda: fields.NUMERIC(numtype=float, stored=True),
    "date": lambda: fields.DATETIME(stored=True),
}


def _value(kind: str, value: Any) -> Any:
    if kind == "number":
        return float(value)
    if kind == "date":
        return value.replace(tzinfo=None)
    if kind == "keyword":
        items = value if isinstance(value, list) else [value]
        return ",".join(item[0] if isinstance(item, tuple) else str(item) for item in items)
    return " ".join(value) if isinstance(value, list) else value


class BareIndex:
    """One Whoosh index holding every document type, built by a single default writer."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.kinds: dict[str, str] = {}
        self.ix = None

    def build(self, sources: Iterable[tuple[str, Iterable[tuple[int, dict]]]]) -> int:
        """Index the (type name, (id, document) pairs) of each source; returns the count."""
        peeked: list[tuple[str, Iterator]] = []
        for name, documents in sources:
            documents = iter(documents)
            sample = list(itertools.islice(documents, SAMPLE))
            for _, document in sample:
                for field, value in document.items():
                    kind = _kind(value)
                    if kind and field not in self.kinds:
                        self.kinds[field] = kind
            peeked.append((name, itertools.chain(sample, documents)))
        schema = fields.Schema(key=fields.ID(stored=True, unique=True), type=fields.ID(stored=True))
        for field, kind in self.kinds.items():
            schema.add(field, FIELD_TYPES[kind]())
        self.ix = index.create_in(self.directory, schema)
        writer = self.ix.writer()
        count = 0
        for name, documents in peeked:
            for key, document in documents:
                values = {
                    field: _value(self.kinds[field], value)
                    for field, value in document.items()
                    if field in self.kinds and _kind(value) == self.kinds[field]
                }
                writer.add_document(key=f"{name}:{key}", type=name, **values)
                count += 1
        writer.commit()
        return count

    def timed_queries(self, mix: list[dict], repeats: int, seconds: float) -> dict[str, list]:
        """Latencies (s) of each entry's baseline query: top 20 plus highlights of each hit."""
        text_fields = [field for field, kind in self.kinds.items() if kind == "text"]
        parser = MultifieldParser(text_fields, self.ix.schema)
        latencies = {}
        with self.ix.searcher() as searcher:
            for entry in mix:
                parsed = parser.parse(entry["bare"])
                options: dict[str, Any] = {"limit": 20}
                if entry.get("bare_filter"):
                    finish, low, high = entry["bare_filter"]
                    options["filter"] = query.And(
                        [query.Term("finish", finish), query.NumericRange("price", low, high)]
                    )
                if entry.get("bare_facets"):
                    facets = {
                        name: sorting.FieldFacet(name, allow_overlap=True)
                        for name in FACETS
                        if name in self.kinds
                    }
                    facets["price"] = sorting.RangeFacet("price", 0, 1000, 250)
                    options["groupedby"] = facets
                timings: list[float] = []
                deadline = time.perf_counter() + seconds
                while len(timings) < repeats and time.perf_counter() < deadline:
                    started = time.perf_counter()
                    results = searcher.search(parsed, **options)
                    for hit in results:
                        for field in SNIPPET_FIELDS:
                            if field in hit:
                                hit.highlights(field)
                    if options.get("groupedby"):
                        results.groups("finish")
                    timings.append(time.perf_counter() - started)
                latencies[entry["label"]] = timings
        return latencies

    def close(self) -> None:
        """Close the index."""
        if self.ix is not None:
            self.ix.close()
