"""What every console form shares: service calls that fail cleanly, errors by field, versions."""

import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from flask import g, request
from sqlalchemy.orm.exc import StaleDataError

from console.history import DescribedEntry, entries_since, last_entry_id
from core.clock import utcnow
from core.extensions import db
from core.idempotency import replay_or_reserve_key, request_fingerprint
from core.problems import STALE_VERSION, Problem, flatten_messages, saved_meanwhile_problem

FORM_ERROR = "_form"  # errors about the whole form rather than one field
# How long a form sent twice in a row waits for the first to finish before answering.
DOUBLE_SUBMIT_WAIT = 10.0


@dataclass(frozen=True)
class Loaded:
    """What an edit form was loaded with: the version it edits, its values then (JSON), and the
    newest audit entry it has seen. They travel in hidden fields (`_loaded.html`)."""

    version: int
    original: str
    seen: str

    @classmethod
    def now(cls, item: Any, values: Mapping[str, Any]) -> "Loaded":
        """`item` as it stands: its version, its form's `values` and its newest audit entry."""
        return cls(
            item.version, json.dumps(values, separators=(",", ":")), str(last_entry_id(item))
        )


def chosen_action(allowed: Collection[str]) -> str:
    """The button the form was sent with (save when none): a 400 page for one not offered."""
    action = request.form.get("action", "save")
    if action not in allowed:
        raise Problem(400, f"Unknown action {action!r}; nothing was changed.", kind="bad-form")
    return action


def attempt(call: Callable[[], Any]) -> Problem | None:
    """Run a service call; a refusal (a Problem) is returned, with nothing of it written.

    A write that lost the race to another save of the same item (the ORM's version check) is
    refused the same way, with the API's 412 problem: see `saved_meanwhile`.
    """
    try:
        call()
    except Problem as problem:
        db.session.rollback()
        return problem
    except StaleDataError:
        db.session.rollback()
        return saved_meanwhile_problem()
    return None


def saved_meanwhile(problem: Problem | None) -> bool:
    """Whether `attempt` was refused because someone saved between this request's read and
    its write: an editor then shows the conflict page."""
    return problem is not None and problem.kind == STALE_VERSION


def load_body(schema: ma.Schema, body: Mapping[str, Any]) -> tuple[dict | None, dict]:
    """`body` loaded by an API schema: (data, {}) or (None, errors by dotted field path)."""
    try:
        return schema.load(body), {}
    except ma.ValidationError as error:
        return None, flatten_messages(error.messages)


def problem_errors(problem: Problem) -> dict[str, list[str]]:
    """A service's refusal as errors by dotted field path (its detail when it names none)."""
    return dict(problem.errors) if problem.errors else {FORM_ERROR: [problem.detail]}


def replay_double_submission():
    """A create form sent again (a double click, a reload) answers as the first one did.

    None for the first sending (its key is then reserved): the caller goes on and creates.
    """
    key = request.form.get("submission", "")
    if not key or len(key) > 64:
        return None
    owner = f"user:{g.staff_session.user_id}"
    return replay_or_reserve_key(
        owner, f"console:{key}", request_fingerprint(), wait_seconds=DOUBLE_SUBMIT_WAIT
    )


def submitted_version(current: int) -> int:
    """The version the form was loaded at: a 400 page when it is missing or one never seen."""
    text = request.form.get("version", "")
    if not text.isdigit() or len(text) > 9 or not 1 <= int(text) <= current:
        raise Problem(
            400,
            "The form does not say which version it edits (or names one that never existed); "
            "nothing was changed. Reload the page and make the change again.",
            kind="bad-version",
        )
    return int(text)


@dataclass(frozen=True)
class Conflict:
    """Someone saved the item after this user loaded the form: what they did, and the merge."""

    entries: list[DescribedEntry]  # the other saves, oldest first
    values: dict[str, Any]  # their version with this user's own changes on top
    changed: list[str]  # the fields this user changed
    clashes: list[str]  # the fields both changed differently (this user's value is kept)


def conflict_with(subject: Any, mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> Conflict:
    """The conflict between the form as sent (`mine`, with its hidden `original` values and
    `seen` audit entry) and the item as it stands now (`theirs`)."""
    try:
        original = json.loads(request.form.get("original", ""))
    except ValueError:
        original = None
    if not isinstance(original, dict):
        raise Problem(
            400,
            "The form lost the values it was loaded with; nothing was changed. Reload the page.",
            kind="bad-form",
        )
    seen = request.form.get("seen", "")
    since = int(seen) if seen.isdigit() and len(seen) < 12 else 0
    merged, changed, clashes = merged_after_conflict(original, mine, theirs)
    return Conflict(entries_since(subject, since), merged, changed, clashes)


def merged_after_conflict(
    original: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str], list[str]]:
    """Apply what this user changed (`mine` against `original`) on top of `theirs`.

    Returns the merged values, the fields this user changed, and those both sides changed
    differently (where the user's value wins, but the page points them out).
    """
    changed = [name for name in mine if mine[name] != original.get(name)]
    merged = {**theirs, **{name: mine[name] for name in changed}}
    clashes = [
        name
        for name in changed
        if theirs.get(name) != original.get(name) and theirs.get(name) != mine[name]
    ]
    return merged, changed, clashes


def scheduled_input(published_at: datetime | None) -> str:
    """The "publish at" field of an item: its publication time (UTC) while that is ahead."""
    if published_at is None or published_at <= utcnow():
        return ""
    return published_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def moment_of(text: str) -> str:
    """A datetime-local field's text (read as UTC) as the API's ISO 8601 moment."""
    return f"{text}:00+00:00" if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text) else text
