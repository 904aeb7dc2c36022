"""The staff console at /admin: server-rendered pages over the domains' own services.

Every write goes through the same service functions as the JSON API, so the audit log, the
search outbox, validation and optimistic concurrency behave exactly as there. Forms are turned
into the API's request bodies and loaded by the API's schemas, so a field's message is the
one the API would give. Sessions are stored (core.auth.sessions); Flask's signed cookie only
carries the session's token and the CSRF secret, on /admin paths only.
"""

import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, request

STATIC_DIR = Path(__file__).parent / "static"
# The menu: (endpoint, label, whether only admins may go there).
SECTIONS = (
    ("console.dashboard", "Dashboard", False),
    ("console.products", "Products", False),
    ("console.terms", "Terms", False),
    ("console.articles", "Articles", False),
    ("console.imports", "Imports", False),
    ("console.enquiries", "Enquiries", False),
    ("console.insights", "Search insights", False),
    ("console.search_rules", "Search rules", False),
    ("console.people", "People", True),
)


def init_app(app: Flask) -> None:
    """Mount the console; runs after the pages (its previews render them)."""
    from console import (  # noqa: F401  (routes)
        article_cover,
        article_editor,
        article_pages,
        article_views,
        dashboard,
        enquiry_pages,
        import_pages,
        insights_pages,
        people_pages,
        product_editor,
        product_pages,
        product_photos,
        product_views,
        search_rule_pages,
        sign_in,
        term_pages,
    )
    from console.guard import console, csrf, signed_in
    from core.auth.models import Role
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
    def submission_key() -> str:
        """A fresh one-time key for a create form."""
        return secrets.token_urlsafe(16)

    @app.template_global()
    def console_sections() -> list[tuple[str, str, bool]]:
        """The sections in the signed-in person's menu (those mounted and open to their role),
        each with whether this page belongs to it (`console.products` owns `product_*` too)."""
        admin = signed_in().role == Role.ADMIN
        here = request.endpoint or ""
        return [
            (endpoint, label, here.startswith(endpoint.removesuffix("s")))
            for endpoint, label, admins_only in SECTIONS
            if endpoint in app.view_functions and (admin or not admins_only)
        ]


def render_console_error(problem: dict) -> str:
    """The console's page for a problem document (403, 404, an expired form …)."""
    from flask import render_template

    return render_template("console/error.html", problem=problem)
