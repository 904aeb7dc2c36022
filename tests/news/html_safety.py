"""What "safe HTML" means in these tests: no scripts, no event handlers, no script URLs."""

import re
from html.parser import HTMLParser

DANGEROUS_ELEMENTS = {"script", "iframe", "object", "embed", "style", "svg", "math", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Browsers ignore these inside a URL, so "java\tscript:" still runs.
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            url = IGNORED_IN_URLS.sub("", value or "").lower()
            if name in URL_ATTRIBUTES and url.startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def unsafe_parts(html: str) -> list[str]:
    """Everything in `html` that could run script in a browser."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems


def unsafe_strings(value) -> list[str]:
    """Unsafe parts of every string inside a JSON value, each string read as HTML."""
    if isinstance(value, str):
        return unsafe_parts(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [problem for item in value for problem in unsafe_strings(item)]
    return []
