"""Listings served by the engine: each hit's stored summary kept current, and what caches of
listings key on (the state of the indexes and the outbox, the next scheduled publication)."""

from collections.abc import Hashable
from datetime import datetime
from typing import TYPE_CHECKING

import orjson
from flask import current_app

from core.extensions import db
from search.documents import LISTING, listing_text
from search.outbox import pending_among, pending_now
from search.registry import document_type

if TYPE_CHECKING:
    from search.service import SearchPage


def current_listing_texts(page: "SearchPage") -> dict[tuple[str, int], str]:
    """Each hit's listing as JSON text, current: as the index stores it, so a page needs no
    database read for its rows, except for documents with a change the index has not taken in
    yet (an outbox row still waits): those are loaded from the database, so a page never shows
    an item as it was before its last committed write. A document the database no longer has
    is left out."""
    texts = dict(page.listings)
    for name in {hit.type for hit in page.hits}:
        ids = [hit.id for hit in page.hits if hit.type == name]
        if page.pending is None:
            waiting = pending_among(name, ids)
        else:
            known = set(page.pending.get(name, ()))
            waiting = [key for key in ids if key in known]
        if waiting:
            fresh = document_type(name).load(db.session(), waiting)
            for key in waiting:
                texts.pop((name, key), None)
                if key in fresh:
                    texts[(name, key)] = listing_text(fresh[key][LISTING])
    return texts


def current_listings(page: "SearchPage") -> dict[tuple[str, int], dict]:
    """Each hit's current listing (see `current_listing_texts`), brought up to the present by
    its type."""
    texts = current_listing_texts(page)
    presented: dict[tuple[str, int], dict] = {}
    for name in {name for name, _ in texts}:
        # orjson: a page parses every listing it shows, and the standard library takes twice
        # as long (listings carry every finish's photos).
        mine = {key: orjson.loads(text) for (kind, key), text in texts.items() if kind == name}
        presented.update(
            ((name, key), listing) for key, listing in document_type(name).present(mine).items()
        )
    return presented


def listing_state(types: list[str]) -> Hashable:
    """What a page of `types` listings shows depends on, besides the clock: the state of their
    indexes and the documents with a change those have not taken in yet. Read it before the
    rows, so a page is never older than the state it is filed under."""
    pending = pending_now(types)
    waiting = tuple(sorted((name, tuple(sorted(ids))) for name, ids in pending.items()))
    return index_state(types), waiting


def index_state(types: list[str]) -> Hashable:
    """A value that changes whenever anything indexed for `types` does (for caches of results)."""
    backend = current_app.extensions["search"].backend
    return backend.state([document_type(name) for name in types])


def next_publication(types: list[str], after: datetime) -> datetime | None:
    """When the first document of `types` scheduled after `after` goes public, by the index."""
    backend = current_app.extensions["search"].backend
    return backend.next_publication([document_type(name) for name in types], after)
