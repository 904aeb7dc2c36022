"""`flask users ...`: manage admin users from the shell."""

import click
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
    """Print how to get an admin token for the API."""
    if services.count_users() == 0:
        click.echo("No users yet. Create an admin (you will be asked for a password):")
        click.echo("  .venv/bin/flask users create --email you@example.com --role admin")
    click.echo("Get a bearer token for the admin API:")
    click.echo(
        "  curl -s -X POST http://127.0.0.1:5000/api/v1/auth/tokens "
        "-H 'Content-Type: application/json' "
        """-d '{"email": "you@example.com", "password": "..."}'"""
    )
    click.echo("API docs: http://127.0.0.1:5000/api/docs")
