"""One database, one kept index: each Whoosh index records its identity in the database, so a
second host draining the same search outbox is noticed rather than left to split the changes.

Whoosh keeps an index on the local disk of its host, and a drain deletes the outbox rows it
indexed: with two hosts, each index would take in only the changes its own host drained. So
each index directory (every worker of one host shares it) names itself in `identity` and holds
a claim row, refreshed while its processes drain. Among the claims seen in the last
`SEARCH_CLAIM_WINDOW` seconds, the one active the longest keeps the index: its host drains.
Any other is refused: it drains nothing (so the kept index misses nothing), `/readyz` says not
ready (so a load balancer sends its searches elsewhere) and the log says what to do. When the
keeping host goes quiet, the next one takes over, first bringing its index up to the database
(verify and repair), since it missed what the other host indexed meanwhile.
"""

import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import String, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import Model, db
from core.models import UTCDateTime

log = logging.getLogger(__name__)
IDENTITY_FILE = "identity"
FORGET_AFTER = timedelta(days=7)  # claims silent this long are deleted
KEEPS, REFUSED, CATCHING_UP = "keeps the index", "refused", "catching up"
ADVICE = (
    "Whoosh keeps its index on the disk of one host: serve the catalogue from one host (with "
    "as many workers as it needs) and leave the others unready until it stops, or set "
    "SEARCH_BACKEND=postgres on every host to search the database they share; see the README, "
    '"Deploying on several hosts".'
)


class SearchIndexClaim(Model):
    """An index directory that drains this database's search outbox, and when it last did."""

    __tablename__ = "search_index_claims"

    identity: Mapped[str] = mapped_column(String(36), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    directory: Mapped[str] = mapped_column(String(1024))
    # The start of its current spell of activity: the longest-active claim keeps the index.
    active_since: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set while refused: the index misses what another host indexed from then on.
    missed_since: Mapped[datetime | None] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Sharing:
    """This index's standing among the indexes draining the database."""

    role: str  # KEEPS, REFUSED or CATCHING_UP
    keeper: str  # "host (directory)" of the index that keeps the outbox, this one's included
    others: tuple[str, ...]  # "host (directory)" of every other active index
    missed_since: datetime | None = None


class IndexShared(Exception):
    """Another host's index keeps this database's search outbox: this one must not drain it."""


class IndexClaims:
    """This process's claim for the index under `root`, checked at most every `recheck` s."""

    def __init__(self, root: Path, window: float) -> None:
        self.root, self.window = root, window
        self.recheck = min(1.0, window / 10)
        self._identity: str | None = None
        self._checked: tuple[float, Sharing] | None = None
        self._reported: tuple[str, tuple[str, ...]] = (KEEPS, ())
        self._guard = threading.Lock()

    @property
    def identity(self) -> str:
        """The index directory's identity, made by the first process that asks."""
        if self._identity is None:
            self.root.mkdir(parents=True, exist_ok=True)
            path = self.root / IDENTITY_FILE
            if not path.exists():
                draft = self.root / f".{IDENTITY_FILE}.{uuid.uuid4().hex}"
                draft.write_text(str(uuid.uuid4()))
                try:
                    os.link(draft, path)  # atomic, and fails if another process was first
                except FileExistsError:
                    pass
                finally:
                    draft.unlink()
            self._identity = path.read_text().strip()
        return self._identity

    def sharing(self, fresh: bool = False) -> Sharing:
        """This index's standing (refreshing its claim): read again after `recheck` s, or now
        if `fresh`."""
        with self._guard:
            if not fresh and self._checked and time.monotonic() - self._checked[0] < self.recheck:
                return self._checked[1]
        for attempt in range(2):
            try:
                found = self._check()
                break
            except IntegrityError:  # another worker of this host made the claim first
                if attempt:
                    raise
        with self._guard:
            self._checked = (time.monotonic(), found)
        self._report(found)
        return found

    def require_drain(self) -> Sharing:
        """This index's standing; raises IndexShared when another index keeps the outbox."""
        found = self.sharing()
        if found.role == REFUSED:
            raise IndexShared(f"the search outbox is kept by {found.keeper}")
        return found

    def caught_up(self, since: datetime) -> None:
        """Record that the index was brought up to the database after missing changes `since`."""
        with Session(db.engine) as session, session.begin():
            session.execute(
                update(SearchIndexClaim)
                .where(SearchIndexClaim.identity == self.identity)
                .where(SearchIndexClaim.missed_since == since)
                .values(missed_since=None)
            )
        with self._guard:
            self._checked = None

    def _check(self) -> Sharing:
        now = datetime.now(UTC)  # the wall clock, never the tests' fixed one: this is liveness
        horizon = now - timedelta(seconds=self.window)
        with Session(db.engine) as session, session.begin():
            mine = session.get(SearchIndexClaim, self.identity)
            if mine is None:
                mine = SearchIndexClaim(
                    identity=self.identity,
                    host=socket.gethostname(),
                    directory=str(self.root.resolve()),
                    active_since=now,
                    last_seen=now,
                )
                session.add(mine)
                session.flush()
                session.execute(
                    delete(SearchIndexClaim).where(SearchIndexClaim.last_seen < now - FORGET_AFTER)
                )
            elif mine.last_seen < horizon:  # back after a silence: its spell starts again
                mine.active_since = mine.last_seen = now
            elif now - mine.last_seen >= timedelta(seconds=self.window / 3):
                mine.last_seen = now
            others = session.scalars(
                select(SearchIndexClaim)
                .where(SearchIndexClaim.identity != self.identity)
                .where(SearchIndexClaim.last_seen >= horizon)
            ).all()
            keeper = min([mine, *others], key=lambda claim: (claim.active_since, claim.identity))
            if keeper is not mine:
                mine.missed_since = mine.missed_since or now
                role = REFUSED
            else:
                role = CATCHING_UP if mine.missed_since else KEEPS
            return Sharing(
                role,
                _named(keeper),
                tuple(sorted(_named(claim) for claim in others)),
                mine.missed_since,
            )

    def _report(self, found: Sharing) -> None:
        """Log a change of standing once, with what to do."""
        seen = (found.role, found.others)
        with self._guard:
            if seen == self._reported:
                return
            self._reported = seen
        if found.role == REFUSED:
            log.error(
                "search index refused: %s drains this database's search outbox, so this "
                "host's index (%s) is not updated and /readyz says not ready. %s",
                found.keeper,
                self.root,
                ADVICE,
            )
        elif found.others:
            log.warning(
                "other search indexes use this database (%s); they are refused and this one "
                "is kept. %s",
                ", ".join(found.others),
                ADVICE,
            )
        elif found.role == CATCHING_UP:
            log.warning("search index taken over; bringing it up to the database first")


def _named(claim: SearchIndexClaim) -> str:
    return f"{claim.host} ({claim.directory})"
