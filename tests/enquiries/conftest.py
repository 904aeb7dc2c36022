"""Enquiry stories: a published faucet to ask about, and a real SMTP server on loopback."""

import socket
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from tests.catalog.conftest import make_product, taxonomy, variant  # noqa: F401  (fixtures)
from tests.console.conftest import (  # noqa: F401  (fixtures)
    admin_console,
    chromium,
    console_server,
    editor_console,
    staff,
    tabs,
)

STAFF_ADDRESSES = "sales@example.com, quotes@example.com"
ENQUIRY = {
    "name": "Grace Plumber",
    "email": "grace@plumbing.example",
    "company": "Grace & Sons Plumbing",
    "message": "Do you deliver to Leeds?",
    "quantities": [{"finish": "chrome", "quantity": 40}, {"finish": "gunmetal", "quantity": 12}],
}


@pytest.fixture
def faucet(make_product) -> dict:  # noqa: F811  (the imported fixture)
    """A published faucet in chrome and gunmetal (the catalogue's own test product)."""
    return make_product()


@pytest.fixture
def draft_faucet(make_product) -> dict:  # noqa: F811
    """A faucet still in draft: shoppers cannot see it, nor ask about it."""
    return make_product(
        name="Secret Prototype Faucet",
        slug="secret-prototype",
        status="draft",
        variants=[variant("PROTO-CH", "chrome", "99.00")],
    )


def free_port() -> int:
    """A loopback port nothing listens on (the test server may take it next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The messages an SMTP server on loopback received, parsed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages once `count` have arrived (fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} messages arrived"
        return self.messages


@pytest.fixture
def inbox():
    """An SMTP server (aiosmtpd) on a free loopback port, collecting what it receives."""
    server = Inbox(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings():
    """The settings of an app that emails staff through `port` on loopback (no TLS)."""

    def settings(port: int) -> dict:
        return {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": port,
            "SMTP_SECURITY": "none",
            "SMTP_TIMEOUT": 5.0,
            "MAIL_FROM": "catalogue@example.com",
            "ENQUIRY_NOTIFY_TO": STAFF_ADDRESSES,
        }

    return settings


def enquiry_url(slug: str) -> str:
    return f"/api/v1/products/{slug}/enquiries"
