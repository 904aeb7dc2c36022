"""Absolute URLs for the outside world, built on PUBLIC_BASE_URL and never on the request's Host."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask import current_app


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` (other `values` go in the query), as the public reaches it."""
    return public_url_builder()(endpoint, **values)


def public_url_builder() -> Callable[..., str]:
    """`public_url` for many addresses (a sitemap's): the site's address is read once."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    # A Host header is whatever the client sent: binding to the configured base instead keeps
    # feeds and canonical links from pointing wherever a request claimed to be.
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return lambda endpoint, **values: adapter.build(endpoint, values, force_external=True)


def absolute_url(url: str) -> str:
    """`url` made absolute on PUBLIC_BASE_URL when it is a path on this site (link previews
    need a full address); absolute URLs pass unchanged."""
    return urljoin(current_app.config["PUBLIC_BASE_URL"] + "/", url)


def local_path(target: str | None, prefix: str = "/") -> str | None:
    """`target` when it is a path on this site under `prefix` (where to go back to after a
    form), else None: never another site, a scheme or a path a browser would read otherwise."""
    if not target:
        return None
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith(prefix)
        or target.startswith("//")
        or "\\" in target
        or any(ord(character) < 32 for character in target)
    ):
        return None
    return target
