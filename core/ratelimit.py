"""Rate limits (Flask-Limiter): reads and search per IP, stricter logins and enquiries, writes
per token."""

import math
import time

from flask import Flask, Response, current_app, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded

import core.ratelimit_sqlite  # noqa: F401  (registers the sqlite:// counters storage with limits)
from core.problems import problem_response

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOGIN_ENDPOINTS = "core.login_endpoints"  # the app.extensions key
ENQUIRY_ENDPOINTS = "core.enquiry_endpoints"  # the app.extensions key
SEARCH_PATH_PREFIX = "/api/v1/search"
UNLIMITED_PATHS = {"/healthz", "/readyz"}


def register_rate_limits(app: Flask) -> None:
    """Attach a limiter to `app` whose budgets come from the RATELIMIT_* settings."""
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app.config)
    app.extensions[LOGIN_ENDPOINTS] = {"auth.create_token", "auth.change_password"}
    app.extensions[ENQUIRY_ENDPOINTS] = set()
    limiter = Limiter(
        client_ip,
        application_limits=[
            _budget("RATELIMIT_READS", "reads", client_ip, applies=is_read),
            _budget("RATELIMIT_SEARCH", "search", client_ip, applies=is_search),
            _budget("RATELIMIT_LOGIN", "login", client_ip, applies=is_login),
            _budget("RATELIMIT_ENQUIRIES", "enquiries", client_ip, applies=is_enquiry),
            _budget("RATELIMIT_WRITES", "writes", token_or_ip, applies=is_write),
        ],
    )
    limiter.request_filter(lambda: request.path in UNLIMITED_PATHS)
    limiter.init_app(app)
    # Registered after the limiter's own check, so a refused write still spends its budget.
    app.before_request(refuse_writes_with_dead_tokens)

    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(error: RateLimitExceeded) -> Response:
        breached = limiter.current_limit
        wait = max(1, math.ceil(breached.window[0] - time.time())) if breached else 60
        return problem_response(
            429,
            f"Too many requests: the limit here is {error.description}. Retry in {wait} seconds.",
            kind="rate-limited",
            headers={"Retry-After": str(wait)},
        )


def limit_as_login(app: Flask, endpoint: str) -> None:
    """Give POSTs to `endpoint` (a form that tries a password) the login budget."""
    app.extensions[LOGIN_ENDPOINTS].add(endpoint)


def limit_as_enquiry(app: Flask, endpoint: str) -> None:
    """Give POSTs to `endpoint` (a public form that stores a message for staff) the enquiry
    budget, shared by every such endpoint."""
    app.extensions[ENQUIRY_ENDPOINTS].add(endpoint)


def storage_uri(config) -> str:
    """Where counters live: RATELIMIT_STORAGE_URI, else REDIS_URL, else this process's memory.

    gunicorn.conf.py sets RATELIMIT_STORAGE_URI to a file its workers share when neither is set.
    """
    return config.get("RATELIMIT_STORAGE_URI") or config.get("REDIS_URL") or "memory://"


def serve_with_workers(app: Flask, workers: int) -> None:
    """Record how many workers the server really runs (its hooks call this in each worker)."""
    app.config["SERVER_WORKERS"] = workers
    refuse_per_process_storage_in_production(app.config)


def refuse_per_process_storage_in_production(config) -> None:
    """Several workers each counting on their own would multiply every budget; refuse to start."""
    workers = config.get("SERVER_WORKERS", 1)
    if (
        config["APP_ENV"] == "production"
        and config["RATELIMIT_ENABLED"]
        and config["RATELIMIT_STORAGE_URI"].startswith("memory://")
        and workers > 1
    ):
        raise RuntimeError(
            f"Rate limits kept in process memory would not be shared by {workers} workers: "
            "set RATELIMIT_STORAGE_URI or REDIS_URL (e.g. redis://host:6379/0), or leave both "
            "unset and start gunicorn with gunicorn.conf.py, whose workers share a counters file."
        )


def _budget(setting: str, scope: str, key, *, applies) -> ApplicationLimit:
    return ApplicationLimit(
        lambda: current_app.config[setting],
        key_function=key,
        scope=scope,
        exempt_when=lambda: not applies(),
    )


def client_ip() -> str:
    """The caller's address (the proxy's unless TRUSTED_PROXIES says to believe X-Forwarded-For)."""
    return request.remote_addr or "unknown"


def token_or_ip() -> str:
    """A live token's own budget; a missing, unknown, expired or revoked one spends the IP's."""
    # Imported here: core.api imports this module while the models are still being defined.
    from core.auth.guards import current_token

    token = current_token()
    return f"token:{token.id}" if token else "ip:" + client_ip()


def refuse_writes_with_dead_tokens() -> None:
    """Refuse an API write whose bearer token is not live, before anything reads its body."""
    from core.auth.guards import current_token, unauthorised

    if (
        request.path.startswith("/api/")
        and is_write()
        and "Authorization" in request.headers
        and current_token() is None
    ):
        raise unauthorised()


def is_login() -> bool:
    """Whether this request tries a password."""
    endpoints = current_app.extensions[LOGIN_ENDPOINTS]
    return request.method == "POST" and request.endpoint in endpoints


def is_enquiry() -> bool:
    """Whether this request sends an enquiry to staff."""
    endpoints = current_app.extensions[ENQUIRY_ENDPOINTS]
    return request.method == "POST" and request.endpoint in endpoints


def is_write() -> bool:
    """Whether this request changes something (logins have their own budget)."""
    return request.method not in SAFE_METHODS and not is_login()


def is_read() -> bool:
    """Whether this request only reads."""
    return request.method in SAFE_METHODS


def is_search() -> bool:
    """Whether this read runs a full-text query (the search API, or `q=` on a listing)."""
    return is_read() and (request.path.startswith(SEARCH_PATH_PREFIX) or "q" in request.args)
