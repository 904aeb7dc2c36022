"""Admin users and their API tokens."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.audit.models import Audited
from core.extensions import Model
from core.models import TimestampMixin, UTCDateTime, value_enum


class Role(StrEnum):
    """What a user may do: admins everything, editors the catalogue and articles."""

    ADMIN = "admin"
    EDITOR = "editor"


class User(TimestampMixin, Audited, Model):
    """A person who maintains the catalogue or the newsroom."""

    __tablename__ = "users"
    __audit_label__ = "email"
    __audit_secret__ = frozenset({"password_hash"})

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(value_enum(Role))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def can(self, role: Role) -> bool:
        """Whether this user holds `role` (admins hold every role)."""
        return self.is_active and (self.role == Role.ADMIN or self.role == role)


class ApiToken(Audited, Model):
    """A bearer token, stored only as its SHA-256 digest."""

    __tablename__ = "api_tokens"
    __audit_label__ = "id"
    __audit_secret__ = frozenset({"token_hash"})
    __audit_actor__ = "user_id"  # a login has no signed-in user yet: the token's owner acts

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class StaffSession(Model):
    """A signed-in console session, stored only as its SHA-256 digest so it can be ended.

    Not audited: it moves on every visit; signing in and out are not edits to the catalogue.
    """

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the absolute lifetime's end
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()
