"""Console sessions: started by a password, ended by signing out, idleness, age or an admin."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from core.auth.models import StaffSession, User
from core.auth.services import check_credentials, digest, end_open_sessions
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
        select(StaffSession).where(StaffSession.token_hash == digest(plain))
    )
    now = utcnow()
    if (
        session is None
        or session.ended_at is not None
        or session.expires_at <= now
        or session.last_seen_at + idle_timeout() <= now
        or not session.user.is_active
    ):
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        session.last_seen_at = now
        db.session.commit()
    return session


def end_session(session: StaffSession) -> None:
    """Sign this session out now."""
    session.ended_at = utcnow()
    db.session.commit()


def end_sessions_of(user: User) -> int:
    """End every open session of `user` (an admin's action); returns how many were open."""
    ended = end_open_sessions(user)
    db.session.commit()
    return ended


def live_sessions_of(user: User) -> list[StaffSession]:
    """The user's sessions that are still live, newest first."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(StaffSession)
            .where(
                StaffSession.user_id == user.id,
                StaffSession.ended_at.is_(None),
                StaffSession.expires_at > now,
                StaffSession.last_seen_at > now - idle_timeout(),
            )
            .order_by(StaffSession.id.desc())
        )
    )
