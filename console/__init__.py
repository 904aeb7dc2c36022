"""The staff console at /admin: server-rendered pages over the domains' own services.

Every write goes through the same service functions as the JSON API, so the audit log, the
search outbox, validation and optimistic concurrency behave exactly as there. Forms are turned
into the API's request bodies and loaded by the API's schemas, so a field's message is the
one the API would give. Sessions are stored (core.auth.sessions); Flask's signed cookie only
carries the session's token and the CSRF secret, on /admin paths only.
"""

from datetime import timedelta
from pathlib import Path

from flask import Flask

STATIC_DIR = Path(__file__).parent / "static"
SECTIONS = (
    ("console.dashboard", "Dashboard"),
    ("console.products", "Products"),
    ("console.terms", "Terms"),
    ("console.articles", "Articles"),
    ("console.people", "People"),
)


def init_app(app: Flask) -> None:
    """Mount the console; runs after the pages (its previews render them)."""
    from console import (  # noqa: F401  (routes)
        dashboard,
        product_editor,
        product_pages,
        product_photos,
        product_views,
        sign_in,
    )
    from console.guard import console, csrf
    from core.errors import register_error_page
    from core.ratelimit import limit_as_login
    from web.site import versioned_url

    if "web" not in app.blueprints:
        raise RuntimeError("The console previews pages: run web.init_app before console.init_app.")
    app.config.update(
        SESSION_COOKIE_NAME="console_session",
        SESSION_COOKIE_PATH="/admin",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["APP_ENV"] == "production",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=app.config["CONSOLE_SESSION_HOURS"]),
        # Only the console's forms are checked (its blueprint calls csrf.protect()); the API
        # takes no cookies, so it has nothing to forge. A token lives as long as the session.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,
    )
    csrf.init_app(app)
    app.register_blueprint(console)
    register_error_page(app, render_console_error, prefix="/admin")
    limit_as_login(app, "console.sign_in")

    @app.template_global()
    def console_asset(filename: str) -> str:
        return versioned_url("console.static", STATIC_DIR, filename)

    @app.template_global()
    def console_sections() -> list[tuple[str, str]]:
        """The sections in the console's menu (those whose pages are mounted)."""
        return [(endpoint, label) for endpoint, label in SECTIONS if endpoint in app.view_functions]


def render_console_error(problem: dict) -> str:
    """The console's page for a problem document (403, 404, an expired form …)."""
    from flask import render_template

    return render_template("console/error.html", problem=problem)
