"""`flask media prune`: remove stored images that nothing uses."""

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from media.pruning import prune

media_cli = AppGroup("media", help="Stored images.")


@media_cli.command("prune")
@click.option("--apply", is_flag=True, help="Delete; without it, only report what would go.")
@click.option(
    "--grace-minutes",
    type=click.IntRange(min=0),
    default=None,
    help="Keep anything younger (default: MEDIA_PRUNE_GRACE_MINUTES).",
)
def prune_command(apply: bool, grace_minutes: int | None) -> None:
    """Remove images no product or article uses, and stray files (a dry run by default)."""
    minutes = (
        grace_minutes
        if grace_minutes is not None
        else current_app.config["MEDIA_PRUNE_GRACE_MINUTES"]
    )
    report = prune(apply=apply, grace=timedelta(minutes=minutes))
    verb = "Removed" if report.applied else "Would remove"
    click.echo(f"{verb} {report.assets} unused images and {report.files} files.")
    if not report.applied and (report.assets or report.files):
        click.echo("Run again with --apply to delete them.")
