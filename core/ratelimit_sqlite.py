"""Rate-limit counters in a SQLite file, so every worker process on one host spends one budget."""

import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from limits.storage import MovingWindowSupport, Storage

SCHEME = "sqlite"
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS hits "
    "(key TEXT NOT NULL, at REAL NOT NULL, expires_at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS hits_by_key ON hits (key, at)",
    "CREATE INDEX IF NOT EXISTS hits_by_expiry ON hits (expires_at)",
    "CREATE TABLE IF NOT EXISTS counters "
    "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL)",
)


class SQLiteFileStorage(Storage, MovingWindowSupport):
    """`sqlite:////absolute/path`: one row per hit (moving window) or per key (fixed window)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.removeprefix(f"{SCHEME}:///")
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._connection: sqlite3.Connection | None = None

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE makes the other workers wait their turn."""
        with self._lock:
            connection = self._connect()
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _read(self, sql: str, parameters: tuple) -> tuple:
        with self._lock:
            return self._connect().execute(sql, parameters).fetchone()

    def _connect(self) -> sqlite3.Connection:
        # A forked worker opens its own connection: SQLite's locks must not cross a fork.
        if self._connection is None or self._pid != os.getpid():
            connection = sqlite3.connect(
                self.path, timeout=10, isolation_level=None, check_same_thread=False
            )
            weakref.finalize(self, connection.close)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # counters need not outlive a crash
            connection.execute("BEGIN IMMEDIATE")
            for statement in SCHEMA:
                connection.execute(statement)
            connection.execute("COMMIT")
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Record `amount` hits for `key` unless that would pass `limit` within `expiry` seconds."""
        if amount > limit:
            return False
        now = time.time()
        with self._writing() as connection:
            connection.execute("DELETE FROM hits WHERE expires_at <= ?", (now,))
            (count,) = connection.execute(
                "SELECT count(*) FROM hits WHERE key = ? AND at > ?", (key, now - expiry)
            ).fetchone()
            if count + amount > limit:
                return False
            connection.executemany(
                "INSERT INTO hits (key, at, expires_at) VALUES (?, ?, ?)",
                [(key, now, now + expiry)] * amount,
            )
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """When the oldest hit still in the window happened, and how many hits it holds."""
        now = time.time()
        oldest, count = self._read(
            "SELECT min(at), count(*) FROM hits WHERE key = ? AND at > ?", (key, now - expiry)
        )
        return (oldest, count) if count else (now, 0)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to `key`'s fixed-window counter, starting a window of `expiry` seconds."""
        now = time.time()
        with self._writing() as connection:
            connection.execute("DELETE FROM counters WHERE key = ? AND expires_at <= ?", (key, now))
            connection.execute(
                "INSERT INTO counters (key, count, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count",
                (key, amount, now + expiry),
            )
            (count,) = connection.execute(
                "SELECT count FROM counters WHERE key = ?", (key,)
            ).fetchone()
        return count

    def get(self, key: str) -> int:
        """`key`'s fixed-window count (0 once its window has passed)."""
        row = self._read(
            "SELECT count FROM counters WHERE key = ? AND expires_at > ?", (key, time.time())
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        """When `key`'s fixed window ends."""
        now = time.time()
        row = self._read(
            "SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now)
        )
        return row[0] if row else now

    def check(self) -> bool:
        """Whether the file can be read."""
        try:
            self._read("SELECT 1", ())
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every key."""
        with self._writing() as connection:
            hits = connection.execute("DELETE FROM hits").rowcount
            counters = connection.execute("DELETE FROM counters").rowcount
        return hits + counters

    def clear(self, key: str) -> None:
        """Forget `key`."""
        with self._writing() as connection:
            connection.execute("DELETE FROM hits WHERE key = ?", (key,))
            connection.execute("DELETE FROM counters WHERE key = ?", (key,))
