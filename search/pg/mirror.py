"""Each host's mirror of the PostgreSQL backend's documents, brought up to date before it answers.

Matching in SQL reads, scores and counts every matching row, so a common word over 100,000
products takes seconds. The Whoosh backend's engine (NumPy over memory-mapped columns and cached
postings) answers the same query in tens of milliseconds, but its index lives on one host. So
with this backend each host keeps that engine's index as a mirror, in `SEARCH_INDEX_DIR/mirror`,
and the database stays the only source of truth, written in each writer's transaction:

- every index directory records the change log's feed and the version it holds (`MIRROR`),
  written under the index lock once a commit has landed;
- before answering, a search reads the database's version of each type (one indexed row); if
  the mirror is behind, it applies the documents changed since (at most
  `SEARCH_MIRROR_CATCH_UP_MAX`, read from the database under the lock) and then answers;
- when a mirror cannot be brought up (none built yet, too many changes waiting, its lock busy),
  the database answers that search itself: a host never answers from a mirror behind the
  database, so every host sees a committed change at once;
- a thread per worker (`search.pg.keeper.MirrorKeeper`) builds missing mirrors (one process per
  host at a time), catches up backlogs and prunes the change log.
"""

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from core.background import PollingThread
from core.extensions import db
from core.hot_reads import hot_read
from search.indexer import LOAD_BATCH, documents_of
from search.pg import feed
from search.pg.feed import POSITIONS, Position
from search.registry import DocumentType
from search.store import IndexBusy, IndexStore
from search.tables import IndexView
from search.upkeep import Drift, compared

log = logging.getLogger(__name__)
APPLIED_FILE = "MIRROR"
INLINE_BUILD_MAX = 1_000  # documents: a smaller type's mirror is built by the search needing it
CATCH_UP_WAIT = 1.0  # seconds a search waits for the mirror's lock (held by a short catch-up)
BACKLOG_BATCH = 20_000  # changed documents the keeper applies at once; beyond, it rebuilds


@dataclass(frozen=True)
class Applied:
    """What a mirror directory holds: the change log's feed and the version it is up to."""

    feed: str
    version: int

    def follows(self, target: Position) -> bool:
        """Whether this mirror can catch up with `target` from the change log: the same feed,
        and not behind the log's pruned end."""
        return self.feed == target.feed and self.version >= target.forgotten

    def holds(self, target: Position | None) -> bool:
        """Whether this mirror holds everything up to `target` already."""
        return target is not None and self.feed == target.feed and self.version >= target.version


def read_applied(directory: Path) -> Applied | None:
    """What the mirror in `directory` holds (None: never recorded, or unreadable)."""
    try:
        recorded = json.loads((directory / APPLIED_FILE).read_text())
        return Applied(str(recorded["feed"]), int(recorded["version"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_applied(directory: Path, position: Position) -> None:
    """Record that the mirror in `directory` holds `position` (replaced in one rename)."""
    draft = directory / f".{APPLIED_FILE}.{os.getpid()}"
    draft.write_text(json.dumps({"feed": position.feed, "version": position.version}))
    os.replace(draft, directory / APPLIED_FILE)


class Mirror:
    """This host's mirror of every document type, under `root`."""

    def __init__(self, root: Path, catch_up_max: int) -> None:
        self.root = root
        self.store = IndexStore(root)
        self.catch_up_max = catch_up_max
        # Types too large to build inside a search: only the keeper builds their mirror.
        self._keeper_builds: set[str] = set()
        self._current_format: set[Path] = set()  # directories built in this code's format
        self._failing: set[str] = set()  # types whose last attempt failed (logged once)
        self.keeper: PollingThread | None = None  # this process's keeper, to wake

    @contextmanager
    def views(self, chosen: list[DocumentType]) -> Iterator[dict[str, IndexView] | None]:
        """A view of each of `chosen`, each at least as recent as the database when this was
        called; None when one cannot be had (the caller asks the database instead)."""
        targets = self._positions(chosen)
        if not all(self._bring_up(kind, targets.get(kind.name)) for kind in chosen):
            yield None
            return
        checked = {kind.name: self.store.current_dir(kind) for kind in chosen}
        with ExitStack() as stack:
            views = {kind.name: stack.enter_context(self.store.view(kind)) for kind in chosen}
            # A directory's version only grows; one a rebuild swapped in since must hold the
            # target too.
            if all(
                view.directory == checked[name]
                or _holds(read_applied(view.directory), targets.get(name))
                for name, view in views.items()
            ):
                yield views
                return
        yield None

    def differences(self, kind: DocumentType, current: dict[int, str]) -> Drift:
        """How this host's mirror of `kind`, brought up first, differs from the database's
        `current` documents (digests by id); nothing when it has no mirror to compare."""
        with self.views([kind]) as views:
            if views is None:
                return Drift(kind.name)
            indexed = views[kind.name].digests()
        return compared(kind.name, indexed, current.items())

    def failed(self, kind: DocumentType) -> None:
        """Log why `kind`'s mirror could not be brought up (the exception being handled), once
        until it can again."""
        if kind.name not in self._failing:
            self._failing.add(kind.name)
            log.warning(
                "the %s search mirror cannot be brought up: the database answers its searches "
                "until it can",
                kind.name,
                exc_info=True,
            )

    def missing(self, kinds: list[DocumentType]) -> list[str]:
        """The names of `kinds` with documents but no mirror here that can catch up with them
        (none built, another feed or format, or behind the change log's pruned end)."""
        targets = self._positions(kinds)
        return [
            kind.name
            for kind in kinds
            if kind.name in targets
            and not self._can_catch_up(
                kind, targets[kind.name], read_applied(self.store.current_dir(kind))
            )
        ]

    def _can_catch_up(self, kind: DocumentType, target: Position, applied: Applied | None) -> bool:
        """Whether the mirror of `kind`, holding `applied`, can catch up with `target` from
        the change log."""
        return (
            applied is not None
            and applied.follows(target)
            and self._built_by_this_code(kind, self.store.current_dir(kind))
        )

    def _built_by_this_code(self, kind: DocumentType, directory: Path) -> bool:
        # A directory's format never changes: checked once per process (it builds a schema).
        if directory not in self._current_format:
            if self.store.is_outdated(kind):
                return False
            self._current_format.add(directory)
        return True

    def _positions(self, chosen: list[DocumentType]) -> dict[str, Position]:
        rows = hot_read(POSITIONS, {"doc_types": [kind.name for kind in chosen]})
        return {name: Position(*values) for name, *values in rows}

    def _bring_up(self, kind: DocumentType, target: Position | None) -> bool:
        """Whether `kind`'s mirror holds `target` now, after applying what it lacked."""
        if target is None:  # nothing was ever indexed: the database answers (an empty type)
            return False
        try:
            ready = self._applied_up_to(kind, target)
        except IndexBusy:
            return False
        except OSError:  # an unwritable or full disk: the database answers, the log says why
            self.failed(kind)
            return False
        if ready:
            self._failing.discard(kind.name)
        return ready

    def _applied_up_to(self, kind: DocumentType, target: Position) -> bool:
        applied = read_applied(self.store.current_dir(kind))
        if not self._can_catch_up(kind, target, applied):
            return self._build_inline(kind)
        if _holds(applied, target):
            return True
        return self.catch_up(kind, self.catch_up_max, CATCH_UP_WAIT)

    def _build_inline(self, kind: DocumentType) -> bool:
        """Build a small type's mirror now; leave a large one to the keeper."""
        if kind.name not in self._keeper_builds:
            with Session(db.engine) as session:
                small = len(list(kind.all_ids(session))) <= INLINE_BUILD_MAX
            if small:
                return self.build(kind, wait=True) and self.catch_up(
                    kind, self.catch_up_max, CATCH_UP_WAIT
                )
            self._keeper_builds.add(kind.name)
        if self.keeper is not None:
            self.keeper.wake()
        return False

    def catch_up(self, kind: DocumentType, most: int, wait: float) -> bool:
        """Apply the documents changed since the mirror's version, if at most `most`; whether
        the mirror then holds the database's latest version. Raises IndexBusy after `wait` s."""
        with self.store.writing(kind, wait) as batch, Session(db.engine) as session:
            directory = self.store.current_dir(kind)
            applied = read_applied(directory)
            if applied is None:
                return False
            target, ids = feed.changes_after(session.connection(), kind.name, applied.version, most)
            if target is None or not applied.follows(target) or len(ids) > most:
                return False
            if applied.holds(target):
                return True
            for start in range(0, len(ids), LOAD_BATCH):
                chunk = ids[start : start + LOAD_BATCH]
                documents = kind.load(session, chunk)
                for key in chunk:
                    batch.put(key, documents.get(key))  # None: gone, so deleted
            batch.then.append(lambda: write_applied(directory, target))
        return True

    def build(self, kind: DocumentType, wait: bool) -> bool:
        """Build `kind`'s mirror afresh from the database and swap it in; whether this process
        did (one process per host at a time builds; without `wait`, others skip)."""
        with _build_lock(self.root, kind, wait) as held:
            if not held:
                return False
            target = self._positions([kind]).get(kind.name)
            if target is None:
                return False
            directory = self.store.current_dir(kind)
            if self._built_by_this_code(kind, directory) and _holds(
                read_applied(directory), target
            ):
                return True  # another process built it while this one waited
            started = time.monotonic()
            total, documents = documents_of(kind)
            count = self.store.rebuild(
                kind, documents, total, before_swap=lambda path: write_applied(path, target)
            )
            if total > INLINE_BUILD_MAX:
                log.info(
                    "search mirror of %s built: %d documents in %.1f s",
                    kind.name,
                    count,
                    time.monotonic() - started,
                )
            return True

    def keep_up(self, kind: DocumentType) -> None:
        """Bring `kind`'s mirror up to the database however far behind it is (the keeper's job)."""
        target = self._positions([kind]).get(kind.name)
        if target is None:
            return
        applied = read_applied(self.store.current_dir(kind))
        if self._can_catch_up(kind, target, applied):
            if _holds(applied, target) or self._applied_backlog(kind):
                return
        if self.build(kind, wait=False):
            self._applied_backlog(kind)

    def _applied_backlog(self, kind: DocumentType) -> bool:
        try:
            return self.catch_up(kind, BACKLOG_BATCH, CATCH_UP_WAIT)
        except IndexBusy:
            return True  # someone else is writing it: try again next round

    def close(self) -> None:
        """Close the mirror's searchers and indexes."""
        self.store.close()


def _holds(applied: Applied | None, target: Position | None) -> bool:
    return applied is not None and applied.holds(target)


@contextmanager
def _build_lock(root: Path, kind: DocumentType, wait: bool) -> Iterator[bool]:
    """Hold this host's lock on building `kind`'s mirror; yields whether it is held."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".build-{kind.name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
