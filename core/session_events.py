"""Session hooks that belong to one app: each app lists its own, the session class dispatches.

Flask-SQLAlchemy gives every app the same session class and picks the app's engine through
`current_app`; hooks follow the same rule. One listener per event is attached to that class
(not to every SQLAlchemy session in the process), and it runs the hooks the current app
registered, so two apps in one process (a test and a CLI, say) never run each other's hooks.
"""

from collections.abc import Callable

from flask import Flask, current_app, has_app_context
from sqlalchemy import event

from core.extensions import HoldableSession

EVENTS = (
    "before_flush",
    "after_flush",
    "before_commit",
    "after_commit",
    "after_soft_rollback",
    "do_orm_execute",
)
HOOKS = "core.session_hooks"


def on_session_event(app: Flask, name: str, hook: Callable[..., None]) -> None:
    """Run `hook` with the event's arguments whenever a session of `app` fires event `name`."""
    if name not in EVENTS:
        raise ValueError(f"unsupported session event {name!r}")
    dispatcher = _DISPATCHERS[name]
    if not event.contains(HoldableSession, name, dispatcher):
        event.listen(HoldableSession, name, dispatcher)
    app.extensions.setdefault(HOOKS, {}).setdefault(name, []).append(hook)


def _dispatcher(name: str) -> Callable[..., None]:
    def dispatch(*args) -> None:
        if has_app_context():
            for hook in current_app.extensions.get(HOOKS, {}).get(name, ()):
                hook(*args)

    dispatch.__name__ = f"dispatch_{name}"
    return dispatch


_DISPATCHERS = {name: _dispatcher(name) for name in EVENTS}
