"""Security headers, CORS for configured origins, proxy trust, and bounds on JSON bodies."""

import base64
import hashlib
import re
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from core.problems import Problem

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The site's pages (everything outside /api/) run only their own files; images come from
# whatever https host an editor linked a product or article image to.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
CORS_ALLOWED_HEADERS = [
    "Authorization",
    "Content-Type",
    "If-Match",
    "If-None-Match",
    "Idempotency-Key",
    "X-Request-ID",
]
CORS_EXPOSED_HEADERS = [
    "ETag",
    "Location",
    "Retry-After",
    "X-Request-ID",
    "Idempotent-Replayed",
]
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
# Strings are blanked before brackets are counted; an unterminated one runs to the end, so the
# scan stays linear whatever the body.
JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*(?:"|\Z)', re.DOTALL)
JSON_STRUCTURE = re.compile(rb"[\[\]{},]")
# No value here needs more digits; Python refuses to read integers of over 4,300.
MAX_NUMBER_DIGITS = 100
LONG_NUMBER = re.compile(rb"[0-9]{%d}" % (MAX_NUMBER_DIGITS + 1))


def register_security(app: Flask) -> None:
    """Add the security headers, CORS, proxy trust and JSON bounds to `app`."""
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops
        )
    origins = allowed_origins(app.config["CORS_ORIGINS"])
    if origins:
        # flask-cors gets preflights, Vary: Origin and the header lists right; hand-rolled
        # CORS code is where those usually go wrong.
        CORS(
            app,
            resources={r"/api/*": {}},
            origins=origins,
            allow_headers=CORS_ALLOWED_HEADERS,
            expose_headers=CORS_EXPOSED_HEADERS,
            methods=["GET", "HEAD", "POST", "PATCH", "DELETE"],
            max_age=600,
            supports_credentials=False,
        )
    app.before_request(reject_oversized_json)
    app.after_request(add_security_headers)


def allowed_origins(setting: str | list[str]) -> list[str]:
    """The CORS origins named by a comma-separated string or a list (empty: no CORS at all)."""
    values = setting.split(",") if isinstance(setting, str) else setting
    return [origin.strip().rstrip("/") for origin in values if origin.strip()]


def add_security_headers(response: Response) -> Response:
    """Headers every response carries; the docs page gets the one policy that lets it run."""
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers.setdefault("Referrer-Policy", "no-referrer")  # the console asks for same-origin
    headers["Content-Security-Policy"] = content_security_policy(response)
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    return response


def content_security_policy(response: Response) -> str:
    """The docs page's policy, the API's for the rest of /api/, and the site's for pages."""
    if request.endpoint == "api-docs.openapi_swagger_ui":
        return docs_policy(response)
    if request.path.startswith("/api/"):
        return API_POLICY
    return page_policy()


def page_policy() -> str:
    """The pages' policy, also letting images come from a plain-http media host when one is
    configured (a MinIO on the office network, say); https hosts are allowed already."""
    config = current_app.config
    media = config.get("MEDIA_BASE_URL") or (
        config.get("MEDIA_S3_ENDPOINT_URL") if config.get("MEDIA_STORAGE") == "s3" else ""
    )
    address = urlsplit(media or "")
    if address.scheme != "http" or not address.netloc:
        return PAGE_POLICY
    return PAGE_POLICY.replace(
        "img-src 'self' https:", f"img-src 'self' https: http://{address.netloc}"
    )


def docs_policy(response: Response) -> str:
    """What Swagger UI needs: its files (the app's own, or a CDN's), its inline bootstrap (by
    hash), the spec, data: icons."""
    files = urlsplit(current_app.config["OPENAPI_SWAGGER_UI_URL"])
    origin = f"{files.scheme}://{files.netloc}" if files.netloc else "'self'"
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in INLINE_SCRIPT.findall(response.get_data())
    )
    # Checked in headless Chromium with the pinned Swagger UI: it renders every operation with
    # no violation, and stops rendering without the hash or without data: images.
    return (
        f"default-src 'none'; script-src {origin} {hashes}; style-src {origin}; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'none'"
    )


def reject_oversized_json() -> None:
    """Refuse JSON nested too deep or with too long arrays, before any view parses it."""
    if request.is_json:
        config = current_app.config
        check_json_shape(
            request.get_data(cache=True), config["JSON_MAX_DEPTH"], config["JSON_MAX_ARRAY_ITEMS"]
        )


def check_json_shape(body: bytes, max_depth: int, max_items: int) -> None:
    """Raise a problem when `body` nests over `max_depth` levels, has an array over `max_items`
    or a number of over MAX_NUMBER_DIGITS digits."""
    structure = JSON_STRING.sub(b'""', body)
    if LONG_NUMBER.search(structure):
        raise Problem(
            400,
            f"A number in the JSON body has more than {MAX_NUMBER_DIGITS} digits.",
            kind="json-number-too-long",
        )
    # One entry per open container: the commas seen so far in an array, None for an object.
    open_containers: list[int | None] = []
    for match in JSON_STRUCTURE.finditer(structure):
        token = match.group()
        if token in b"[{":
            open_containers.append(0 if token == b"[" else None)
            if len(open_containers) > max_depth:
                raise Problem(
                    400,
                    f"The JSON body is nested more than {max_depth} levels deep.",
                    kind="json-too-deep",
                )
        elif token != b",":
            if open_containers:
                open_containers.pop()
        elif open_containers and open_containers[-1] is not None:
            open_containers[-1] += 1
            if open_containers[-1] >= max_items:
                raise Problem(
                    413,
                    f"A JSON array in the body has more than {max_items} items.",
                    kind="json-array-too-long",
                )
