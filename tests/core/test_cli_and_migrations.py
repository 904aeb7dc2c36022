"""Operators manage users from the shell; migrations build exactly the schema of the models."""

from core.auth.models import User


def test_an_operator_creates_an_admin_from_the_shell(runner, client, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "ops@example.com",
            "--role",
            "admin",
            "--password",
            "a very long secret",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created admin ops@example.com" in result.output
    login = client.post(
        "/api/v1/auth/tokens", json={"email": "ops@example.com", "password": "a very long secret"}
    )
    assert login.status_code == 201


def test_the_password_is_prompted_for_when_not_given(runner, db):
    result = runner.invoke(
        args=["users", "create", "--email", "ed@example.com"],
        input="prompted password\nprompted password\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.query(User).filter_by(email="ed@example.com").one().role.value == "editor"


def test_a_short_password_or_a_taken_email_is_refused(runner, db):
    short = runner.invoke(args=["users", "create", "--email", "a@example.com", "--password", "x"])
    assert short.exit_code != 0 and "12 characters" in short.output
    args = ["users", "create", "--email", "a@example.com", "--password", "long enough pass"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "already exists" in again.output


def test_the_migrated_schema_matches_the_models(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_migrations_build_an_empty_sqlite_database_from_nothing(tmp_path):
    from flask_migrate import check, upgrade

    from app import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "SECRET_KEY": "x"})
    with app.app_context():
        upgrade(revision="heads")
        check()
