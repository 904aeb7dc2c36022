"""Error handlers: every exception becomes a problem document; nothing leaks a traceback.

Browsers asking for a page outside /api/ see the problem as the site's error page instead.
"""

import json
import logging
from collections.abc import Callable

from flask import Flask, Response, current_app, request
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from core.extensions import db
from core.problems import PROBLEM_MEDIA_TYPE, Problem, problem_response, saved_meanwhile_problem

log = logging.getLogger(__name__)
ERROR_PAGE = "error_page"


def register_errorhandlers(app: Flask) -> None:
    """Route every exception to a problem document; nothing leaks a traceback."""

    @app.errorhandler(Problem)
    def handle_problem(problem: Problem) -> Response:
        db.session.rollback()
        return problem.response()

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
        return saved_meanwhile_problem().response()

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

    app.after_request(show_problems_to_browsers)


def register_error_page(app: Flask, render: Callable[[dict], str], prefix: str = "/") -> None:
    """Let the pages under `prefix` render problem documents (as a dict) into HTML error pages
    for browsers; the longest matching prefix wins (the console's beside the site's)."""
    app.extensions.setdefault(ERROR_PAGE, {})[prefix] = render


def show_problems_to_browsers(response: Response) -> Response:
    """Turn a problem into the site's error page when a browser asked for a non-API URL."""
    render = _error_page_for(request.path)
    if render is None or response.mimetype != PROBLEM_MEDIA_TYPE or not wants_page():
        return response
    response.set_data(render(json.loads(response.get_data())))
    response.mimetype = "text/html"
    return response


def _error_page_for(path: str) -> Callable[[dict], str] | None:
    renderers = current_app.extensions.get(ERROR_PAGE, {})
    matching = [prefix for prefix in renderers if path.startswith(prefix)]
    return renderers[max(matching, key=len)] if matching else None


def wants_page() -> bool:
    """Whether a browser asked for a URL outside /api/ (it prefers HTML; curl's */* does not)."""
    accepted = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return not request.path.startswith("/api/") and accepted == "text/html"
