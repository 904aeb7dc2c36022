"""Markdown to safe HTML: markdown-it-py renders, nh3 sanitises; plus plain-text helpers."""

import html
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

from core.fields import MULTI_LINE_REFUSED, TAG_OPENING

EXTERNAL_LINK_REL = "noopener nofollow"
TEXT_TOKEN_TYPES = {"text", "code_inline"}
BREAK_TOKEN_TYPES = {"softbreak", "hardbreak"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
}


def _is_external(href: str | None) -> bool:
    if not href:
        return False
    parts = urlsplit(href.strip())
    return parts.scheme.lower() in {"http", "https"} or (not parts.scheme and bool(parts.netloc))


def _render_link_open(renderer, tokens, idx, options, env) -> str:
    # Only links leaving the site get rel; links within it keep passing reputation.
    token = tokens[idx]
    if _is_external(token.attrGet("href")):
        token.attrSet("rel", EXTERNAL_LINK_REL)
    return renderer.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("link_open", _render_link_open)


def render_markdown(source: str) -> str:
    """Render Markdown to HTML that is safe to embed: no scripts, handlers or javascript: URLs."""
    html_output = _markdown.render(source or "")
    # Raw HTML is escaped by markdown-it, so a rel attribute can only come from the rule above.
    return nh3.clean(
        html_output,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def markdown_to_text(source: str, *, headings: bool = True) -> str:
    """The readable words of a Markdown document, one line per block, headings optional."""
    blocks = []
    in_heading = False
    for token in _markdown.parse(source or ""):
        if token.type in {"heading_open", "heading_close"}:
            in_heading = token.type == "heading_open"
        elif token.type == "inline" and (headings or not in_heading):
            words = [
                child.content if child.type in TEXT_TOKEN_TYPES else " "
                for child in token.children or []
                if child.type in TEXT_TOKEN_TYPES or child.type in BREAK_TOKEN_TYPES
            ]
            blocks.append(" ".join("".join(words).split()))
        elif token.type in {"fence", "code_block"}:
            blocks.append(" ".join(token.content.split()))
    return strip_markup("\n".join(block for block in blocks if block))


def strip_markup(text: str) -> str:
    """Plain text without HTML tags or control characters, safe wherever a client puts it."""
    text = html.unescape(nh3.clean(MULTI_LINE_REFUSED.sub("", text), tags=set()))
    # Unescaping turns "&lt;b&gt;" back into "<b>", so no "<" may open a tag afterwards.
    return TAG_OPENING.sub("", text)
