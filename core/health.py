"""`/healthz` (the process answers) and `/readyz` (its dependencies answer); packages add checks."""

import logging
from collections.abc import Callable

import marshmallow as ma
from flask_smorest import Blueprint
from sqlalchemy import text

from core.extensions import db
from core.problems import Problem

log = logging.getLogger(__name__)

# A check returns None when its part is ready, or says what is wrong; raising counts as not ready.
ReadinessCheck = Callable[[], str | None]
_checks: dict[str, ReadinessCheck] = {}

health_blp = Blueprint("health", __name__, description="Liveness and readiness probes")


class HealthSchema(ma.Schema):
    """The probe's verdict and, for readiness, each check's."""

    status = ma.fields.String()
    checks = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


def register_readiness_check(name: str, check: ReadinessCheck) -> None:
    """Make `/readyz` run `check` as part `name` (registering a name again replaces it)."""
    _checks[name] = check


def database_reachable() -> str | None:
    """Ready when the database answers a trivial query."""
    db.session.execute(text("SELECT 1"))
    return None


register_readiness_check("database", database_reachable)


@health_blp.route("/healthz")
@health_blp.response(200, HealthSchema)
def healthz():
    """Liveness: the process is up and serving requests."""
    return {"status": "ok"}


@health_blp.route("/readyz")
@health_blp.response(200, HealthSchema)
@health_blp.alt_response(503, description="A dependency is not ready; `errors` names it")
def readyz():
    """Readiness: the database and every registered check are fine."""
    failures = {}
    for name, check in _checks.items():
        try:
            problem = check()
        except Exception as error:  # any failure at all means "not ready"
            log.warning("readiness check %s failed: %r", name, error)
            db.session.rollback()
            problem = f"failed ({type(error).__name__})"
        if problem:
            failures[name] = [problem]
    if failures:
        raise Problem(
            503,
            "Not ready: " + ", ".join(sorted(failures)) + ".",
            kind="not-ready",
            errors=failures,
            headers={"Retry-After": "5"},
        )
    return {"status": "ready", "checks": dict.fromkeys(_checks, "ok")}
