"""`flask enquiries notify`: email staff about the enquiries whose notification is pending."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from enquiries.mail import mail_settings

enquiries_cli = AppGroup("enquiries", help="Product enquiries (requests for a quote).")


@enquiries_cli.command("notify")
def notify_command() -> None:
    """Email staff about enquiries whose notification failed or was never sent."""
    from enquiries.services import notify_pending

    if mail_settings(current_app.config) is None:
        raise click.ClickException("Mail is off: set SMTP_HOST and ENQUIRY_NOTIFY_TO first.")
    sent, failed = notify_pending()
    click.echo(f"Notified staff of {sent} enquiries; {failed} failed (run again later).")
    if failed:
        raise SystemExit(1)


def register_enquiry_commands(app: Flask) -> None:
    """Add `flask enquiries` to `app`."""
    app.cli.add_command(enquiries_cli)
