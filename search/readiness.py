"""`/readyz` checks owned by search: every index opens and takes writes, no other host's index
keeps the outbox, the backlog is bounded."""

from flask import Flask, current_app
from sqlalchemy import func, select, text

from core.extensions import db
from core.health import Degraded, register_readiness_check
from search.outbox import SearchOutbox
from search.registry import document_types
from search.sharing import ADVICE, CATCHING_UP, REFUSED


def register_search_checks(app: Flask, *, postgres: bool) -> None:
    """Make `app`'s `/readyz` report the search index, its claim and the search outbox (with
    the PostgreSQL backend: that the database can match text with trigrams)."""
    if postgres:
        register_readiness_check(app, "search index", trigrams_enabled)
        if app.extensions["search"].mirror is not None:
            register_readiness_check(app, "search mirror", mirror_built)
        return
    register_readiness_check(app, "search index", index_usable)
    register_readiness_check(app, "search outbox", outbox_backlog_bounded)
    register_readiness_check(app, "search index sharing", index_kept_here)


def index_usable() -> Degraded | None:
    """Ready when each type's index opens; degraded while this worker's drains cannot write it.

    An unwritable index still serves searches, only ever staler: taking the worker out of the
    load balancer would lose reads and gain nothing, so it stays ready and says why it limps.
    """
    engine = current_app.extensions["search"]
    for kind in document_types():
        with engine.store.view(kind):
            pass
    failure = engine.drain_state.failure
    return Degraded(failure) if failure else None


def trigrams_enabled() -> str | None:
    """Ready when the database has the pg_trgm extension the PostgreSQL backend needs."""
    found = db.session.scalar(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))
    return None if found else "the pg_trgm extension is missing: run `flask db upgrade`"


def mirror_built() -> Degraded | None:
    """Ready either way; degraded while a type has no mirror on this host that can catch up
    with the database (its searches are answered by the database meanwhile, more slowly)."""
    try:
        missing = current_app.extensions["search"].mirror.missing(document_types())
    except OSError as error:
        return Degraded(
            f"this host's search mirror cannot be used ({error}): the database answers "
            "searches meanwhile, more slowly"
        )
    if missing:
        return Degraded(
            f"this host's search mirror of {', '.join(missing)} is being built: the database "
            "answers those searches meanwhile, more slowly"
        )
    return None


def outbox_backlog_bounded() -> str | None:
    """Ready while no more than SEARCH_OUTBOX_READY_MAX changes wait to be indexed."""
    limit = current_app.config["SEARCH_OUTBOX_READY_MAX"]
    # Count no further than the limit: a huge backlog must not make the probe slow too.
    capped = select(SearchOutbox.id).limit(limit + 1).subquery()
    backlog = db.session.scalar(select(func.count()).select_from(capped))
    if backlog > limit:
        return f"more than {limit} changes wait to be indexed"
    return None


def index_kept_here() -> Degraded | str | None:
    """Ready while this host's index keeps the search outbox; degraded while other hosts' are
    refused; not ready while another host's index keeps it, or until this one catches up."""
    try:
        standing = current_app.extensions["search"].claims.sharing(fresh=True)
    except OSError:  # no identity file can be made: the "search index" check says why
        return None
    if standing.role == REFUSED:
        return (
            f"another host's index keeps this database's search outbox: {standing.keeper}; "
            f"this host's index is not updated. {ADVICE}"
        )
    if standing.role == CATCHING_UP:
        return "taking over the search outbox: bringing this host's index up to the database"
    if standing.others:
        refused = ", ".join(standing.others)
        return Degraded(f"other hosts' search indexes are refused ({refused}). {ADVICE}")
    return None
