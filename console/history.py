"""Audit entries as the console shows them: who, when, what changed from what to what."""

from dataclasses import dataclass
from typing import Any

from flask import render_template, request, url_for

from core.audit.models import AuditEntry
from core.audit.queries import object_history
from core.extensions import db
from core.pagination import PaginationArgs, paginate
from web.facets import load_arguments

HISTORY_PER_PAGE = 30
# Where an audited object is edited in the console, by its recorded type: (endpoint, id arg).
EDIT_PAGES: dict[str, tuple[str, str]] = {}


def register_edit_page(object_type: str, endpoint: str, id_argument: str) -> None:
    """Link audit entries about `object_type` to the console page that edits the object."""
    EDIT_PAGES[object_type] = (endpoint, id_argument)


@dataclass(frozen=True)
class Change:
    """One field's change in an entry."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class DescribedEntry:
    """An audit entry ready for a page."""

    entry: AuditEntry
    who: str
    link: str | None
    changes: list[Change]


def described(entry: AuditEntry) -> DescribedEntry:
    """`entry` with its actor named, a link to the object's editor and its changes as text."""
    page = EDIT_PAGES.get(entry.object_type)
    link = None
    if page is not None and entry.action != "delete":
        endpoint, id_argument = page
        arguments: dict[str, Any] = {id_argument: entry.object_id}
        link = url_for(endpoint, **arguments)
    changes = [
        Change(field, _shown(values.get("from")), _shown(values.get("to")))
        for field, values in sorted((entry.changes or {}).items())
        if isinstance(values, dict)
    ]
    return DescribedEntry(entry, entry.actor or "the system (CLI or demo)", link, changes)


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_shown(item)}" for key, item in value.items())
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def entries_since(subject, seen: int) -> list[DescribedEntry]:
    """The audit entries about `subject` after entry `seen`, oldest first, described."""
    statement = object_history(subject).where(AuditEntry.id > seen)
    return [described(entry) for entry in reversed(db.session.scalars(statement).all())]


def last_entry_id(subject) -> int:
    """The newest audit entry about `subject` (0 when there is none): what a form has seen."""
    newest = db.session.scalar(object_history(subject).with_only_columns(AuditEntry.id).limit(1))
    return newest or 0


def history_page(subject, name: str, edit_endpoint: str, id_argument: str) -> str:
    """The audit history page of `subject` (called `name`), newest first, paged by `?page=`."""
    page = load_arguments(PaginationArgs(), request.args, {"page"})["page"]
    listing = paginate(object_history(subject), page, HISTORY_PER_PAGE)
    return render_template(
        "console/history.html",
        title=f"History of {name}",
        subject=name,
        back=(edit_endpoint, {id_argument: subject.id}),
        entries=[described(entry) for entry in listing["items"]],
        page=listing["meta"],
    )
