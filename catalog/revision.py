"""The catalogue revision: one counter that every write to a catalogue table moves on.

Caches of catalogue reads keep the revision they were computed at and are stale once it moves.
It moves inside the writing transaction, before the write itself, so a reader that sees the new
revision also sees the new rows. ORM flushes and bulk statements run through an app's session
are caught here (`track_revision`); raw SQL text is not, and must call `bump_revision` itself.
"""

from itertools import chain

from flask import Flask
from sqlalchemy import BigInteger, Connection, select
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column
from sqlalchemy.sql.dml import UpdateBase

from catalog.models import (
    Brand,
    Category,
    Certification,
    Finish,
    Market,
    Product,
    ProductImage,
    Variant,
    market_certifications,
    product_certifications,
)
from core.extensions import Model
from core.hot_reads import hot_read
from core.models import table_of
from core.revision_rows import ROW_ID, bump_revision_row
from core.session_events import on_session_event

CATALOGUE_MODELS = (
    Brand,
    Category,
    Certification,
    Finish,
    Market,
    Product,
    ProductImage,
    Variant,
)
CATALOGUE_TABLES = frozenset(
    {model.__tablename__ for model in CATALOGUE_MODELS}
    | {product_certifications.name, market_certifications.name}
)


class CatalogueRevision(Model):
    """The single row holding the catalogue's revision number."""

    __tablename__ = "catalogue_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


REVISION_QUERY = select(CatalogueRevision.revision).where(CatalogueRevision.id == ROW_ID)


def current_revision() -> int:
    """The latest committed revision of the catalogue (0 before any write)."""
    # Every storefront page reads it: a hot read, with a prebuilt Core statement.
    rows = hot_read(REVISION_QUERY)
    return rows[0][0] if rows else 0


def bump_revision(connection: Connection) -> None:
    """Move the revision on within `connection`'s transaction (concurrent writers queue here)."""
    bump_revision_row(connection, table_of(CatalogueRevision))


def track_revision(app: Flask) -> None:
    """Move the revision on with every catalogue write made in `app`'s sessions."""
    on_session_event(app, "before_flush", _bump_before_flush)
    on_session_event(app, "do_orm_execute", _bump_before_bulk_write)


def _bump_before_flush(session: Session, flush_context, instances) -> None:
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(instance, CATALOGUE_MODELS) for instance in changed):
        bump_revision(session.connection())


def _bump_before_bulk_write(state: ORMExecuteState) -> None:
    statement = state.statement
    if (
        isinstance(statement, UpdateBase)
        and getattr(statement.table, "name", None) in CATALOGUE_TABLES
    ):
        bump_revision(state.session.connection())
