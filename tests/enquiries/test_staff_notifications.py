"""Staff are emailed about each enquiry through SMTP; a failed mail loses nothing and is resent."""

import socket
import time
from email.utils import getaddresses

import pytest

from enquiries.mail import wait_for_mail
from tests.enquiries.conftest import ENQUIRY, STAFF_ADDRESSES, Inbox, enquiry_url, free_port


def test_staff_receive_the_enquiry_by_email_and_a_reply_goes_to_the_shopper(
    make_app, faucet, editor, inbox, mail_settings
):
    app = make_app(**mail_settings(inbox.port))
    client = app.test_client()
    assert client.post(enquiry_url(faucet["slug"]), json=ENQUIRY).status_code == 202

    (message,) = inbox.wait_for(1)
    assert sorted(inbox.recipients[0]) == ["quotes@example.com", "sales@example.com"]
    assert [address for _, address in getaddresses([message["To"]])] == [
        address.strip() for address in STAFF_ADDRESSES.split(",")
    ]
    assert message["From"] == "catalogue@example.com"
    assert message["Reply-To"].addresses[0].addr_spec == "grace@plumbing.example"
    assert message["Reply-To"].addresses[0].display_name == "Grace Plumber"
    assert faucet["name"] in message["Subject"]
    body = message.get_content()
    for expected in (
        "Grace & Sons Plumbing",
        "Chrome: 40",
        "Gunmetal: 12",
        "Total: 52",
        "Do you deliver to Leeds?",
        f"https://catalogue.example/p/{faucet['slug']}",
        "https://catalogue.example/admin/enquiries/",
    ):
        assert expected in body, expected

    assert wait_for_mail(app)
    item = client.get("/api/v1/enquiries", headers=editor).json["items"][0]
    assert item["notified_at"] is not None
    assert (item["mail_attempts"], item["mail_error"]) == (1, None)


def test_a_mail_server_that_is_down_loses_no_enquiry_and_the_retry_command_sends_it(
    make_app, faucet, editor, mail_settings
):
    port = free_port()  # nothing listens there yet
    app = make_app(**mail_settings(port))
    client = app.test_client()
    sent = client.post(enquiry_url(faucet["slug"]), json=ENQUIRY)
    assert sent.status_code == 202  # the shopper is not made to wait for, or suffer, the mail
    assert wait_for_mail(app)
    item = client.get("/api/v1/enquiries", headers=editor).json["items"][0]
    assert item["notified_at"] is None
    assert item["mail_attempts"] == 1
    assert "Connection" in item["mail_error"] or "refused" in item["mail_error"]

    inbox = Inbox(port)
    inbox.start()
    try:
        result = app.test_cli_runner().invoke(args=["enquiries", "notify"])
        assert result.exit_code == 0, result.output
        assert "Notified staff of 1 enquiries; 0 failed" in result.output
        (message,) = inbox.wait_for(1)
        assert "Chrome: 40" in message.get_content()
        again = app.test_cli_runner().invoke(args=["enquiries", "notify"])
        assert "Notified staff of 0 enquiries" in again.output  # nobody is emailed twice
    finally:
        inbox.stop()
    item = client.get("/api/v1/enquiries", headers=editor).json["items"][0]
    assert item["notified_at"] is not None
    assert (item["mail_attempts"], item["mail_error"]) == (2, None)


def test_the_retry_command_fails_while_the_server_is_still_down(make_app, faucet, mail_settings):
    app = make_app(**mail_settings(free_port()))
    app.test_client().post(enquiry_url(faucet["slug"]), json=ENQUIRY)
    assert wait_for_mail(app)
    result = app.test_cli_runner().invoke(args=["enquiries", "notify"])
    assert result.exit_code == 1
    assert "0 enquiries; 1 failed" in result.output


def test_without_smtp_settings_the_enquiry_is_stored_and_the_log_says_mail_is_off(
    client, faucet, editor, caplog
):
    caplog.set_level("INFO", logger="enquiries")
    assert client.post(enquiry_url(faucet["slug"]), json=ENQUIRY).status_code == 202
    assert "mail is off" in caplog.text
    assert client.get("/api/v1/enquiries", headers=editor).json["meta"]["total"] == 1


def test_the_retry_command_says_mail_is_off_without_settings(app):
    result = app.test_cli_runner().invoke(args=["enquiries", "notify"])
    assert result.exit_code == 1
    assert "Mail is off" in result.output


def test_a_mail_server_that_never_answers_neither_delays_the_shopper_nor_hangs(
    make_app, faucet, editor, mail_settings
):
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings = {**mail_settings(silent.getsockname()[1]), "SMTP_TIMEOUT": 3}
        app = make_app(**settings)
        client = app.test_client()
        started = time.monotonic()
        assert client.post(enquiry_url(faucet["slug"]), json=ENQUIRY).status_code == 202
        # The shopper has the answer while the mail is still waiting for the server (a fixed
        # bound on the request's time would also measure how busy the machine is).
        assert time.monotonic() - started < 3
        assert not wait_for_mail(app, timeout=0)
        assert wait_for_mail(app, timeout=10)  # and the mail gives up on its own
    item = client.get("/api/v1/enquiries", headers=editor).json["items"][0]
    assert item["notified_at"] is None
    assert "timed out" in item["mail_error"]


def test_an_unknown_smtp_security_stops_the_app_at_start(make_app, mail_settings):
    with pytest.raises(RuntimeError, match="SMTP_SECURITY"):
        make_app(**{**mail_settings(25), "SMTP_SECURITY": "tls"})
