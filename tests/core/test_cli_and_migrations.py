"""Operators manage users from the shell; migrations build exactly the schema of the models."""

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from core.auth.models import User
from core.extensions import db as _db
from tests.core.check_constraints import database_checks, model_checks


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


def test_the_migrated_schema_matches_the_models(runner, db):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert database_checks(db.engine) == model_checks(db.metadata, db.engine)


def test_the_database_refuses_a_role_or_article_status_the_code_never_writes(client, editor, db):
    article = client.post("/api/v1/articles", json={"title": "Brass"}, headers=editor)
    assert article.status_code == 201, article.json
    refused = {
        "ck_users_role": "UPDATE users SET role = 'owner'",
        # `scheduled` is derived from a future published_at; the column never holds it.
        "ck_articles_articlestatus": "UPDATE articles SET status = 'scheduled'",
    }
    for constraint, statement in refused.items():
        with pytest.raises(IntegrityError, match=constraint):
            db.session.execute(text(statement))
        db.session.rollback()


def test_migrations_build_an_empty_sqlite_database_from_nothing(tmp_path):
    from flask_migrate import check, upgrade

    from app import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        check()
        assert database_checks(_db.engine) == model_checks(_db.metadata, _db.engine)
        _db.engine.dispose()


def test_the_migrations_go_down_to_nothing_and_up_again(app):
    from flask_migrate import check, downgrade, upgrade

    with app.app_context():
        downgrade(revision="base")
        assert inspect(_db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        check()
        assert database_checks(_db.engine) == model_checks(_db.metadata, _db.engine)


def test_the_migration_history_is_one_straight_line(app):
    script = ScriptDirectory(app.extensions["migrate"].directory)
    revisions = list(script.walk_revisions())  # from the head down to the first
    assert len(script.get_heads()) == 1
    assert [revision.down_revision for revision in revisions] == [
        *(revision.revision for revision in revisions[1:]),
        None,
    ]
