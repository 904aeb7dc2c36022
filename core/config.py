"""Configuration: class defaults, then environment variables, then the caller's mapping."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

ENVIRONMENT_KEYS = (
    "DATABASE_URL",
    "SECRET_KEY",
    "PUBLIC_BASE_URL",
    "SEARCH_INDEX_DIR",
    "APP_ENV",
    "TOKEN_TTL_HOURS",
    "MAX_CONTENT_LENGTH",
    "ARGON2_TIME_COST",
    "ARGON2_MEMORY_KIB",
    "ARTICLE_MAX_BODY_CHARS",
    "LOG_FORMAT",
    "CORS_ORIGINS",
    "TRUSTED_PROXIES",
    "REDIS_URL",
    "RATELIMIT_ENABLED",
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_READS",
    "RATELIMIT_SEARCH",
    "RATELIMIT_LOGIN",
    "RATELIMIT_WRITES",
    "IDEMPOTENCY_TTL_HOURS",
    "IDEMPOTENCY_ABANDON_SECONDS",
    "SEARCH_LOCK_TIMEOUT",
    "SEARCH_DRAIN_INTERVAL",
    "SEARCH_OUTBOX_READY_MAX",
    "SEARCH_COMMIT_INDEX_MAX",
)
INTEGER_KEYS = (
    "TOKEN_TTL_HOURS",
    "MAX_CONTENT_LENGTH",
    "ARGON2_TIME_COST",
    "ARGON2_MEMORY_KIB",
    "ARTICLE_MAX_BODY_CHARS",
    "TRUSTED_PROXIES",
    "IDEMPOTENCY_TTL_HOURS",
    "IDEMPOTENCY_ABANDON_SECONDS",
    "JSON_MAX_DEPTH",
    "JSON_MAX_ARRAY_ITEMS",
    "SEARCH_OUTBOX_READY_MAX",
    "SEARCH_COMMIT_INDEX_MAX",
)
BOOLEAN_KEYS = ("RATELIMIT_ENABLED",)
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"  # where `make run` serves


class Config:
    """Safe defaults for local development."""

    APP_ENV = "development"
    # Where the public reaches the site: feeds and canonical links are built on it, never on
    # the request's Host header. Development falls back to DEVELOPMENT_BASE_URL.
    PUBLIC_BASE_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    API_TITLE = "Sanitary ware catalogue"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    # Pinned: the docs page's Content-Security-Policy was checked against this release.
    OPENAPI_SWAGGER_UI_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/"
    TOKEN_TTL_HOURS = 12
    MAX_CONTENT_LENGTH = 1024 * 1024
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_KIB = 65536
    ARTICLE_MAX_BODY_CHARS = 100_000
    LOG_FORMAT = "text"  # or "json": one JSON object per line
    CORS_ORIGINS = ""  # comma-separated origins allowed to call the API from a browser
    TRUSTED_PROXIES = 0  # reverse proxies in front whose X-Forwarded-For/-Proto are believed
    RATELIMIT_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_KEY_PREFIX = "catalogue"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # a Redis outage degrades to per-worker counts
    RATELIMIT_READS = "600 per minute"  # per client IP
    RATELIMIT_SEARCH = "120 per minute"  # per client IP, on top of the read budget
    RATELIMIT_LOGIN = "5 per minute; 30 per hour"  # per client IP on POST /api/v1/auth/tokens
    RATELIMIT_WRITES = "120 per minute"  # per bearer token
    IDEMPOTENCY_TTL_HOURS = 24
    # A key whose request has not answered after this long is taken over by a retry (its
    # request died and wrote nothing); keep it above the server's request timeout.
    IDEMPOTENCY_ABANDON_SECONDS = 60
    JSON_MAX_DEPTH = 32
    JSON_MAX_ARRAY_ITEMS = 1000
    SEARCH_LOCK_TIMEOUT = 0.2  # seconds a web worker waits for the index lock after a commit
    SEARCH_DRAIN_INTERVAL = 1.0  # seconds between an idle worker's checks for pending index rows
    SEARCH_DRAIN_ON_COMMIT = True
    SEARCH_OUTBOX_READY_MAX = 1000  # pending index changes above which /readyz says not ready
    SEARCH_COMMIT_INDEX_MAX = 50  # documents a commit indexes itself; the drainer does the rest


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill `app.config` from defaults, the environment and `test_config`, in that order."""
    app.config.from_object(Config)
    for key in ENVIRONMENT_KEYS:
        if key in os.environ:
            app.config[key] = os.environ[key]
    if test_config:
        app.config.update(test_config)
    for key in INTEGER_KEYS:
        app.config[key] = int(app.config[key])
    for key in BOOLEAN_KEYS:
        app.config[key] = _as_bool(app.config[key])
    app.config["TOKEN_TTL"] = timedelta(hours=app.config["TOKEN_TTL_HOURS"])
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    database_url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'catalogue.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    app.config.setdefault("SEARCH_INDEX_DIR", str(instance / "search-index"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(app, instance)
    app.config["PUBLIC_BASE_URL"] = public_base_url(
        app.config["PUBLIC_BASE_URL"], production=app.config["APP_ENV"] == "production"
    )


def _as_bool(value: bool | str) -> bool:
    if isinstance(value, bool):
        return value
    return value.strip().lower() in {"1", "true", "yes", "on"}


def public_base_url(value: str | None, *, production: bool) -> str:
    """PUBLIC_BASE_URL checked (absolute http(s), no query or fragment), without a trailing /."""
    if not value:
        if production:
            raise RuntimeError("PUBLIC_BASE_URL must be set in production")
        return DEVELOPMENT_BASE_URL
    if not _is_site_address(value):
        raise RuntimeError(
            "PUBLIC_BASE_URL must be an absolute http(s) URL without credentials, query or "
            f"fragment, such as https://catalogue.example.com: {value!r}"
        )
    return value.rstrip("/")


def _is_site_address(value: str) -> bool:
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number in range)
    except ValueError:
        return False
    return (
        parts.scheme in {"http", "https"}
        and bool(parts.hostname)
        and parts.username is None
        and not {"?", "#"} & set(value)
    )


def normalise_database_url(url: str) -> str:
    """Point bare PostgreSQL URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret_key(app: Flask, instance: Path) -> str:
    """Keep a generated key in the instance folder so restarts keep sessions valid."""
    if app.config["APP_ENV"] == "production":
        raise RuntimeError("SECRET_KEY must be set in production")
    key_file = instance / "secret_key"
    if not key_file.exists():
        # Several workers may start at once: write aside, then link, so one key wins whole.
        draft = instance / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()
