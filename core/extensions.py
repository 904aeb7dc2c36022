"""Extension objects shared by every app (each binds them in `init_app`) and the session class."""

from typing import TYPE_CHECKING

from flask import g, has_app_context
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose constraint names are stable across databases."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


HOLD_COMMITS = "commits_held"
HELD_WHOLE = "whole"


class HoldableSession(Session):
    """A session whose commits a request (or background work) can hold, to commit once later.

    An idempotent request holds them so that its write and the response it stores for
    retries commit together (core.idempotency): a worker killed in between leaves neither.
    An import job holds them to write a few whole products, and its progress, in one commit.
    """

    def commit(self) -> None:
        """Commit; while commits are held, flush instead (or, held whole, do nothing yet)."""
        held = g.get(HOLD_COMMITS) if has_app_context() else None
        if held is None:
            super().commit()
        elif held != HELD_WHOLE:
            self.flush()

    def commit_held(self) -> None:
        """Stop holding this request's commits and commit everything it wrote."""
        g.pop(HOLD_COMMITS, None)
        super().commit()


def hold_commits(*, flush_each: bool = True) -> None:
    """Make this request's commits flush only (or, without `flush_each`, do nothing), until
    `db.session.commit_held()` flushes and commits everything at once."""
    g.setdefault(HOLD_COMMITS, True if flush_each else HELD_WHOLE)


def stop_holding_commits() -> None:
    """Let commits through again without committing (after a rollback of what was held)."""
    g.pop(HOLD_COMMITS, None)


db = SQLAlchemy(model_class=Base, session_options={"class_": HoldableSession})
# Models derive from `Model`: Flask-SQLAlchemy's `db.Model`, which type checkers know as `Base`.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate(compare_type=True, render_as_batch=True)
