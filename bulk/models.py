"""Import jobs and their products, kept in the database so a job outlives the process running it."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.auth.models import User
from core.clock import utcnow
from core.extensions import Model
from core.models import UTCDateTime, value_enum


class ImportState(StrEnum):
    VALIDATING = "validating"  # waiting for a worker or being checked
    VALIDATED = "validated"  # the dry-run report is ready; applying is a second step
    APPLYING = "applying"  # waiting for a worker or being written
    APPLIED = "applied"
    FAILED = "failed"


# States a worker picks up; the others wait for a person or are over.
RUNNABLE = (ImportState.VALIDATING, ImportState.APPLYING)


class ItemAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    INVALID = "invalid"


class ItemOutcome(StrEnum):
    PENDING = "pending"
    APPLIED = "applied"
    SKIPPED = "skipped"  # unchanged, or invalid and left out
    FAILED = "failed"  # refused when applied (the catalogue changed since the dry run)


class ImportJob(Model):
    """One uploaded file: its checking, its report and the writing of its products."""

    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_state_lease", "state", "lease_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[ImportState] = mapped_column(value_enum(ImportState))
    # Apply straight after a clean check instead of waiting for a second request.
    apply_when_valid: Mapped[bool] = mapped_column(Boolean, default=False)
    create_terms: Mapped[bool] = mapped_column(Boolean, default=False)
    # Asked for at apply time: write the valid products and leave the invalid ones out.
    valid_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # The upload until it has been read into items; then emptied. Read only when asked for.
    source: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    products_total: Mapped[int] = mapped_column(Integer, default=0)
    products_done: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # The file's columns, as read from its first row.
    columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Errors not about one product: the whole file's ("file": nothing can be applied) and rows
    # that belong to no product ("row"): {"scope", "line", "column", "message"}.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Terms the import creates first (with create_terms): [{"kind": "brand", "name": "…"}].
    new_terms: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    failure: Mapped[str | None] = mapped_column(String(500))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The worker holding the job and until when; a lapsed lease lets another worker resume it.
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def file_refused(self) -> bool:
        """Whether the file itself could not be used (nothing of it can be applied)."""
        return any(error["scope"] == "file" for error in self.errors)

    @property
    def work_id(self) -> str:
        """How logs and audit entries name this job's work."""
        return f"import-{self.id}"


class ImportItem(Model):
    """One product of an import: the rows it came from, what the check found, what was done."""

    __tablename__ = "import_items"
    __table_args__ = (Index("ix_import_items_job_position", "job_id", "position", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("import_jobs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    slug: Mapped[str] = mapped_column(String(220))
    first_line: Mapped[int] = mapped_column(Integer)
    # [[line, {column: cell text}], …] as read from the file: applying checks them again.
    rows: Mapped[list[Any]] = mapped_column(JSON)
    action: Mapped[ItemAction] = mapped_column(value_enum(ItemAction))
    changes: Mapped[list[str]] = mapped_column(JSON, default=list)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    outcome: Mapped[ItemOutcome] = mapped_column(
        value_enum(ItemOutcome), default=ItemOutcome.PENDING
    )
