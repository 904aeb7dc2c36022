"""URLs of the current page with some query arguments changed: every page state is a plain link."""

from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from flask import g, request

from core.public_urls import public_url
from web.site import site

# Paging is relative to one set of filters, so changing anything else starts again at page 1.
PAGE = "page"


@site.app_template_global()
def changed_url(**changes) -> str:
    """The current page's URL with `changes` (None removes an argument, a list repeats it)."""
    added = [
        (name, str(item))
        for name, value in changes.items()
        for item in (value if isinstance(value, list | tuple) else [value])
        if item is not None and item != ""
    ]
    kept = query_without(frozenset((PAGE, *changes)))
    return with_query(request.path, (), kept, encoded_query(added))


@site.app_template_global()
def without_value(name: str, value: str) -> str:
    """The current page's URL without one value of a repeated argument (removes one filter)."""
    return changed_url(**{name: [item for item in request.args.getlist(name) if item != value]})


@site.app_template_global()
def keeping_filters(path: str) -> str:
    """`path` with the current page's query arguments, less the page number."""
    return with_query(path, (), query_without(frozenset((PAGE,))))


@site.app_template_global()
def keeping_only(*names: str) -> str:
    """The current page's URL with only the `names` arguments (clears every filter)."""
    return with_query(request.path, _arguments(lambda name: name in names))


def canonical_url(ignoring: tuple[str, ...] | None = None) -> str:
    """This page's address for search engines: no query, or the query less `ignoring`."""
    base = public_url(request.endpoint or "", **(request.view_args or {}))
    if ignoring is None:
        return base
    return with_query(base, (), query_without(frozenset(ignoring)))


def with_query(path: str, pairs: Iterable[tuple[str, str]], *encoded: str) -> str:
    """`path` with the query string of `pairs` (just `path` when there are none), followed by
    any `encoded` query strings."""
    query = "&".join(part for part in (encoded_query(pairs), *encoded) if part)
    return f"{path}?{query}" if query else path


def encoded_query(pairs: Iterable[tuple[str, str]]) -> str:
    """The query string of `pairs`, leaving out empty values."""
    kept = [(name, value) for name, value in pairs if value != ""]
    return urlencode(kept) if kept else ""  # most links carry only parts encoded before


def query_without(names: frozenset[str]) -> str:
    """The current page's query string less the arguments `names`, encoded once a request (a
    listing's pagination, category and filter links all carry it)."""
    encoded = g.setdefault("queries_without", {})
    if names not in encoded:
        encoded[names] = encoded_query(_arguments(lambda name: name not in names))
    return encoded[names]


def _arguments(keep: Callable[[str], bool]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in request.args.items(multi=True) if keep(name)]
