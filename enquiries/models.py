"""Enquiry tables: a shopper's request for a quote about one product, with quantities by finish."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models import Finish, Product
from core.audit.models import Audited
from core.extensions import Model
from core.models import TimestampMixin, UTCDateTime, VersionedMixin, value_enum


class EnquiryStatus(StrEnum):
    """Where staff stand with an enquiry."""

    NEW = "new"
    ANSWERED = "answered"
    CLOSED = "closed"


class Enquiry(TimestampMixin, VersionedMixin, Audited, Model):
    """A shopper's question or request for a quote about a product; staff answer by email."""

    __tablename__ = "enquiries"
    __audit_label__ = "reference"
    # The shopper's own words and address stay in the enquiry, not copied into the audit log;
    # mail bookkeeping is the mailer's, not a person's change.
    __audit_secret__ = frozenset({"name", "email", "company", "message"})
    __audit_ignore__ = frozenset({"notified_at", "mail_attempts", "mail_error"})
    __table_args__ = (Index("ix_enquiries_listing", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # An enquiry is a business record: a product that has some is archived, not destroyed.
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    company: Mapped[str | None] = mapped_column(String(160))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[EnquiryStatus] = mapped_column(
        value_enum(EnquiryStatus), default=EnquiryStatus.NEW
    )
    # Null until staff were emailed: such an enquiry is pending (`flask enquiries notify`).
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_attempts: Mapped[int] = mapped_column(Integer, default=0)
    mail_error: Mapped[str | None] = mapped_column(String(500))

    product: Mapped[Product] = relationship()
    lines: Mapped[list["EnquiryLine"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="EnquiryLine.position"
    )

    @property
    def reference(self) -> str:
        """How staff and the shopper name the enquiry (E-000042)."""
        return f"E-{self.id:06d}"

    @property
    def total_quantity(self) -> int:
        """Units asked for, over every finish."""
        return sum(line.quantity for line in self.lines)


class EnquiryLine(Model):
    """How many units of the product in one finish the shopper asks about."""

    __tablename__ = "enquiry_lines"
    __table_args__ = (
        UniqueConstraint("enquiry_id", "finish_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"))
    finish_id: Mapped[int] = mapped_column(
        ForeignKey("finishes.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    finish: Mapped[Finish] = relationship()
