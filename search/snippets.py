"""Result snippets: matches wrapped in <mark>, every other character HTML-escaped.

Only short stored excerpts are highlighted (see `documents.HIGHLIGHT_CHARS`), and only for the
hits of the page being returned.
"""

from html import escape

from whoosh import highlight

from search.analysis import STEMMED
from search.documents import highlight_field
from search.registry import Text
from search.tables import IndexView

SNIPPET_CHARS = 240


class MarkFormatter(highlight.Formatter):
    """Wrap matches in <mark>; escape everything else."""

    between = " … "

    def _text(self, text: str) -> str:
        return escape(text)

    def format_token(self, text, token, replace=False) -> str:
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


def snippets(view: IndexView, docnum: int, terms: frozenset[str]) -> dict[str, str]:
    """Highlighted, HTML-escaped snippets of the highlight fields of one document."""
    stored = view.searcher.stored_fields(docnum)
    found = {}
    for text in view.document_type.declared(Text):
        if text.highlight:
            value = stored.get(highlight_field(text.name)) or ""
            short = len(value) <= SNIPPET_CHARS
            fragmenter = (
                highlight.WholeFragmenter()
                if short
                else highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
            )
            marked = (
                highlight.highlight(value, terms, STEMMED, fragmenter, MarkFormatter(), top=2)
                if terms
                else ""
            )
            found[text.name] = marked or escape(value[:SNIPPET_CHARS])
    return found
