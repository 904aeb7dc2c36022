"""`/healthz` (the process answers) and `/readyz` (its dependencies answer); packages add checks."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import marshmallow as ma
from flask import Flask, current_app
from flask_smorest import Blueprint
from sqlalchemy import text

from core.extensions import db
from core.problems import Problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Degraded:
    """A check's verdict for a part that works with reduced service: reported, yet still ready."""

    reason: str


# A check returns None when its part is ready, Degraded when it limps along, or says what is
# wrong; raising counts as not ready.
ReadinessCheck = Callable[[], str | Degraded | None]
CHECKS = "core.readiness_checks"
DEGRADED = "degraded: "

health_blp = Blueprint("health", __name__, description="Liveness and readiness probes")


class HealthSchema(ma.Schema):
    """The probe's verdict and, for readiness, each check's."""

    status = ma.fields.String(metadata={"description": '"ok", "ready" or "degraded"'})
    checks = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"description": 'per part: "ok" or "degraded: " and the reason'},
    )


def register_health(app: Flask) -> None:
    """Start `app`'s readiness checks with the database's."""
    register_readiness_check(app, "database", database_reachable)


def register_readiness_check(app: Flask, name: str, check: ReadinessCheck) -> None:
    """Make `app`'s `/readyz` run `check` as part `name` (registering a name again replaces it)."""
    app.extensions.setdefault(CHECKS, {})[name] = check


def database_reachable() -> str | None:
    """Ready when the database answers a trivial query."""
    db.session.execute(text("SELECT 1"))
    return None


def readiness_verdicts() -> dict[str, str]:
    """Each registered check's verdict: "ok", "degraded: <reason>" or what is wrong."""
    verdicts = {}
    for name, check in current_app.extensions[CHECKS].items():
        try:
            verdict = check()
        except Exception as error:  # any failure at all means "not ready"
            log.warning("readiness check %s failed: %r", name, error)
            db.session.rollback()
            verdict = f"failed ({type(error).__name__})"
        if isinstance(verdict, Degraded):
            verdicts[name] = f"{DEGRADED}{verdict.reason}"
        else:
            verdicts[name] = verdict or "ok"
    return verdicts


def _passes(verdict: str) -> bool:
    return verdict == "ok" or verdict.startswith(DEGRADED)


@health_blp.route("/healthz")
@health_blp.response(200, HealthSchema)
def healthz():
    """Liveness: the process is up and serving requests."""
    return {"status": "ok"}


@health_blp.route("/readyz")
@health_blp.response(200, HealthSchema)
@health_blp.alt_response(503, description="A dependency is not ready; `errors` names it")
def readyz():
    """Readiness: every registered check passes; "degraded" (still 200) names a part that limps."""
    verdicts = readiness_verdicts()
    failing = [name for name, verdict in verdicts.items() if not _passes(verdict)]
    if failing:
        raise Problem(
            503,
            "Not ready: " + ", ".join(sorted(failing)) + ".",
            kind="not-ready",
            # Degraded parts are listed too: they often explain the failing ones.
            errors={name: [verdict] for name, verdict in verdicts.items() if verdict != "ok"},
            headers={"Retry-After": "5"},
        )
    ready = all(verdict == "ok" for verdict in verdicts.values())
    return {"status": "ready" if ready else "degraded", "checks": verdicts}
