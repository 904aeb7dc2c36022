"""`flask users ...`: manage admin users from the shell."""

import click
from flask import current_app
from flask.cli import AppGroup

from core.auth import services
from core.auth.models import Role
from core.problems import Problem

users_cli = AppGroup("users", help="Manage admin and editor accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.EDITOR.value)
@click.option("--name", "display_name", default=None, help="Public name (defaults to the email).")
@click.password_option(help="Prompted for when not given.")
def create_user_command(email: str, role: str, display_name: str | None, password: str) -> None:
    """Create a user who can get API tokens."""
    if len(password) < 12:
        raise click.BadParameter("use at least 12 characters", param_hint="--password")
    try:
        user = services.create_user(email, password, Role(role), display_name)
    except Problem as problem:
        raise click.ClickException(problem.detail) from problem
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@users_cli.command("hint")
def hint_command() -> None:
    """Print how to sign in to the staff console and to the API."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if services.count_active_admins() == 0:
        click.echo("No admin yet. To make the first one, run this in another terminal")
        click.echo("(it asks for a password of 12 characters or more):")
        click.echo("  .venv/bin/flask users create --email you@example.com --role admin")
        click.echo(f"then sign in to the staff console at {base}/admin with that email.")
    else:
        click.echo(f"Staff console: {base}/admin (sign in with an admin's or editor's email).")
        click.echo("Another account: .venv/bin/flask users create --email ... --role editor")
    click.echo(
        f"API: a bearer token from POST {base}/api/v1/auth/tokens with your email and "
        f"password; docs at {base}/api/docs"
    )
