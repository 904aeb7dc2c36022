"""Shoppers' product listings kept serialised per listing state, until the next launch.

Listings are served by the search engine, so what a shopper's listing shows changes only when
the product index changes, when a catalogue write queues a change the index has not taken in
yet (an outbox row: every write through the services or the session queues one), or when a
scheduled product goes live; a cached page is served while none of these has happened. Each
worker process keeps its own bounded cache; the index and the outbox are what they share.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from threading import Lock
from typing import Any

from flask import Response, current_app, request

from core.auth.guards import is_staff
from core.clock import utcnow
from search.listings import listing_state, next_publication

MAX_PAGES = 512


@dataclass(frozen=True)
class CachedPage:
    """A serialised listing page and the listing state and span of time it is right for."""

    state: Hashable
    computed_at: datetime
    next_launch: datetime | None
    body: bytes

    def fresh(self, state: Hashable, now: datetime) -> bool:
        """Whether the page still shows what a shopper would see in `state` at `now`."""
        return (
            self.state == state
            and self.computed_at <= now
            and (self.next_launch is None or now < self.next_launch)
        )


class ListingCache:
    """A bounded map from query strings to pages, dropping the least recently used."""

    def __init__(self, size: int = MAX_PAGES) -> None:
        self._pages: OrderedDict[bytes, CachedPage] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: bytes, state: Hashable, now: datetime) -> bytes | None:
        """The body cached under `key` if it is still fresh."""
        with self._lock:
            page = self._pages.get(key)
            if page is None or not page.fresh(state, now):
                return None
            self._pages.move_to_end(key)
            return page.body

    def put(self, key: bytes, page: CachedPage) -> None:
        """Keep `page` under `key`, forgetting the oldest pages beyond the size."""
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)


def cached_for_shoppers(view: Callable) -> Callable:
    """Serve anonymous listings without `q` from the cache, keyed on the raw query string.

    Wraps the whole view, argument parsing included: a query string is only ever cached after it
    parsed and answered 200, and the same string always parses the same way. Staff listings and
    searches pass straight through.
    """

    @wraps(view)
    def cached_view(*args: Any, **kwargs: Any) -> Response:
        if request.args.get("q") or is_staff():
            return view(*args, **kwargs)
        cache = current_app.extensions.setdefault("catalogue_listing_cache", ListingCache())
        state, now = listing_state(["product"]), utcnow()
        body = cache.get(request.query_string, state, now)
        if body is not None:
            return Response(body, mimetype=current_app.json.mimetype)  # type: ignore[attr-defined]
        response = view(*args, **kwargs)
        if response.status_code == 200:
            launch = next_publication(["product"], now)
            page = CachedPage(state, now, launch, response.get_data())
            cache.put(request.query_string, page)
        return response

    return cached_view
