"""The first run says how to reach the console: create the first admin, then sign in."""

from core.auth.models import Role
from tests.conftest import ADMIN_PASSWORD, PUBLIC_BASE_URL, create_user
from tests.console.console import Console


def test_with_no_admin_the_hint_gives_the_command_that_makes_one(app, runner):
    result = runner.invoke(args=["users", "hint"])
    assert result.exit_code == 0, result.output
    assert "No admin yet" in result.output
    assert "flask users create --email you@example.com --role admin" in result.output
    assert f"{PUBLIC_BASE_URL}/admin" in result.output


def test_the_command_it_gives_makes_an_admin_who_can_sign_in(app, runner):
    result = runner.invoke(
        args=["users", "create", "--email", "first@example.com", "--role", "admin"],
        input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    Console(app.test_client()).sign_in("first@example.com", ADMIN_PASSWORD)
    result = runner.invoke(args=["users", "hint"])
    assert "No admin yet" not in result.output
    assert f"Staff console: {PUBLIC_BASE_URL}/admin" in result.output


def test_an_editor_alone_is_not_an_admin(app, runner):
    create_user(app, "ed@example.com", ADMIN_PASSWORD, Role.EDITOR, "Ed")
    assert "No admin yet" in runner.invoke(args=["users", "hint"]).output
