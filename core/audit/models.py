"""The audit log table and the mixin through which models opt into it."""

import re
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from core.clock import utcnow
from core.extensions import Model
from core.models import UTCDateTime

# Bookkeeping that moves on every write and says nothing about what the editor changed.
ALWAYS_IGNORED = frozenset({"version", "created_at", "updated_at"})


class Audited:
    """Opt a model into the audit log: every committed create, change and delete is recorded.

    Class attributes tune it: `__audit_label__` names the attribute people know the object by,
    `__audit_ignore__` lists fields not worth recording, `__audit_secret__` fields recorded as
    changed without their values, `__audit_actor__` the attribute holding the acting user's id
    when nobody is signed in (a login), and `__audit_parent__` = (parent type, foreign key)
    files a part's changes under its parent (a product's variants under the product).
    """

    __audit_label__: ClassVar[str] = "slug"
    __audit_ignore__: ClassVar[frozenset[str]] = frozenset()
    __audit_secret__: ClassVar[frozenset[str]] = frozenset()
    __audit_actor__: ClassVar[str | None] = None
    __audit_parent__: ClassVar[tuple[str, str] | None] = None

    @property
    def audit_label(self) -> str:
        """How people name this object in the log."""
        return str(getattr(self, self.__audit_label__))


def audited_model(object_type: str) -> type:
    """The mapped model whose audit entries carry `object_type` (KeyError when none does)."""
    for mapper in Model.registry.mappers:
        if issubclass(mapper.class_, Audited) and audit_type(mapper.class_) == object_type:
            return mapper.class_
    raise KeyError(object_type)


def audit_type(model: type) -> str:
    """The object type recorded for `model`: its class name in snake case (ApiToken → api_token)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


class AuditEntry(Model):
    """One write to one object: who, when, what, and each changed field's before and after."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Kept as written so the entry still says who it was after the account is gone.
    actor: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(16))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    object_label: Mapped[str] = mapped_column(String(255))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(128))


@event.listens_for(Audited, "mapper_configured", propagate=True)
def _keep_old_values(mapper: Mapper, model: type) -> None:
    """Load a column's old value before it is overwritten, so every recorded change has a before."""
    for attribute in mapper.column_attrs:
        event.listen(attribute.class_attribute, "set", _pass_through, active_history=True)


def _pass_through(target, value, old_value, initiator):
    return value
