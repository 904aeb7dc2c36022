"""Enquiry reads: staff's filtered list, one enquiry, and those whose notification is pending."""

from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from catalog.models import Product
from core.clock import utcnow
from core.extensions import db
from core.problems import Problem
from enquiries.models import Enquiry, EnquiryLine, EnquiryStatus

LOAD_OPTIONS = (
    joinedload(Enquiry.product),
    selectinload(Enquiry.lines).joinedload(EnquiryLine.finish),
)
# A notification younger than this may still be on its way from a web worker: a retry leaves
# it alone rather than send it twice.
IN_FLIGHT = timedelta(minutes=10)


def enquiry_listing(args: dict[str, Any]) -> Select:
    """Enquiries matching the `status` and `product` filters present in `args`, newest first."""
    statement = select(Enquiry).order_by(Enquiry.id.desc())
    if args.get("status") is not None:
        statement = statement.where(Enquiry.status == args["status"])
    if args.get("product"):
        statement = statement.join(Enquiry.product).where(Product.slug == args["product"])
    return statement


def get_enquiry(enquiry_id: int) -> Enquiry:
    """The enquiry with `enquiry_id`, or a 404 problem."""
    enquiry = db.session.scalar(
        select(Enquiry).where(Enquiry.id == enquiry_id).options(*LOAD_OPTIONS)
    )
    if enquiry is None:
        raise Problem(404, f"No enquiry with id {enquiry_id}.", kind="not-found")
    return enquiry


def pending_notifications(limit: int = 100) -> list[Enquiry]:
    """Enquiries staff were not emailed about: those that failed, and any left unsent."""
    unsent = Enquiry.notified_at.is_(None)
    settled = or_(Enquiry.mail_attempts > 0, Enquiry.created_at < utcnow() - IN_FLIGHT)
    statement = select(Enquiry).where(unsent, settled).order_by(Enquiry.id).limit(limit)
    return list(db.session.scalars(statement.options(*LOAD_OPTIONS)))


def count_by_status() -> dict[str, int]:
    """How many enquiries stand at each status (every status listed, zero included)."""
    counts = {status.value: 0 for status in EnquiryStatus}
    rows = db.session.execute(select(Enquiry.status, func.count()).group_by(Enquiry.status))
    for status, count in rows:
        counts[str(status)] = count
    return counts
