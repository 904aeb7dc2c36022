"""Route guards: who is calling, and may they."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, has_app_context, has_request_context, request
from flask_smorest import Blueprint

from core.auth.models import ApiToken, Role, User
from core.auth.services import find_active_token
from core.problems import Problem

BEARER_SCHEME = "bearerAuth"
SESSION_USER = "session_user"


def _bearer_value() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def current_token() -> ApiToken | None:
    """The caller's live token, or None for anonymous callers (cached per request)."""
    if "current_token" not in g:
        plain = _bearer_value()
        g.current_token = find_active_token(plain) if plain else None
    return g.current_token


def current_user() -> User | None:
    """The authenticated user (by bearer token, by the console's session, or the person whose
    background work this is), or None."""
    token = current_token() if has_request_context() else None
    if token is not None:
        return token.user
    return g.get(SESSION_USER) if has_app_context() else None


def act_as(user: User) -> None:
    """Make `user` the caller of this request (or of this app context's background work).

    The console does so for a live session's owner, on its own pages, whose forms carry CSRF
    tokens (the API never takes a session cookie as a credential); an import job does so for
    the person who started it, so its writes are audited under their name.
    """
    setattr(g, SESSION_USER, user)


def is_staff() -> bool:
    """Whether the caller may see unpublished content."""
    user = current_user()
    return user is not None and user.can(Role.EDITOR)


def signed_in_token() -> ApiToken:
    """The caller's live token, in a view that requires one (a 401 problem without it)."""
    token = current_token()
    if token is None:
        raise unauthorised()
    return token


def signed_in_user() -> User:
    """The caller, in a view that requires a signed-in user (a 401 problem without one)."""
    return signed_in_token().user


def unauthorised() -> Problem:
    """The 401 problem for a caller without a live token (saying so when one was sent)."""
    detail = "A valid bearer token is required."
    if request.headers.get("Authorization"):
        detail = "The bearer token is invalid, expired or revoked."
    return Problem(401, detail, kind="unauthorised", headers={"WWW-Authenticate": "Bearer"})


def role_required(role: Role) -> Callable:
    """Let only callers holding `role` through: 401 without a live token, 403 without the role."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                raise unauthorised()
            if not user.can(role):
                raise Problem(403, f"This needs the {role.value} role.", kind="forbidden")
            return view(*args, **kwargs)

        return Blueprint.doc(security=[{BEARER_SCHEME: []}])(guarded)

    return decorator


def require_admin_for(flag: bool, what: str) -> None:
    """Raise 403 when `flag` asks for something only admins may do."""
    user = current_user()
    if flag and (user is None or user.role != Role.ADMIN):
        raise Problem(403, f"Only admins may {what}.", kind="forbidden")
