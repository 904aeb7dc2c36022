"""Audit entries as the console shows them: who, when, what changed from what to what."""

from dataclasses import dataclass
from typing import Any

from flask import url_for

from core.audit.models import AuditEntry

# Where an audited object is edited in the console, by its recorded type.
EDIT_PAGES = {"product": "console.product_edit"}


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
    endpoint = EDIT_PAGES.get(entry.object_type)
    link = None
    if endpoint and entry.action != "delete":
        link = url_for(endpoint, product_id=entry.object_id)
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
