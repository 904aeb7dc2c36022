"""The console's blueprint and who may use it: a live session, CSRF on every form, no-store."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from core.auth.guards import act_as
from core.auth.models import Role, StaffSession, User
from core.auth.sessions import find_live_session
from core.problems import Problem
from core.public_urls import local_path
from web.site import SiteBlueprint

console = SiteBlueprint(
    "console",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
csrf = CSRFProtect()
SESSION_KEY = "sid"  # the session's plain token, inside Flask's signed cookie
PUBLIC_ENDPOINTS = {"console.sign_in", "console.static"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
UNCACHED_REDIRECTS = {302, 303, 307}


@console.before_request
def require_session_and_csrf() -> Any:
    """Check the form's CSRF token, then the session: pages need a live one, forms too."""
    if request.endpoint == "console.static":
        return None  # the stylesheet and script are public and need no database read
    if request.method in UNSAFE_METHODS:
        try:
            csrf.protect()
        except CSRFError:
            raise Problem(
                400,
                "This form has expired or did not come from this console; nothing was changed. "
                "Go back, reload the page and try again.",
                kind="csrf-failed",
            ) from None
    staff_session = _live_session()
    if staff_session is not None:
        g.staff_session = staff_session
        act_as(staff_session.user)
        return None
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if request.method in UNSAFE_METHODS:
        raise Problem(
            401,
            "Your session has ended, so nothing was changed. Sign in again, then repeat the "
            "change.",
            kind="session-ended",
        )
    return redirect(url_for("console.sign_in", next=request.full_path.rstrip("?")))


@console.after_request
def never_store(response):
    """Console pages hold unpublished work: no cache keeps them; referrers stay on this site."""
    if request.endpoint == "console.static":
        if response.status_code == 200:
            response.cache_control.immutable = True  # its URL carries the content's digest
        return response
    # A redirect has nothing to keep and is not cached without an explicit lifetime; left
    # unmarked, the answer to a create form stays replayable for a second submission.
    if response.status_code not in UNCACHED_REDIRECTS:
        response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"  # Flask-WTF checks it over HTTPS
    return response


def _live_session() -> StaffSession | None:
    plain = session.get(SESSION_KEY)
    if not isinstance(plain, str):
        return None
    found = find_live_session(plain)
    if found is None:
        session.pop(SESSION_KEY, None)
    return found


def signed_in() -> User:
    """The signed-in staff member (the guard has let only them through)."""
    return g.staff_session.user


def admins_only(view: Callable) -> Callable:
    """Refuse the view to editors with a 403 page."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if signed_in().role != Role.ADMIN:
            raise Problem(403, "Only admins may manage people.", kind="forbidden")
        return view(*args, **kwargs)

    return guarded


def safe_next(target: str | None, fallback_endpoint: str = "console.dashboard") -> str:
    """Where to go next (after signing in, say): a console path on this site, never elsewhere."""
    return local_path(target, "/admin") or url_for(fallback_endpoint)
