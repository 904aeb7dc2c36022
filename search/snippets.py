"""Result snippets: matches wrapped in <mark>, every other character HTML-escaped.

Only short stored excerpts are highlighted (see `documents.HIGHLIGHT_CHARS`), and only for the
hits of the page being returned. Words are matched by their stems, each word stemmed once per
process: a snippet costs a regex pass and dictionary look-ups, not a run of the full analyser.
"""

import re
from functools import lru_cache
from html import escape

from search.analysis import WORD, stems
from search.documents import highlight_field
from search.registry import DocumentType, Text

SNIPPET_CHARS = 240
CONTEXT_CHARS = 60  # shown before the first match of a long text
MAX_MARKS = 50
STEM_CACHE = 20_000  # words of snippets stemmed once per process (a few MB at most)
_WORD = re.compile(WORD)


@lru_cache(maxsize=STEM_CACHE)
def _stem(word: str) -> str | None:
    found = stems(word)
    return found[0] if len(found) == 1 else None


def highlight(text: str, terms: frozenset[str]) -> str:
    """`text` (cut to about SNIPPET_CHARS around its first matches) with matches marked."""
    words = _WORD.finditer(text)
    matches = [m.span() for m in words if _stem(m.group().lower()) in terms][:MAX_MARKS]
    if not matches:
        return ""
    start = 0
    if len(text) > SNIPPET_CHARS:
        start = _window_start(text, matches)
    end = min(start + SNIPPET_CHARS, len(text))
    pieces, position = [], start
    for first, last in matches:
        if first < start or last > end:
            continue
        pieces.append(escape(text[position:first]))
        pieces.append(f"<mark>{escape(text[first:last])}</mark>")
        position = last
    pieces.append(escape(text[position:end]))
    lead = "… " if start else ""
    tail = " …" if end < len(text) else ""
    return lead + "".join(pieces).strip() + tail


def _window_start(text: str, matches: list[tuple[int, int]]) -> int:
    """Where the window with the most matches begins, a little before its first match."""
    best, best_count = matches[0][0], 0
    for first, _ in matches:
        count = sum(1 for other, _ in matches if first <= other < first + SNIPPET_CHARS)
        if count > best_count:
            best, best_count = first, count
    start = max(best - CONTEXT_CHARS, 0)
    space = text.rfind(" ", 0, start + 1)
    return space + 1 if start and space > 0 else start


def snippets(document_type: DocumentType, stored: dict, terms: frozenset[str]) -> dict[str, str]:
    """Highlighted, HTML-escaped snippets of the highlight fields of one stored document."""
    found = {}
    for text in document_type.declared(Text):
        if text.highlight:
            value = stored.get(highlight_field(text.name)) or ""
            marked = highlight(value, terms) if terms else ""
            found[text.name] = marked or escape(value[:SNIPPET_CHARS])
    return found
