"""Staff notification of enquiries by SMTP: settings, the message, sending, and the mailer that
sends each committed enquiry from a thread so the shopper's request never waits for mail."""

import logging
import smtplib
import ssl
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app

from core.public_urls import public_url
from core.session_events import on_session_event
from enquiries.models import Enquiry

log = logging.getLogger(__name__)
MAILER = "enquiries.mailer"  # the app.extensions key
TO_NOTIFY = "enquiries_to_notify"  # session.info key: ids committed with this transaction
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send, read from the SMTP_* settings."""

    host: str
    port: int
    security: str
    username: str
    password: str
    timeout: float
    sender: str
    recipients: tuple[str, ...]


def mail_settings(config: Any) -> MailSettings | None:
    """The SMTP settings, or None when mail is off (no SMTP_HOST or nobody to notify)."""
    recipients = tuple(
        address.strip() for address in config["ENQUIRY_NOTIFY_TO"].split(",") if address.strip()
    )
    if not config["SMTP_HOST"] or not recipients:
        return None
    security = config["SMTP_SECURITY"].lower()
    if security not in DEFAULT_PORTS:
        raise RuntimeError(f"SMTP_SECURITY must be none, starttls or ssl, not {security!r}")
    host = urlsplit(config["PUBLIC_BASE_URL"]).hostname or "localhost"
    return MailSettings(
        host=config["SMTP_HOST"],
        port=config["SMTP_PORT"] or DEFAULT_PORTS[security],
        security=security,
        username=config["SMTP_USERNAME"],
        password=config["SMTP_PASSWORD"],
        timeout=config["SMTP_TIMEOUT"],
        sender=config["MAIL_FROM"] or f"catalogue@{host}",
        recipients=recipients,
    )


def compose(enquiry: Enquiry, settings: MailSettings) -> EmailMessage:
    """The staff's email about `enquiry`; replying goes to the shopper."""
    message = EmailMessage()
    message["Subject"] = f"Enquiry {enquiry.reference}: {enquiry.product.name}"
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message["Reply-To"] = Address(enquiry.name, addr_spec=enquiry.email)
    message["Message-ID"] = make_msgid(enquiry.reference, domain=settings.sender.split("@")[-1])
    lines = [
        f"{enquiry.name} <{enquiry.email}>"
        + (f" of {enquiry.company}" if enquiry.company else "")
        + f" asks about {enquiry.product.name}:",
        public_url("web.product", slug=enquiry.product.slug),
        "",
    ]
    if enquiry.lines:
        lines.append("Quantities:")
        lines += [f"  {line.finish.name}: {line.quantity}" for line in enquiry.lines]
        lines.append(f"  Total: {enquiry.total_quantity}")
        lines.append("")
    if enquiry.message:
        lines += ["Message:", enquiry.message, ""]
    lines.append("Reply to this email to answer the shopper.")
    if "console.enquiries_view" in current_app.view_functions:
        console_page = public_url("console.enquiries_view", enquiry_id=enquiry.id)
        lines.append(f"In the console: {console_page}")
    message.set_content("\n".join(lines))
    return message


def send(message: EmailMessage, settings: MailSettings) -> None:
    """Hand `message` to the SMTP server; every step is bounded by the timeout."""
    context = ssl.create_default_context()
    smtp_class = smtplib.SMTP_SSL if settings.security == "ssl" else smtplib.SMTP
    options: dict[str, Any] = {"context": context} if settings.security == "ssl" else {}
    with smtp_class(settings.host, settings.port, timeout=settings.timeout, **options) as smtp:
        if settings.security == "starttls":
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(message)


class Mailer:
    """Sends notifications one at a time from a thread of its own, each in an app context."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="enquiry-mail")
        self._futures: list[Future] = []

    def send_soon(self, enquiry_id: int) -> None:
        """Queue the notification of a committed enquiry."""
        self._futures = [future for future in self._futures if not future.done()]
        self._futures.append(self._executor.submit(self._deliver, enquiry_id))

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the queued notifications; whether all were done within `timeout` s."""
        return not wait(list(self._futures), timeout).not_done

    def _deliver(self, enquiry_id: int) -> None:
        from enquiries.services import notify_staff

        try:
            with self._app.app_context():
                notify_staff(enquiry_id)
        except Exception:  # a background thread has nobody to raise to
            log.exception("notifying staff of enquiry %s failed", enquiry_id)


def register_mailer(app: Flask) -> None:
    """Send staff each enquiry once its transaction has committed (or log that mail is off)."""
    on_session_event(app, "after_commit", _send_committed)
    on_session_event(app, "after_soft_rollback", _forget_rolled_back)
    mail_settings(app.config)  # a wrong SMTP_SECURITY stops the app at start


def notify_after_commit(session, enquiry_id: int) -> None:
    """Have staff emailed about `enquiry_id` once `session` commits it."""
    session.info.setdefault(TO_NOTIFY, []).append(enquiry_id)


def _send_committed(session) -> None:
    ids = session.info.pop(TO_NOTIFY, [])
    if not ids:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if mail_settings(app.config) is None:
        for enquiry_id in ids:
            log.info(
                "enquiry %s stored; mail is off (set SMTP_HOST and ENQUIRY_NOTIFY_TO), "
                "so staff were not emailed",
                enquiry_id,
            )
        return
    mailer = app.extensions.get(MAILER) or app.extensions.setdefault(MAILER, Mailer(app))
    for enquiry_id in ids:
        mailer.send_soon(enquiry_id)


def _forget_rolled_back(session, previous_transaction) -> None:
    if not session.in_transaction():  # a savepoint's rollback keeps the outer transaction's
        session.info.pop(TO_NOTIFY, None)


def wait_for_mail(app: Flask, timeout: float = 10.0) -> bool:
    """Wait for `app`'s queued notifications (tests and commands); whether all were done."""
    mailer = app.extensions.get(MAILER)
    return mailer is None or mailer.wait(timeout)
