"""Console sessions: started by a password, ended by signing out, idleness, age or an admin."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, func, select

from core.auth.models import StaffSession, User
from core.auth.services import SignedOut, check_credentials, digest, sign_out_everywhere
from core.clock import utcnow
from core.extensions import db

# A visit moves last_seen_at only when it is older than this: one write a minute, not per page.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class StartedSession:
    """A new session: the only moment its plain value exists (it goes into the cookie)."""

    token: str
    session: StaffSession


def idle_timeout() -> timedelta:
    """How long a session lives without a visit."""
    return timedelta(minutes=current_app.config["CONSOLE_IDLE_MINUTES"])


def absolute_lifetime() -> timedelta:
    """How long a session lives at most, however busy."""
    return timedelta(hours=current_app.config["CONSOLE_SESSION_HOURS"])


def start_session(email: str, password: str, user_agent: str = "") -> StartedSession:
    """Check the credentials (a 401 problem when wrong) and open a session for the user."""
    user = check_credentials(email, password)
    plain = secrets.token_urlsafe(32)
    now = utcnow()
    session = StaffSession(
        token_hash=digest(plain),
        user=user,
        created_at=now,
        last_seen_at=now,
        expires_at=now + absolute_lifetime(),
        user_agent=user_agent[:200],
    )
    db.session.add(session)
    db.session.commit()
    return StartedSession(plain, session)


def find_live_session(plain: str) -> StaffSession | None:
    """The live session for `plain` (not ended, idle or too old; its user active), touched."""
    session = db.session.scalar(
        select(StaffSession).where(StaffSession.token_hash == digest(plain), _live())
    )
    if session is None or not session.user.is_active:
        return None
    now = utcnow()
    if now - session.last_seen_at >= TOUCH_EVERY:
        session.last_seen_at = now
        db.session.commit()
    return session


def end_session(session: StaffSession) -> None:
    """Sign this session out now."""
    session.ended_at = utcnow()
    db.session.commit()


def end_sessions_of(user: User) -> SignedOut:
    """Sign `user` out everywhere (an admin's action): sessions end, API tokens are revoked."""
    signed_out = sign_out_everywhere(user)
    db.session.commit()
    return signed_out


def _live() -> ColumnElement[bool]:
    """Sessions that are still live: not ended, not too old, not idle too long."""
    now = utcnow()
    return and_(
        StaffSession.ended_at.is_(None),
        StaffSession.expires_at > now,
        StaffSession.last_seen_at > now - idle_timeout(),
    )


def live_sessions_of(user: User) -> list[StaffSession]:
    """The user's sessions that are still live, newest first."""
    return list(
        db.session.scalars(
            select(StaffSession)
            .where(StaffSession.user_id == user.id, _live())
            .order_by(StaffSession.id.desc())
        )
    )


@dataclass(frozen=True)
class SessionActivity:
    """A user's use of the console: how many sessions are live, and their latest visit."""

    live: int
    last_seen: datetime | None


def session_activity() -> dict[int, SessionActivity]:
    """Every user's console activity, by user id (users who never signed in are left out)."""
    rows = db.session.execute(
        select(
            StaffSession.user_id,
            func.count(case((_live(), StaffSession.id))),
            func.max(StaffSession.last_seen_at),
        ).group_by(StaffSession.user_id)
    )
    return {user_id: SessionActivity(live, seen) for user_id, live, seen in rows}
