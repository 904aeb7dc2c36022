"""Writes and checks for users and tokens; each public function owns its transaction."""

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select, update

from core.auth.models import ApiToken, Role, StaffSession, User
from core.clock import utcnow
from core.extensions import db
from core.problems import Problem, validation_problem


@cache
def _hasher_for(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)


def password_hasher() -> PasswordHasher:
    """The Argon2id hasher with the configured cost (raising it rehashes on next login)."""
    config = current_app.config
    return _hasher_for(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_KIB"])


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verified against when the email is unknown, so a miss costs what a hit costs."""
    return hasher.hash("not-a-real-password")


def _verify_ignoring_result(hasher: PasswordHasher, password_hash: str, password: str) -> None:
    try:
        hasher.verify(password_hash, password)
    except VerificationError:
        pass


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued token: the only moment its plain value exists."""

    token: str
    expires_at: datetime
    user: User


def digest(token: str) -> str:
    """The SHA-256 hex digest a secret is stored as."""
    return hashlib.sha256(token.encode()).hexdigest()


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, password: str, role: Role, display_name: str | None = None) -> User:
    """Create an admin or editor; the email must be new."""
    email = _normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Problem(
            409,
            f"A user with email {email} already exists.",
            kind="conflict",
            errors={"email": ["Already registered."]},
        )
    user = User(
        email=email,
        display_name=display_name or email.split("@")[0],
        password_hash=password_hasher().hash(password),
        role=role,
    )
    db.session.add(user)
    db.session.commit()
    return user


def find_user_by_email(email: str) -> User | None:
    """The user with `email` (any case), if there is one."""
    return db.session.scalar(select(User).where(User.email == _normalise_email(email)))


# What an admin may change on a user; a password is hashed rather than set.
USER_FIELDS = frozenset({"display_name", "role", "is_active"})


def update_user(
    user: User, changes: Mapping[str, Any], acting_token: ApiToken | None = None
) -> User:
    """Change a user's name, role, active flag or password (`acting_token`: the caller's)."""
    if not changes:
        raise Problem(
            422,
            "The request changes nothing: send display_name, role, is_active or password.",
            kind="nothing-to-change",
        )
    unknown = sorted(set(changes) - USER_FIELDS - {"password"})
    if unknown:
        raise ValueError(f"A user has no settable {', '.join(unknown)}.")
    removes_an_admin = changes.get("role", Role.ADMIN) != Role.ADMIN or not changes.get(
        "is_active", True
    )
    if removes_an_admin:
        _lock_active_admins()
    new_password = changes.get("password")
    if new_password is not None:
        user.password_hash = password_hasher().hash(new_password)
    for field in USER_FIELDS & changes.keys():
        setattr(user, field, changes[field])
    if not user.is_active:
        sign_out_everywhere(user)
    elif new_password is not None:
        # Whoever held the old password may hold a token too; only the caller's own survives.
        own = acting_token is not None and acting_token.user_id == user.id
        sign_out_everywhere(user, keep=acting_token if own else None)
    if removes_an_admin and count_active_admins() == 0:
        db.session.rollback()
        raise Problem(
            409,
            "This is the last active admin: make another user an admin before demoting or "
            "deactivating this one.",
            kind="last-admin",
        )
    db.session.commit()
    return user


def change_own_password(token: ApiToken, current: str, new: str) -> None:
    """Set the token holder's password after checking their current one; other tokens end."""
    try:
        password_hasher().verify(token.user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise validation_problem(
            {"current_password": ["Not correct."]},
            "The current password is not correct; nothing was changed.",
        ) from None
    update_user(token.user, {"password": new}, acting_token=token)


def _active_admins():
    return select(User.id).where(User.role == Role.ADMIN, User.is_active.is_(True))


def _lock_active_admins() -> None:
    """Hold the active admins' rows so two demotions cannot each count the other (PostgreSQL).

    SQLite ignores FOR UPDATE; there the count after the UPDATE runs inside its write lock.
    """
    db.session.scalars(_active_admins().order_by(User.id).with_for_update()).all()


def count_active_admins() -> int:
    """Active admins as this transaction sees them, its own pending changes included."""
    return db.session.scalar(select(func.count()).select_from(_active_admins().subquery())) or 0


@dataclass(frozen=True)
class SignedOut:
    """What signing a user out everywhere ended."""

    sessions: int  # console sessions ended
    tokens: int  # API tokens revoked


def sign_out_everywhere(user: User, keep: ApiToken | None = None) -> SignedOut:
    """End every console session of `user` and revoke their live tokens but `keep` (the caller
    commits): both are credentials won with the same password."""
    sessions = _end_open_sessions(user)
    now = utcnow()
    revoked = [token for token in db.session.scalars(_live_tokens_of(user)) if token is not keep]
    for token in revoked:
        token.revoked_at = now
    return SignedOut(sessions, len(revoked))


def _live_tokens_of(user: User):
    return select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > utcnow()
    )


def live_tokens_of(user: User) -> list[ApiToken]:
    """The user's API tokens that still work (unrevoked, unexpired), newest first."""
    return list(db.session.scalars(_live_tokens_of(user).order_by(ApiToken.id.desc())))


def _end_open_sessions(user: User) -> int:
    """Mark every open console session of `user` ended (the caller commits); how many were."""
    result = db.session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    return result.rowcount  # type: ignore[attr-defined]


def get_user(user_id: int) -> User:
    """The user with `user_id`, or a 404 problem."""
    user = db.session.get(User, user_id)
    if user is None:
        raise Problem(404, f"No user with id {user_id}.", kind="not-found")
    return user


def list_users_statement():
    """All users, oldest first."""
    return select(User).order_by(User.id)


def check_credentials(email: str, password: str) -> User:
    """The active user with these credentials; the failure never says which part was wrong."""
    user = find_user_by_email(email)
    hasher = password_hasher()
    try:
        hasher.verify(user.password_hash if user else _dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError):
        if user is not None and hasher.check_needs_rehash(user.password_hash):
            # A hash made before the cost was raised fails faster than an unknown email would.
            _verify_ignoring_result(hasher, _dummy_hash(hasher), password)
        user = None
    if user is None or not user.is_active:
        raise Problem(
            401,
            "The email or password is not correct.",
            kind="invalid-credentials",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def issue_token(email: str, password: str) -> IssuedToken:
    """Check credentials and issue a bearer token."""
    user = check_credentials(email, password)
    plain = secrets.token_urlsafe(32)
    now = utcnow()
    expires_at = now + current_app.config["TOKEN_TTL"]
    db.session.add(
        ApiToken(token_hash=digest(plain), user=user, created_at=now, expires_at=expires_at)
    )
    db.session.commit()
    return IssuedToken(token=plain, expires_at=expires_at, user=user)


def find_active_token(plain: str) -> ApiToken | None:
    """The live (unexpired, unrevoked, active-user) token for `plain`, if any."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(plain)))
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        return None
    return token if token.user.is_active else None


def revoke_token(token: ApiToken) -> None:
    """Revoke `token` now."""
    token.revoked_at = utcnow()
    db.session.commit()
