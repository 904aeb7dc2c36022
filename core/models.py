"""Column types and mixins shared by every domain's models."""

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    Column,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    Table,
    TypeDecorator,
    and_,
    case,
    func,
    select,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeEngine

from core.clock import utcnow
from core.extensions import Model, db


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class TimestampMixin:
    """created_at / updated_at maintained by the ORM."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """A version counter that the ORM checks on every UPDATE (optimistic concurrency)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def value_enum(enum_class: type[StrEnum], stored: Iterable[StrEnum] | None = None) -> TypeEngine:
    """Store an enum as its value in a VARCHAR with a CHECK, identically on every database.

    `stored` narrows the column to those members when the others are derived, never written.
    """
    if stored is None:
        return Enum(
            enum_class,
            native_enum=False,
            create_constraint=True,
            length=16,
            values_callable=lambda members: [m.value for m in members],
        )
    return StoredEnumValues(enum_class, stored)


class StoredEnumValues(TypeDecorator[StrEnum]):
    """Some of an enum's members stored as their values; writing any other fails before SQL."""

    impl = Enum
    cache_ok = True

    def __init__(self, enum_class: type[StrEnum], stored: Iterable[StrEnum]) -> None:
        self.stored = tuple(enum_class(member).value for member in stored)
        super().__init__(
            *self.stored,
            name=enum_class.__name__.lower(),
            native_enum=False,
            create_constraint=True,
            length=16,
            validate_strings=True,
        )
        self.enum_class = enum_class

    def process_result_value(self, value: str | None, dialect) -> StrEnum | None:
        return None if value is None else self.enum_class(value)


def link_table(name: str, owner: str, linked: str, *, linked_delete: str = "RESTRICT") -> Table:
    """A many-to-many link table between rows of two tables, each given as "column:table"
    ("product_id:products"): an owner's links go with it; the linked side is indexed, for
    "which owners use this" reads, and its rows are kept while linked unless `linked_delete`
    says otherwise."""

    def column(side: str, ondelete: str, **options) -> Column:
        key, table = side.split(":")
        return Column(
            key, ForeignKey(f"{table}.id", ondelete=ondelete), primary_key=True, **options
        )

    return Table(
        name,
        Model.metadata,
        column(owner, "CASCADE"),
        column(linked, linked_delete, index=True),
    )


def table_of(model: type) -> Table:
    """The table a mapped model class is stored in, typed for Core statements."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)  # noqa: S101  (declarative models map one Table)
    return table


def count_by_status(model: type, now: datetime) -> dict[str, int]:
    """How many rows of `model` stand at each status at `now`; a published row whose
    `published_at` is still ahead counts as scheduled."""
    scheduled = model.published_at > now  # type: ignore[attr-defined]
    status = model.status  # type: ignore[attr-defined]
    stage = case((and_(status == "published", scheduled), "scheduled"), else_=status)
    counts = {"draft": 0, "scheduled": 0, "published": 0, "archived": 0}
    for name, count in db.session.execute(select(stage, func.count()).group_by(stage)):
        counts[str(name)] = count
    return counts
