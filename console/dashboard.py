"""The dashboard: what stands where, what changed lately, and whether search keeps up."""

from flask import render_template
from sqlalchemy import select

from catalog.models import Product
from console.guard import console
from console.history import described
from core.audit.models import AuditEntry
from core.clock import utcnow
from core.extensions import db
from core.health import readiness_verdicts
from core.models import count_by_status
from news.models import Article
from search.outbox import backlog

RECENT_CHANGES = 15
SEARCH_CHECKS = ("search index", "search outbox")


@console.route("")
def dashboard():
    """Counts by status, the latest audited changes and the search index's health."""
    now = utcnow()
    verdicts = readiness_verdicts()
    recent = db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(RECENT_CHANGES)
    )
    return render_template(
        "console/dashboard.html",
        title="Dashboard",
        counts={
            "Products": count_by_status(Product, now),
            "Articles": count_by_status(Article, now),
        },
        recent=[described(entry) for entry in recent],
        search={name: verdicts.get(name, "not checked") for name in SEARCH_CHECKS},
        backlog=backlog(),
    )
