"""Reading the audit log: filtered statements, newest first."""

from typing import Any

from sqlalchemy import Select, select

from core.audit.models import AuditEntry, audit_type

FILTERS = {
    "object_type": lambda value: AuditEntry.object_type == value,
    "object_id": lambda value: AuditEntry.object_id == value,
    "user_id": lambda value: AuditEntry.user_id == value,
    "action": lambda value: AuditEntry.action == value,
    "since": lambda value: AuditEntry.occurred_at >= value,
    "until": lambda value: AuditEntry.occurred_at < value,
}


def audit_log(args: dict[str, Any]) -> Select:
    """Entries matching the filters present in `args`, newest first."""
    statement = select(AuditEntry).order_by(AuditEntry.id.desc())
    for name, condition in FILTERS.items():
        if args.get(name) is not None:
            statement = statement.where(condition(args[name]))
    return statement


def object_history(subject) -> Select:
    """Every entry about `subject` (an audited object), newest first."""
    return audit_log({"object_type": audit_type(type(subject)), "object_id": subject.id})
