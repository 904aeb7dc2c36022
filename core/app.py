"""The app factory, made of named registration steps."""

from pathlib import Path

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from core.audit.recorder import register_audit
from core.config import load_config
from core.errors import register_errorhandlers
from core.extensions import api, db, migrate
from core.fields import IdConverter
from core.idempotency import register_idempotency
from core.observability import register_observability
from core.problems import Problem
from core.ratelimit import register_rate_limits
from core.security import register_security
from core.slugs import SlugConverter

JSON_BODY_METHODS = {"POST", "PUT", "PATCH"}
MIGRATIONS_DIRECTORY = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application; `test_config` overrides defaults and the environment."""
    app = Flask(__name__.split(".")[0], instance_relative_config=True)
    load_config(app, test_config)
    register_observability(app)
    register_extensions(app)
    register_search(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_rate_limits(app)
    register_request_checks(app)
    register_security(app)
    register_idempotency(app)
    register_audit(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations and the API to `app`."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIRECTORY))
    api.init_app(app)
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "From POST /api/v1/auth/tokens"},
    )


def register_search(app: Flask) -> None:
    """Let each domain register its search documents, then start the search engine."""
    import search
    from catalog.search_documents import register_product_documents
    from news.search_documents import register_article_documents

    register_product_documents()
    register_article_documents()
    search.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount every domain's API, then the site's pages (kept out of the OpenAPI document)."""
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["id"] = IdConverter
    from catalog.routes import blueprints as catalog_blueprints
    from core.audit.routes import audit_blp
    from core.auth.routes import auth_blp, users_blp
    from core.health import health_blp
    from news.routes import blueprints as news_blueprints
    from search.routes import search_blueprint
    from web import site

    blueprints = (
        health_blp,
        auth_blp,
        users_blp,
        audit_blp,
        *catalog_blueprints,
        *news_blueprints,
        search_blueprint(),
    )
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.register_blueprint(site)


def register_request_checks(app: Flask) -> None:
    """Refuse API bodies that are not JSON before any view runs."""

    @app.before_request
    def require_json_body() -> None:
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


def register_commands(app: Flask) -> None:
    """Add the `flask users`, `flask demo` and domain commands."""
    import catalog.cli  # noqa: F401  (registers the catalogue's demo loader)
    from core.auth.cli import users_cli
    from core.demo import demo_cli
    from news.cli import news_cli
    from search.cli import search_cli

    for group in (users_cli, demo_cli, news_cli, search_cli):
        app.cli.add_command(group)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    """Make SQLite safe for several workers: WAL, a busy timeout and enforced foreign keys."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
