"""Idempotency keys: a POST retried with the same key and body gets the first response again.

The key is reserved in a transaction of its own, so a concurrent retry sees it at once; the
request's write and the response stored for retries then commit together, in one transaction.
"""

import hashlib
import json
import logging
import re
import time
from datetime import datetime, timedelta
from typing import cast

from flask import Flask, Response, current_app, g, request
from sqlalchemy import JSON, Integer, LargeBinary, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from core.auth.guards import current_token
from core.clock import utcnow
from core.extensions import HoldableSession, Model, db, hold_commits
from core.models import UTCDateTime
from core.problems import Problem, problem_response

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
SANE_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII, as the header draft suggests
KEPT_HEADERS = ("Content-Type", "Location", "ETag")
WAIT_STEP = 0.05  # seconds between looks at a key another request holds

log = logging.getLogger(__name__)


class IdempotencyKey(Model):
    """A key a user sent with a POST: in progress (no status yet), or the response it got."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("owner", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column(Integer)
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def register_idempotency(app: Flask) -> None:
    """Honour Idempotency-Key on every API POST."""
    app.before_request(replay_or_reserve)
    app.after_request(remember_response)


def replay_or_reserve() -> Response | None:
    """Replay the response a key already got, or reserve the key for this request."""
    key = request.headers.get(KEY_HEADER)
    if key is None or request.method != "POST" or not request.path.startswith("/api/"):
        return None
    if not SANE_KEY.fullmatch(key):
        raise Problem(
            400,
            f"{KEY_HEADER} must be 1 to 255 visible ASCII characters.",
            kind="invalid-idempotency-key",
        )
    token = current_token()
    if token is None:
        return None  # keys are kept per user; anonymous calls are refused or are logins
    return replay_or_reserve_key(f"user:{token.user_id}", key, request_fingerprint())


def replay_or_reserve_key(
    owner: str, key: str, fingerprint: str, wait_seconds: float = 0
) -> Response | None:
    """Replay what `key` already got, or reserve it for this request (None) until it answers.

    A request still in progress under the key is waited for up to `wait_seconds`, then refused
    with 409: a form submitted twice in a row waits for the first and shows its answer.
    """
    record = _reserve(owner, key, fingerprint)
    deadline = time.monotonic() + wait_seconds
    while record is not None and record.status is None and time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        db.session.rollback()
        record = _find(owner, key)
    if record is None:
        return None
    if record.fingerprint != fingerprint:
        raise Problem(
            422,
            f"This {KEY_HEADER} was already used for a different request; use a new key.",
            kind="idempotency-key-reused",
        )
    if record.status is None:
        raise Problem(
            409,
            f"A request with this {KEY_HEADER} is still being processed; retry shortly.",
            kind="idempotency-key-in-progress",
            headers={"Retry-After": "1"},
        )
    response = Response(record.body, status=record.status, headers=record.headers)
    response.headers[REPLAYED_HEADER] = "true"
    return response


def remember_response(response: Response) -> Response:
    """Commit the request's write with the response its key replays; server errors free the key."""
    record_id = g.pop("idempotency_key_id", None)
    if record_id is None:
        return response
    try:
        # A reservation taken over by a retry (NoResultFound) must not commit this write too.
        record = db.session.get_one(IdempotencyKey, record_id)
        # Responses marked no-store (new bearer tokens) must never be written down.
        if response.status_code >= 500 or response.cache_control.no_store:
            db.session.delete(record)
        else:
            record.status, record.body = response.status_code, response.get_data()
            sent = response.headers
            record.headers = {name: sent[name] for name in KEPT_HEADERS if name in sent}
        cast(HoldableSession, db.session()).commit_held()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("could not commit a write with its idempotency key", exc_info=True)
        _free(record_id)
        return problem_response(
            503,
            "The change could not be saved; nothing was written. Retry with the same key.",
            headers={"Retry-After": "1"},
        )
    return response


def _free(record_id: int) -> None:
    """Drop a reservation whose request wrote nothing, so a retry need not wait for it."""
    try:
        db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == record_id))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()


def request_fingerprint() -> str:
    """A digest of the method, URL and body (JSON compared by content, not by spacing)."""
    body = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        pass
    digest = hashlib.sha256(f"{request.method} {request.full_path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def _reserve(owner: str, key: str, fingerprint: str) -> IdempotencyKey | None:
    """Claim `key` for this request (None) or return the record another request made of it."""
    now = utcnow()
    # A reservation this old belongs to a request that died before answering (and so wrote
    # nothing): a retry takes it over rather than wait for the key to expire.
    abandoned_after = timedelta(seconds=current_app.config["IDEMPOTENCY_ABANDON_SECONDS"])
    expired = (IdempotencyKey.expires_at <= now) | (
        IdempotencyKey.status.is_(None) & (IdempotencyKey.created_at <= now - abandoned_after)
    )
    db.session.execute(delete(IdempotencyKey).where(expired))
    existing = _find(owner, key)
    if existing is not None:
        db.session.commit()
        return existing
    ttl = timedelta(hours=current_app.config["IDEMPOTENCY_TTL_HOURS"])
    record = IdempotencyKey(
        owner=owner, key=key, fingerprint=fingerprint, created_at=now, expires_at=now + ttl
    )
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request with the same key reserved it first: answer as it would be answered.
        db.session.rollback()
        return _find(owner, key)
    g.idempotency_key_id = record.id
    hold_commits()
    return None


def _find(owner: str, key: str) -> IdempotencyKey | None:
    return db.session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.owner == owner, IdempotencyKey.key == key)
    )
