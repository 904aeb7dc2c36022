"""How a process's drains of the search outbox are going, for `/readyz` and a quiet log."""

import logging
import threading

log = logging.getLogger(__name__)


class DrainState:
    """How this process's last drain went: "ok", "busy" or "failed" (and why, until one succeeds).

    It logs once per change between working and failing, not once per retry.
    """

    def __init__(self) -> None:
        self.last = "ok"
        self.failure: str | None = None
        self.failed_attempts = 0  # since the last success
        self._guard = threading.Lock()

    def succeeded(self, failures_seen: int | None = None) -> None:
        """Record a drain that wrote what it had to (or found nothing, with `failures_seen`
        read before it looked: a failure recorded since then is newer, and stands)."""
        with self._guard:
            if failures_seen is not None and self.failed_attempts != failures_seen:
                return
            recovered = self.failure is not None
            self.last, self.failure, self.failed_attempts = "ok", None, 0
        if recovered:
            log.info("search index updates work again; pending changes are being indexed")

    def refused(self) -> None:
        """Record a drain refused because another host's index keeps the outbox (logged there)."""
        with self._guard:
            self.last = "refused"

    def busy(self) -> None:
        """Record a drain that found the index locked: someone else is writing, nothing failed."""
        with self._guard:
            self.last = "busy"
        log.debug("search index busy; outbox rows stay pending")

    def failed(self, error: Exception) -> None:
        """Record a drain that could not update the index; rows stay pending for the next one."""
        reason = _failure_reason(error)
        with self._guard:
            entering = self.failure is None
            self.last, self.failure = "failed", reason
            self.failed_attempts += 1
        if entering:
            # An unwritable directory explains itself; anything else may be a bug: keep its trace.
            log.warning(
                "%s; changes stay pending and are retried",
                reason,
                exc_info=None if isinstance(error, OSError) else error,
            )


def _failure_reason(error: Exception) -> str:
    """A stable one-line reason for a failed drain (no file names, which vary per attempt)."""
    if isinstance(error, OSError) and error.errno is not None:
        return f"search index not writable: [Errno {error.errno}] {error.strerror}"
    return f"search index update failed: {type(error).__name__}"
