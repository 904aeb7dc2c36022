"""Turns each flush's changes to audited models into audit entries, in the same transaction."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import Flask
from sqlalchemy import insert, inspect
from sqlalchemy.orm import RelationshipDirection, RelationshipProperty, Session
from sqlalchemy.orm.attributes import PASSIVE_NO_INITIALIZE, History, get_history

from core.audit.models import ALWAYS_IGNORED, Audited, AuditEntry, audit_type, audited_model
from core.auth.guards import current_user
from core.auth.models import User
from core.clock import utcnow
from core.models import table_of
from core.observability import current_request_id
from core.session_events import on_session_event

WITHHELD = "(secret)"
# Updates whose change says more than "update": (field, test on before and after, action).
ACTION_RULES = (
    ("archived_at", lambda before, after: before is None and after is not None, "archive"),
    ("archived_at", lambda before, after: before is not None and after is None, "restore"),
    ("status", lambda before, after: after == "archived", "archive"),
    ("status", lambda before, after: before == "archived", "restore"),
    ("status", lambda before, after: after == "published", "publish"),
    ("revoked_at", lambda before, after: before is None and after is not None, "revoke"),
    ("is_active", lambda before, after: after is False, "deactivate"),
    ("is_active", lambda before, after: after is True, "activate"),
)


@dataclass
class _Draft:
    """The entry being assembled for one audited object in one flush."""

    object_type: str
    object_id: int
    action: str = "update"
    subject: Any = None
    changes: dict[str, Any] = field(default_factory=dict)


def register_audit(app: Flask) -> None:
    """Record every flush's changes to audited models in `app`'s sessions."""
    on_session_event(app, "after_flush", record_flushed_changes)


def record_flushed_changes(session: Session, flush_context) -> None:
    """Write one audit entry per audited object this flush created, changed or deleted."""
    drafts = _drafts(session, flush_context)
    if drafts:
        actor = _request_actor()
        rows = [_entry_row(session, draft, actor) for draft in drafts]
        session.connection().execute(insert(AuditEntry), rows)


def _entry_row(session: Session, draft: _Draft, actor: tuple[int | None, str | None]) -> dict:
    subject = draft.subject or session.get(audited_model(draft.object_type), draft.object_id)
    user_id, email = actor
    if user_id is None and subject is not None and subject.__audit_actor__:
        owner = session.get(User, getattr(subject, subject.__audit_actor__))
        user_id, email = (owner.id, owner.email) if owner else (None, None)
    return {
        "occurred_at": utcnow(),
        "user_id": user_id,
        "actor": email,
        "action": draft.action,
        "object_type": draft.object_type,
        "object_id": draft.object_id,
        "object_label": (subject.audit_label if subject else str(draft.object_id))[:255],
        "changes": draft.changes,
        "request_id": current_request_id(),
    }


def _drafts(session: Session, flush_context) -> list[_Draft]:
    """Group this flush's changes by the object they belong to (parts join their parent)."""
    drafts: dict[tuple[str, int], _Draft] = {}
    labels = _LinkLabels(session)
    flushed = _flushed_objects(session, flush_context)
    deleted = {(audit_type(type(obj)), _id(obj)) for obj, kind in flushed if kind == "delete"}
    for obj, kind in flushed:
        changes = _field_changes(obj, kind, labels)
        if obj.__audit_parent__ is None:
            key = (audit_type(type(obj)), _id(obj))
            draft = drafts.setdefault(key, _Draft(*key))
            draft.subject = obj
            draft.action = kind if kind != "update" else _update_action(changes)
            draft.changes.update(changes)
            continue
        parent_type, foreign_key = obj.__audit_parent__
        key = (parent_type, _current_or_old(obj, foreign_key))
        if changes and key not in deleted:
            prefix = f"{table_of(type(obj)).name}[{obj.audit_label}]"
            if kind == "update":
                part_changes = {f"{prefix}.{name}": change for name, change in changes.items()}
            else:
                part_changes = {prefix: _whole_part(changes, kind)}
            drafts.setdefault(key, _Draft(*key)).changes.update(part_changes)
    return [draft for draft in drafts.values() if draft.changes or draft.action != "update"]


def _flushed_objects(session: Session, flush_context) -> list[tuple[Audited, str]]:
    """Each audited object this flush wrote, with "create", "update" or "delete"."""
    # The unit of work knows the orphans it deleted, which session.deleted never listed.
    flushed, new = [], session.new  # a set built on each read: read once
    for state, (is_delete, list_only) in flush_context.states.items():
        obj = state.obj()
        if list_only or not isinstance(obj, Audited):
            continue
        if is_delete:
            flushed.append((obj, "delete"))
        elif obj in new:
            flushed.append((obj, "create"))
        elif session.is_modified(obj):
            flushed.append((obj, "update"))
    return flushed


class _LinkLabels:
    """The labels of objects foreign keys point to, each looked up once per flush (the variants
    of an import's products point to a handful of finishes)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._known: dict[tuple[type, Any], str | None] = {}

    def __call__(self, target: type, key: Any) -> str | None:
        if (target, key) not in self._known:
            self._known[target, key] = _label(self._session.get(target, key))
        return self._known[target, key]


def _field_changes(obj: Audited, kind: str, labels: _LinkLabels) -> dict[str, dict[str, Any]]:
    """{field: {"from": before, "to": after}} for the columns and links that changed."""
    state = inspect(obj)
    changes = _column_changes(obj, state, kind, labels)
    if kind != "delete":
        changes.update(_collection_changes(state))
    return changes


def _column_changes(
    obj: Audited, state, kind: str, labels: _LinkLabels
) -> dict[str, dict[str, Any]]:
    """Changed columns; a foreign key is shown as the label of the object it points to."""
    changes = {}
    for key, link in _recorded_columns(type(obj)):
        before, after = _before_and_after(state, key, kind)
        if before == after or (_is_blank(before) and _is_blank(after)):
            continue
        if key in obj.__audit_secret__:
            changes[key] = {"from": before and WITHHELD, "to": after and WITHHELD}
        elif link is not None:
            target = link.mapper.class_
            changes[link.key] = {
                "from": labels(target, before) if before else None,
                "to": labels(target, after) if after else None,
            }
        else:
            changes[key] = {"from": _plain(before), "to": _plain(after)}
    return changes


RecordedColumns = tuple[tuple[str, RelationshipProperty | None], ...]
_recorded: dict[type, RecordedColumns] = {}


def _recorded_columns(model: type[Audited]) -> RecordedColumns:
    """The columns of `model` an entry records, each with the many-to-one link it holds (if any);
    worked out once per model, since a flush may record thousands of objects."""
    if model in _recorded:
        return _recorded[model]
    mapper = inspect(model)
    skipped = ALWAYS_IGNORED | model.__audit_ignore__ | {c.key for c in mapper.primary_key}
    if model.__audit_parent__:
        skipped |= {model.__audit_parent__[1]}
    links = {
        column.key: relationship
        for relationship in mapper.relationships
        if relationship.direction is RelationshipDirection.MANYTOONE
        for column in relationship.local_columns
    }
    _recorded[model] = tuple(
        (attribute.key, links.get(attribute.key))
        for attribute in mapper.column_attrs
        if attribute.key not in skipped
    )
    return _recorded[model]


def _collection_changes(state) -> dict[str, dict[str, list]]:
    """Many-to-many links that changed (a product's certifications), as sorted labels."""
    changes = {}
    for relationship in state.mapper.relationships:
        if relationship.secondary is None:
            continue
        history = _history(state.obj(), relationship.key)
        if history.has_changes():
            kept = list(history.unchanged)
            changes[relationship.key] = {
                "from": sorted(str(_label(linked)) for linked in kept + list(history.deleted)),
                "to": sorted(str(_label(linked)) for linked in kept + list(history.added)),
            }
    return changes


def _before_and_after(state, key: str, kind: str) -> tuple[Any, Any]:
    if kind == "create":
        return None, state.dict.get(key)
    if kind == "delete":
        return _current_or_old(state.obj(), key), None
    history = _history(state.obj(), key)
    if not history.has_changes():
        return None, None
    return (history.deleted[0] if history.deleted else None), (
        history.added[0] if history.added else None
    )


def _current_or_old(obj, key: str) -> Any:
    history = _history(obj, key)
    for values in (history.added, history.unchanged, history.deleted):
        if values and values[0] is not None:
            return values[0]
    return None


def _history(obj: Any, key: str) -> History:
    """An attribute's history as `inspect(obj).attrs[key].history` gives it, without building
    the state's view of every attribute (a flush of thousands of objects would build them all)."""
    return get_history(obj, key, passive=PASSIVE_NO_INITIALIZE)


def _whole_part(changes: dict[str, dict[str, Any]], kind: str) -> dict[str, Any]:
    """A created or deleted part as one change: its fields appear or vanish together."""
    values = {
        name: change["to" if kind == "create" else "from"] for name, change in changes.items()
    }
    return {"from": None, "to": values} if kind == "create" else {"from": values, "to": None}


def _update_action(changes: dict[str, dict[str, Any]]) -> str:
    for name, test, action in ACTION_RULES:
        if name in changes and test(changes[name]["from"], changes[name]["to"]):
            return action
    return "update"


def _request_actor() -> tuple[int | None, str | None]:
    """The user behind this flush (none for the CLI and anonymous requests)."""
    user = current_user()
    if user is None:
        return None, None
    return user.id, user.email


def _id(obj: Any) -> int:
    return obj.id


def _label(obj) -> str | None:
    if obj is None:
        return None
    return obj.audit_label if isinstance(obj, Audited) else str(getattr(obj, "slug", obj))


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _plain(value: Any) -> Any:
    """`value` as JSON can hold it: enums by value, decimals and times as strings."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
