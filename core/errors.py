"""Error handlers: every exception becomes a problem document; nothing leaks a traceback."""

import logging

from flask import Flask, Response
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from core.extensions import db
from core.problems import Problem, problem_response

log = logging.getLogger(__name__)


def register_errorhandlers(app: Flask) -> None:
    """Route every exception to a problem document; nothing leaks a traceback."""

    @app.errorhandler(Problem)
    def handle_problem(problem: Problem) -> Response:
        db.session.rollback()
        return problem_response(
            problem.status,
            problem.detail,
            kind=problem.kind,
            errors=problem.errors,
            headers=problem.headers,
        )

    @app.errorhandler(IntegrityError)
    def handle_integrity_error(error: IntegrityError) -> Response:
        db.session.rollback()
        log.warning("integrity error: %s", error.orig)
        return problem_response(
            409,
            "The change conflicts with existing data (a unique or related value).",
            kind="conflict",
        )

    @app.errorhandler(StaleDataError)
    def handle_stale_data(error: StaleDataError) -> Response:
        db.session.rollback()
        return problem_response(
            412,
            "The resource was changed by someone else; fetch it again and retry.",
            kind="stale-version",
        )

    @app.errorhandler(OperationalError)
    def handle_database_unavailable(error: OperationalError) -> Response:
        db.session.rollback()
        log.error("database error: %s", error.orig)
        return problem_response(
            503,
            "The database is busy or unavailable; retry shortly.",
            headers={"Retry-After": "1"},
        )

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> Response:
        db.session.rollback()
        log.exception("unhandled error")
        return problem_response(500, "An unexpected error occurred; it has been logged.")
