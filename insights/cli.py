"""`flask insights prune`: delete search-log rows past their retention."""

import click
from flask import current_app
from flask.cli import AppGroup

from insights.services import prune

insights_cli = AppGroup("insights", help="The search log.")


@insights_cli.command("prune")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    help="Keep this many days (default: SEARCH_LOG_RETENTION_DAYS).",
)
def prune_command(days: int | None) -> None:
    """Delete logged searches and opened results older than the retention."""
    keep = days or int(current_app.config["SEARCH_LOG_RETENTION_DAYS"])
    searches, clicks = prune(keep)
    click.echo(
        f"deleted {searches} search(es) and {clicks} opened result(s) older than {keep} days"
    )
