"""The kernel's part of an app: settings, database, API, errors, limits, security, users, audit.

The composition root (`app.py`) calls `init_app` first, then each domain's own `init_app`.
The kernel knows no domain: domains register their blueprints, commands, readiness checks and
demo loaders on the app it prepared.
"""

from pathlib import Path

from flask import Flask, request

from core.api import ProblemApi, register_api_blueprints
from core.audit.recorder import register_audit
from core.compression import register_compression
from core.config import load_config
from core.demo import register_demo_commands
from core.drivers import configure_engine, engine_options
from core.errors import register_errorhandlers
from core.extensions import db, migrate
from core.fields import IdConverter
from core.health import register_health
from core.idempotency import register_idempotency
from core.observability import register_observability
from core.problems import Problem
from core.ratelimit import register_rate_limits
from core.security import register_security
from core.slugs import SlugConverter
from core.uploads import accept_upload_body

JSON_BODY_METHODS = {"POST", "PUT", "PATCH"}
MIGRATIONS_DIRECTORY = Path(__file__).resolve().parent.parent / "migrations"


def init_app(app: Flask, test_config: dict | None = None) -> None:
    """Give `app` the kernel; `test_config` overrides defaults and the environment."""
    load_config(app, test_config)
    register_observability(app)
    register_compression(app)
    register_extensions(app)
    register_errorhandlers(app)
    register_rate_limits(app)
    register_request_checks(app)
    register_security(app)
    register_idempotency(app)
    register_audit(app)
    register_health(app)
    register_kernel_routes(app)
    register_kernel_commands(app)


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations and a fresh API (with its OpenAPI document) to `app`."""
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    )
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIRECTORY))
    api = ProblemApi(app)
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "From POST /api/v1/auth/tokens"},
    )
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["id"] = IdConverter
    with app.app_context():
        for engine in db.engines.values():
            configure_engine(engine)


def register_kernel_routes(app: Flask) -> None:
    """Mount the probes, sign-in, users and audit log APIs."""
    from core.api_docs import register_swagger_ui_files
    from core.audit.routes import audit_blp
    from core.auth.routes import auth_blp, users_blp
    from core.health import health_blp

    register_api_blueprints(app, health_blp, auth_blp, users_blp, audit_blp)
    register_swagger_ui_files(app)


def register_request_checks(app: Flask) -> None:
    """Refuse API bodies that are not JSON (or multipart, where a view takes files)."""

    @app.before_request
    def require_json_body() -> None:
        if accept_upload_body():
            return
        if (
            request.method in JSON_BODY_METHODS
            and request.path.startswith("/api/")
            and request.content_length != 0
            and (request.content_length or request.headers.get("Transfer-Encoding"))
            and not request.is_json
        ):
            raise Problem(
                415, "Send the request body as application/json.", kind="unsupported-media-type"
            )


def register_kernel_commands(app: Flask) -> None:
    """Add `flask users` and `flask demo` (whose loaders the domains register)."""
    from core.auth.cli import users_cli

    app.cli.add_command(users_cli)
    register_demo_commands(app)
