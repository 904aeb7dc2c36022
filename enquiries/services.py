"""Enquiry writes: receiving a shopper's enquiry, staff's status changes and the mail record;
each owns its transaction."""

import logging
import smtplib
from collections.abc import Mapping
from email.errors import MessageError
from typing import Any

from flask import current_app
from sqlalchemy import update

from catalog.models import Product
from core.clock import utcnow
from core.extensions import db
from core.problems import validation_problem
from enquiries import queries
from enquiries.mail import compose, mail_settings, notify_after_commit, send
from enquiries.models import Enquiry, EnquiryLine, EnquiryStatus
from enquiries.schemas import HONEYPOT

log = logging.getLogger(__name__)
MAIL_ERROR_CHARS = 500


def receive_enquiry(product: Product, data: Mapping[str, Any]) -> Enquiry | None:
    """Store a shopper's enquiry about `product` (loaded by EnquiryInputSchema); staff are
    emailed once it is committed. A filled honeypot stores nothing and returns None."""
    if data.get(HONEYPOT):
        log.info("enquiry about %s dropped: the honeypot field was filled", product.slug)
        return None
    enquiry = Enquiry(
        product=product,
        name=data["name"].strip(),
        email=data["email"],
        company=(data.get("company") or "").strip() or None,
        message=data.get("message", "").strip(),
        status=EnquiryStatus.NEW,
        lines=_lines(product, data.get("quantities", [])),
    )
    db.session.add(enquiry)
    db.session.flush()
    notify_after_commit(db.session(), enquiry.id)
    db.session.commit()
    return enquiry


def _lines(product: Product, quantities: list[Mapping[str, Any]]) -> list[EnquiryLine]:
    """The lines of the quantities above zero; each finish must be one the product comes in."""
    finishes = {finish.slug: finish for finish in product.finishes}
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    lines = []
    for index, asked in enumerate(quantities):
        slug = asked["finish"]
        if slug not in finishes:
            errors[f"quantities.{index}.finish"] = ["Not a finish this product comes in."]
        elif slug in seen:
            errors[f"quantities.{index}.finish"] = ["This finish is given twice."]
        elif asked["quantity"] > 0:
            lines.append(
                EnquiryLine(finish=finishes[slug], quantity=asked["quantity"], position=index)
            )
        seen.add(slug)
    if errors:
        raise validation_problem(errors)
    return lines


def set_enquiry_status(enquiry: Enquiry, status: EnquiryStatus) -> Enquiry:
    """Record where staff stand with `enquiry` (audited; the version moves)."""
    enquiry.status = status
    enquiry.updated_at = utcnow()
    db.session.commit()
    return enquiry


def notify_staff(enquiry_id: int) -> bool:
    """Email staff about an enquiry not yet notified and record the outcome; whether it went."""
    settings = mail_settings(current_app.config)
    enquiry = queries.get_enquiry(enquiry_id)
    if settings is None or enquiry.notified_at is not None:
        return False
    try:
        send(compose(enquiry, settings), settings)
    except (smtplib.SMTPException, OSError, ValueError, MessageError) as error:
        log.warning("emailing staff about enquiry %s failed: %s", enquiry_id, error)
        _record_mail(enquiry_id, error=f"{type(error).__name__}: {error}"[:MAIL_ERROR_CHARS])
        return False
    log.info("staff were emailed about enquiry %s", enquiry_id)
    _record_mail(enquiry_id, error=None)
    return True


def notify_pending() -> tuple[int, int]:
    """Email staff about every pending enquiry (failed or never sent); (sent, failed)."""
    sent = failed = 0
    for enquiry in queries.pending_notifications():
        if notify_staff(enquiry.id):
            sent += 1
        else:
            failed += 1
    return sent, failed


def _record_mail(enquiry_id: int, error: str | None) -> None:
    """Write the attempt's outcome without moving the version: it is no edit of the enquiry."""
    values: dict[str, Any] = {
        "mail_attempts": Enquiry.mail_attempts + 1,
        "mail_error": error,
        "updated_at": Enquiry.updated_at,  # kept: staff's "last changed" means their changes
    }
    if error is None:
        values["notified_at"] = utcnow()
    db.session.rollback()  # the enquiry read for the message is no longer needed
    db.session.execute(
        update(Enquiry).where(Enquiry.id == enquiry_id).values(**values),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
