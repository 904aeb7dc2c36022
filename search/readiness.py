"""`/readyz` checks owned by search: every index opens and the outbox backlog stays bounded."""

from flask import current_app
from sqlalchemy import func, select

from core.extensions import db
from core.health import register_readiness_check
from search.outbox import SearchOutbox
from search.registry import document_types


def register_search_checks() -> None:
    """Make `/readyz` report the search index and the search outbox."""
    register_readiness_check("search index", index_openable)
    register_readiness_check("search outbox", outbox_backlog_bounded)


def index_openable() -> str | None:
    """Ready when each document type's index opens for searching."""
    store = current_app.extensions["search"].store
    for kind in document_types():
        with store.view(kind):
            pass
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
