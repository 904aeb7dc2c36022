"""Configuration: class defaults, then environment variables, then the caller's mapping.

`Config` is the one table of settings: each is annotated with its type, and the environment
variable of the same name, when set, is read as that type.
"""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any, get_type_hints
from urllib.parse import urlsplit

from flask import Flask

DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"  # where `make run` serves
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
EXPECTED = {
    bool: "true or false (or 1/0, yes/no, on/off)",
    int: "a whole number",
    float: "a number",
    dict: "a JSON object",
}


class ConfigError(RuntimeError):
    """A setting whose value does not read as its type; the app refuses to start."""


class Config:
    """Every setting, its type and a safe default for local development."""

    APP_ENV: str = "development"
    DATABASE_URL: str = ""  # empty: a SQLite file in the instance folder
    SECRET_KEY: str = ""  # empty: one generated into the instance folder (not in production)
    SEARCH_INDEX_DIR: str = ""  # empty: `search-index` in the instance folder
    # "whoosh" (one host: an index on local disk) or "postgres" (several hosts sharing the
    # database: documents indexed in the database itself, in each writer's transaction).
    SEARCH_BACKEND: str = "whoosh"
    # With the PostgreSQL backend: each host answers from a mirror of the database's entries
    # on its local disk, brought up to the database's change log before every answer (the
    # database answers while it cannot be). False: the database answers every search.
    SEARCH_MIRROR: bool = True
    # Changed documents a search applies to the mirror before answering; beyond that the
    # database answers while the host's background thread catches the mirror up.
    SEARCH_MIRROR_CATCH_UP_MAX: int = 200
    REDIS_URL: str = ""
    RATELIMIT_STORAGE_URI: str = ""  # empty: REDIS_URL, else process memory (core.ratelimit)
    # Where the public reaches the site: feeds and canonical links are built on it, never on
    # the request's Host header. Development falls back to DEVELOPMENT_BASE_URL.
    PUBLIC_BASE_URL: str = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}  # a JSON object in the environment
    API_TITLE: str = "Sanitary ware catalogue"
    API_VERSION: str = "v1"
    OPENAPI_VERSION: str = "3.1.0"
    OPENAPI_URL_PREFIX: str = "/api"
    OPENAPI_JSON_PATH: str = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH: str = "docs"
    # Swagger UI's files: the app's own copy (core.api_docs), or a CDN's address ending in /.
    OPENAPI_SWAGGER_UI_URL: str = "/api/docs/swagger-ui/"
    TOKEN_TTL_HOURS: int = 12
    CONSOLE_IDLE_MINUTES: int = 30  # a console session ends after this long without a visit
    CONSOLE_SESSION_HOURS: int = 12  # and after this long however busy
    MAX_CONTENT_LENGTH: int = 1024 * 1024
    ARGON2_TIME_COST: int = 3
    ARGON2_MEMORY_KIB: int = 65536
    ARTICLE_MAX_BODY_CHARS: int = 100_000
    LOG_FORMAT: str = "text"  # or "json": one JSON object per line
    CORS_ORIGINS: str = ""  # comma-separated origins allowed to call the API from a browser
    TRUSTED_PROXIES: int = 0  # reverse proxies in front whose X-Forwarded-For/-Proto are believed
    RATELIMIT_ENABLED: bool = True
    RATELIMIT_STRATEGY: str = "moving-window"
    RATELIMIT_KEY_PREFIX: str = "catalogue"
    # A Redis outage degrades to per-worker counts.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED: bool = True
    RATELIMIT_READS: str = "600 per minute"  # per client IP
    RATELIMIT_SEARCH: str = "120 per minute"  # per client IP, on top of the read budget
    RATELIMIT_LOGIN: str = "5 per minute; 30 per hour"  # per client IP on POST /api/v1/auth/tokens
    RATELIMIT_WRITES: str = "120 per minute"  # per bearer token
    IDEMPOTENCY_TTL_HOURS: int = 24
    # A key whose request has not answered after this long is taken over by a retry (its
    # request died and wrote nothing); keep it above the server's request timeout.
    IDEMPOTENCY_ABANDON_SECONDS: int = 60
    JSON_MAX_DEPTH: int = 32
    JSON_MAX_ARRAY_ITEMS: int = 1000
    SEARCH_LOCK_TIMEOUT: float = 0.2  # seconds a web worker waits for the index lock
    SEARCH_DRAIN_INTERVAL: float = 1.0  # seconds between an idle worker's outbox checks
    SEARCH_DRAIN_ON_COMMIT: bool = True
    # Seconds after its last drain that an index's claim on the search outbox lapses (see
    # search/sharing.py: a second host's Whoosh index is refused while another's is active).
    SEARCH_CLAIM_WINDOW: float = 30.0
    SEARCH_OUTBOX_READY_MAX: int = 1000  # pending index changes above which /readyz says not ready
    # The language of the catalogue's text (two letters): the search rules kept for it apply.
    CATALOGUE_LANGUAGE: str = "en"
    # The search log (insights/): shoppers' searches and opened results, with nothing about who.
    SEARCH_LOG_ENABLED: bool = True
    SEARCH_LOG_RETENTION_DAYS: int = 120  # `flask insights prune` deletes older rows
    SEARCH_LOG_QUEUE_MAX: int = 10_000  # rows a process holds before it drops (and counts) more
    SEARCH_LOG_FLUSH_SECONDS: float = 1.0  # how often a process writes its queued rows
    # Documents a commit indexes itself; the drainer does the rest.
    SEARCH_COMMIT_INDEX_MAX: int = 50
    MEDIA_STORAGE: str = "local"  # or "s3": S3-compatible object storage
    MEDIA_DIR: str = ""  # local storage; empty: `media` in the instance folder
    # Where browsers fetch images: a CDN or public bucket URL; empty: /media/ on this site
    # (local) or the bucket's address (s3).
    MEDIA_BASE_URL: str = ""
    MEDIA_S3_BUCKET: str = ""
    MEDIA_S3_ENDPOINT_URL: str = ""  # empty: AWS; else MinIO, Ceph, R2 … (credentials: AWS_*)
    MEDIA_S3_REGION: str = ""
    MEDIA_S3_PREFIX: str = ""  # a folder inside the bucket, such as "catalogue/"
    MEDIA_MAX_FILE_BYTES: int = 20 * 1024 * 1024  # one uploaded file; larger gets 413
    MEDIA_MAX_REQUEST_BYTES: int = 40 * 1024 * 1024  # one upload request, every file together
    MEDIA_MAX_FILES: int = 10  # files in one upload request
    MEDIA_MAX_PIXELS: int = 50_000_000  # decoded size; more is refused (decompression bombs)
    # Files younger than this are never pruned: an upload writes them before its commit.
    MEDIA_PRUNE_GRACE_MINUTES: int = 60
    IMPORT_MAX_BYTES: int = 25 * 1024 * 1024  # one uploaded spreadsheet; larger gets 413
    IMPORT_MAX_ROWS: int = 100_000  # data rows in one spreadsheet
    IMPORT_WORKER: str = "thread"  # or "off": only `flask catalog work` runs import jobs
    IMPORT_LEASE_SECONDS: int = 60  # a job whose worker was silent this long is resumed by another
    IMPORT_POLL_SECONDS: float = 5.0  # how often an idle worker looks for jobs
    SITEMAP_MAX_URLS: int = 50_000  # addresses in one child sitemap (the protocol's limit)
    # Staff are emailed about each product enquiry through this SMTP server; empty: mail is
    # off (enquiries are still stored, and the log says so).
    SMTP_HOST: str = ""
    SMTP_PORT: int = 0  # 0: the security's usual port (25, 587 for starttls, 465 for ssl)
    SMTP_USERNAME: str = ""  # empty: no login
    SMTP_PASSWORD: str = ""
    SMTP_SECURITY: str = "starttls"  # or "ssl" (implicit TLS), or "none" (a relay on loopback)
    SMTP_TIMEOUT: float = 10.0  # seconds one connection or command may take
    MAIL_FROM: str = ""  # the sender of notifications; empty: catalogue@ the public host
    ENQUIRY_NOTIFY_TO: str = ""  # comma-separated staff addresses notified of enquiries
    RATELIMIT_ENQUIRIES: str = "5 per hour; 20 per day"  # per client IP, API and page together


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill `app.config` from defaults, the environment and `test_config`, in that order."""
    app.config.from_object(Config)
    kinds = get_type_hints(Config)
    for key, kind in kinds.items():
        if key in os.environ:
            app.config[key] = read_setting(key, kind, os.environ[key], "environment variable")
    for key, value in (test_config or {}).items():
        app.config[key] = read_setting(key, kinds.get(key, object), value, "setting")
    app.config["TOKEN_TTL"] = timedelta(hours=app.config["TOKEN_TTL_HOURS"])
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    database_url = app.config["DATABASE_URL"] or f"sqlite:///{instance / 'catalogue.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    if not app.config["SEARCH_INDEX_DIR"]:
        app.config["SEARCH_INDEX_DIR"] = str(instance / "search-index")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret_key(app, instance)
    app.config["PUBLIC_BASE_URL"] = public_base_url(
        app.config["PUBLIC_BASE_URL"], production=app.config["APP_ENV"] == "production"
    )


def read_setting(key: str, kind: type, value: Any, source: str) -> Any:
    """`value` read as `kind` when it is text (from the environment); typed values pass as given."""
    if not isinstance(value, str) or kind in (str, object):
        return value
    text = value.strip()
    try:
        if kind is bool:
            if text.lower() in TRUE_WORDS | FALSE_WORDS:
                return text.lower() in TRUE_WORDS
            raise ValueError(text)
        if kind is dict:
            parsed = json.loads(text)
            if not isinstance(parsed, dict):
                raise ValueError(text)
            return parsed
        return kind(text)
    except ValueError:
        raise ConfigError(f"{source} {key} must be {EXPECTED[kind]}, not {value!r}") from None


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
