"""The app's single source of the current time, so tests can move it."""

from datetime import UTC, datetime

_fixed_now: datetime | None = None


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (or the time tests have set)."""
    return _fixed_now or datetime.now(UTC)


def set_now(moment: datetime | None) -> None:
    """Pin the clock at `moment` (None restores the real time); for tests and simulations."""
    global _fixed_now
    _fixed_now = moment
