"""Configuration: class defaults, then environment variables, then the caller's mapping."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

ENVIRONMENT_KEYS = (
    "DATABASE_URL",
    "SECRET_KEY",
    "SEARCH_INDEX_DIR",
    "APP_ENV",
    "TOKEN_TTL_HOURS",
    "MAX_CONTENT_LENGTH",
    "ARGON2_TIME_COST",
    "ARGON2_MEMORY_KIB",
)


class Config:
    """Safe defaults for local development."""

    APP_ENV = "development"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    API_TITLE = "Sanitary ware catalogue"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist/"
    TOKEN_TTL_HOURS = 12
    MAX_CONTENT_LENGTH = 1024 * 1024
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_KIB = 65536


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill `app.config` from defaults, the environment and `test_config`, in that order."""
    app.config.from_object(Config)
    for key in ENVIRONMENT_KEYS:
        if key in os.environ:
            app.config[key] = os.environ[key]
    if test_config:
        app.config.update(test_config)
    for key in ("TOKEN_TTL_HOURS", "MAX_CONTENT_LENGTH", "ARGON2_TIME_COST", "ARGON2_MEMORY_KIB"):
        app.config[key] = int(app.config[key])
    app.config["TOKEN_TTL"] = timedelta(hours=app.config["TOKEN_TTL_HOURS"])
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    database_url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'catalogue.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    app.config.setdefault("SEARCH_INDEX_DIR", str(instance / "search-index"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(app, instance)


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
