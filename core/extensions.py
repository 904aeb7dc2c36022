"""Extension objects shared by every app (each binds them in `init_app`) and the session class."""

from typing import TYPE_CHECKING

from flask import g, has_request_context
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


class HoldableSession(Session):
    """A session whose commits a request can hold, to commit once with what it records last.

    An idempotent request holds them so that its write and the response it stores for
    retries commit together (core.idempotency): a worker killed in between leaves neither.
    """

    def commit(self) -> None:
        """Commit, or only flush while this request holds its commits."""
        if has_request_context() and g.get(HOLD_COMMITS):
            self.flush()
        else:
            super().commit()

    def commit_held(self) -> None:
        """Stop holding this request's commits and commit everything it wrote."""
        g.pop(HOLD_COMMITS, None)
        super().commit()


def hold_commits() -> None:
    """Make this request's commits flush only, until `db.session.commit_held()`."""
    g.setdefault(HOLD_COMMITS, True)


db = SQLAlchemy(model_class=Base, session_options={"class_": HoldableSession})
# Models derive from `Model`: Flask-SQLAlchemy's `db.Model`, which type checkers know as `Base`.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate(compare_type=True, render_as_batch=True)
