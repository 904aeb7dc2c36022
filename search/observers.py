"""Shoppers' searches, told to whoever listens (the search log): the engine records nothing itself.

A domain registers one observer on the app; the shopper-facing entry points (the search API and
page, listings with `q`) ask `search` to report what they ran. The observer returns an id that
result links can carry (to report which result was opened), and is never allowed to fail or slow
a search: it is meant to queue, not write.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, has_request_context

log = logging.getLogger(__name__)
OBSERVER = "search.observer"


@dataclass(frozen=True)
class SearchMade:
    """What one shopper's search asked for and what it found."""

    text: str
    types: tuple[str, ...]
    filters: dict[str, Any]
    sort: str | None
    page: int
    total: int
    suggestion: str | None  # the "did you mean" shown, if any
    took_ms: float


Observer = Callable[[SearchMade], int | None]


def observe_searches(app: Flask, observer: Observer) -> None:
    """Have `observer` told of each shopper's search in `app` (one observer; again replaces)."""
    app.extensions[OBSERVER] = observer


def searched(made: SearchMade) -> int | None:
    """Tell the app's observer of a shopper's search; its id for the results' links, or None."""
    observer = current_app.extensions.get(OBSERVER) if has_request_context() else None
    if observer is None or not made.text.strip():
        return None
    try:
        return observer(made)
    except Exception:  # a log must never fail the search it logs
        log.warning("the search observer failed", exc_info=True)
        return None
