"""The site's blueprint: templates, versioned static files cached for a year, and error pages."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import nh3
from flask import (
    Blueprint,
    current_app,
    has_request_context,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from markupsafe import Markup

SITE_NAME = "Sanitary Ware Catalogue"
STATIC_DIR = Path(__file__).parent / "static"
ONE_DAY = 24 * 3600
ONE_YEAR = 365 * ONE_DAY
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
VERSIONED_URLS = "web_versioned_urls"  # the app's memo of static files' versioned URLs
VERSIONED_URLS_KEPT = 256


class SiteBlueprint(Blueprint):
    """A blueprint whose static files may be cached for a year: their URLs carry a content hash."""

    def get_send_file_max_age(self, filename: str | None) -> int:
        return ONE_YEAR


site = SiteBlueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)


@dataclass(frozen=True)
class Feed:
    """A feed a page advertises with <link rel="alternate">."""

    title: str
    url: str
    media_type: str


@dataclass(frozen=True)
class PageMeta:
    """What a page tells browsers, search engines and link previews about itself."""

    title: str
    description: str
    canonical: str
    kind: str = "website"  # og:type
    image: str | None = None
    feeds: tuple[Feed, ...] = ()
    indexable: bool = True


def news_feeds(label: str | None = None, **only: Any) -> tuple[Feed, ...]:
    """The RSS and Atom feeds of the newsroom, or of part of it (`label`, and the feeds'
    arguments: `tag` or `author`)."""
    title = f"{SITE_NAME} news" + (f": {label}" if label else "")
    return (
        Feed(f"{title} (RSS)", url_for("feeds.rss_feed", **only), "application/rss+xml"),
        Feed(f"{title} (Atom)", url_for("feeds.atom_feed", **only), "application/atom+xml"),
    )


@site.route("/favicon.ico")
def root_icon_ico():
    """The icon browsers ask the site root for, whatever a page links (kept a day)."""
    return send_from_directory(STATIC_DIR, "favicon.ico", max_age=ONE_DAY)


@site.route("/apple-touch-icon.png")
def root_icon_png():
    """The home-screen icon phones ask the site root for (kept a day)."""
    return send_from_directory(STATIC_DIR, "apple-touch-icon.png", max_age=ONE_DAY)


@site.after_request
def _immutable_assets(response):
    if request.endpoint == "web.static" and response.status_code == 200:
        response.cache_control.immutable = True
    return response


@site.app_template_global()
def asset_url(filename: str) -> str:
    """The URL of a site's static file, versioned by content so browsers keep it for a year."""
    return versioned_url("web.static", STATIC_DIR, filename)


def versioned_url(endpoint: str, folder: Path, filename: str) -> str:
    """The URL of `filename` in `folder`, served by `endpoint`, carrying its content's digest.

    Built once per app, file version and script root: every page links the same few files.
    """
    path = folder / filename
    modified_ns = path.stat().st_mtime_ns
    built = current_app.extensions.setdefault(VERSIONED_URLS, {})
    key = (endpoint, path, modified_ns, request.script_root if has_request_context() else None)
    url = built.get(key)
    if url is None:
        if len(built) >= VERSIONED_URLS_KEPT:
            built.clear()
        url = built[key] = url_for(endpoint, filename=filename, v=_digest(path, modified_ns))
    return url


# Hashed on first use and again when the file changes, so there is no build step: libraries
# such as Flask-Static-Digest write digested copies and a manifest with `flask digest compile`,
# one more command to run on every deploy and to keep in step with the files.
@lru_cache(maxsize=64)
def _digest(path: Path, modified_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@site.app_template_filter()
def marked(snippet: str) -> Markup:
    """A search snippet as HTML: the engine's <mark> tags kept, anything else escaped or dropped."""
    # nh3 is what makes it safe: whatever the engine returned, only bare <mark> tags survive.
    return Markup(nh3.clean(snippet or "", tags={"mark"}, attributes={}))  # noqa: S704


@site.app_template_filter()
def money(amount: Decimal | str | None, currency: str | None = "USD") -> str:
    """An amount with its currency's symbol ($289.00), or its code when it has no common one."""
    if amount is None:
        return ""
    value = f"{Decimal(amount):,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency or "")
    return f"{symbol}{value}" if symbol else f"{value} {currency}"


@site.app_template_filter()
def long_date(moment: datetime | str | None) -> str:
    """A date as readers write it: 15 April 2014."""
    moment = _as_datetime(moment)
    return f"{moment.day} {moment:%B %Y}" if moment else ""


@site.app_template_filter()
def iso_date(moment: datetime | str | None) -> str:
    """The date part, for a <time datetime> attribute."""
    moment = _as_datetime(moment)
    return moment.date().isoformat() if moment else ""


def _as_datetime(moment: datetime | str | None) -> datetime | None:
    # Pages render what the API's schemas dump, where times are ISO 8601 strings.
    return datetime.fromisoformat(moment) if isinstance(moment, str) else moment


@site.app_context_processor
def _site_name() -> dict:
    return {"site_name": SITE_NAME}


def render_error_page(problem: dict) -> str:
    """The site's page for a problem document (404, 500 …)."""
    meta = PageMeta(problem["title"], problem["detail"], canonical="", indexable=False)
    return render_template("error.html", meta=meta, problem=problem)
