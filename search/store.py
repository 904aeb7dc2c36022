"""Whoosh indexes on disk: one per document type, swapped atomically, read through cached views.

Layout: `SEARCH_INDEX_DIR/<type>` is a symlink to `SEARCH_INDEX_DIR/<type>.<stamp>`; a rebuild
writes a new directory and replaces the symlink in one rename. Writers take the Whoosh lock with
a timeout (`writer(timeout=...)`, never AsyncWriter/BufferedWriter, which reorder edits), and
re-check after locking that their directory is still current. A view (searcher + tables) is
reused while the directory and generation are unchanged and replaced by a freshly opened one
when they change: `searcher.refresh()` keeps stale copies of updated documents in Whoosh 2.7.5.
"""

import fcntl
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index
from whoosh.codec.whoosh3 import STORED_COLUMN, W3Codec, W3Segment
from whoosh.util.filelock import try_for

from core.problems import Problem
from search.documents import KEY, build_schema, format_of, whoosh_fields
from search.parallel_build import SpawningMpWriter
from search.postings import PostingsCache
from search.registry import Document, DocumentType
from search.segments import SegmentColumns, load_columns
from search.tables import IndexView, Segment

log = logging.getLogger(__name__)
LOCK_POLL_SECONDS = 0.01
VIEW_ATTEMPTS = 3
STORED = "_stored"  # Whoosh's column of stored fields
FORMAT_FILE = "FORMAT"  # the engine format and schema an index directory was built with
PARALLEL_BUILD = 5_000  # documents from which a rebuild analyses in subprocesses
MAX_BUILD_PROCESSES = 4


class SegmentCodec(W3Codec):
    """Whoosh's codec, naming new segments from the OS's randomness.

    Whoosh draws segment names from the `random` module, which Hypothesis reseeds alike for
    every example: two writers then create segments of one name, and the second truncates the
    first one's files.
    """

    def new_segment(self, storage, indexname):
        return W3Segment(self, indexname, segid=secrets.token_hex(8))


# Separate segment files rather than one compound file: Whoosh reads compound files through a
# private memory map per process, separate files through the page cache every worker shares.
WRITER_OPTIONS = {"compound": False, "codec": SegmentCodec()}


class IndexBusy(Exception):
    """Another process holds the index lock longer than we were willing to wait."""


class IndexWriteBatch:
    """Documents to put and ids to delete, committed together by `IndexStore.writing`."""

    def __init__(self, writer, document_type: DocumentType) -> None:
        self._writer = writer
        self._document_type = document_type
        self.count = 0
        # Whether the commit also merges small segments (Whoosh's default). A drain working
        # through a backlog turns it off, so that each batch is searchable as soon as it is
        # written, and merges once, in a commit of its own, when the backlog is gone: a merge
        # can take many seconds, and documents committed with it wait for it.
        self.merge = True
        self.merge_only = False  # commit even with nothing put, to merge
        # Run after the commit (or after nothing was written), the lock still held: what the
        # index now holds is recorded before another writer can change it.
        self.then: list[Callable[[], None]] = []

    def put(self, key: int, document: Document | None) -> None:
        """Index `document` under `key`, or delete `key` when `document` is None."""
        if document is None:
            self._writer.delete_by_term(KEY, str(key))
        else:
            self._writer.update_document(**whoosh_fields(self._document_type, key, document))
        self.count += 1


def _built_by_this_code(directory: Path, document_type: DocumentType) -> bool:
    """Whether the index in `directory` has the format and schema this code writes."""
    try:
        return (directory / FORMAT_FILE).read_text() == format_of(document_type)
    except OSError:
        return False


def _hold_stored_fields(reader) -> None:
    """Open a segment's stored fields now: Whoosh opens them at the first read, and by then a
    merge in another process may have deleted the file (an open file stays readable)."""
    if reader._perdoc._cached_reader(STORED, STORED_COLUMN) is None:
        raise FileNotFoundError(f"segment {reader.segment().segment_id()} has gone")


class IndexStore:
    """The indexes under one directory, and this process's views of them."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self._resolved_root: Path | None = None
        self._indexes: dict[Path, index.FileIndex] = {}
        self._views: dict[str, IndexView] = {}
        self._columns: dict[str, dict[str, SegmentColumns]] = {}  # type -> segment -> columns
        self._postings = PostingsCache()
        self._guard = threading.RLock()

    # ---- directories -------------------------------------------------------------------

    def current_dir(self, document_type: DocumentType) -> Path:
        """The live directory of a type's index, created empty the first time."""
        link = self.root / document_type.name
        # The link names a sibling directory: one readlink, where resolving the whole path
        # would stat every directory above it, three times a search.
        try:
            directory = self._real_root() / os.readlink(link)
            if directory.is_dir():
                return directory
        except FileNotFoundError:
            pass
        with self._layout_lock():
            if not link.exists():
                self._point(link, self._new_dir(document_type))
        return self._real_root() / os.readlink(link)

    def _real_root(self) -> Path:
        if self._resolved_root is None:
            self._resolved_root = self.root.resolve()
        return self._resolved_root

    def is_outdated(self, document_type: DocumentType) -> bool:
        """Whether the live index was built with another format than this code writes."""
        return not _built_by_this_code(self.current_dir(document_type), document_type)

    def _new_dir(self, document_type: DocumentType) -> Path:
        directory = self.root / f"{document_type.name}.{time.time_ns()}"
        directory.mkdir(parents=True)
        try:
            (directory / FORMAT_FILE).write_text(format_of(document_type))
            index.create_in(str(directory), build_schema(document_type)).close()
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        return directory

    @staticmethod
    def _point(link: Path, directory: Path) -> None:
        draft = link.with_name(f".{link.name}.{os.getpid()}.link")
        draft.unlink(missing_ok=True)
        draft.symlink_to(directory.name)
        os.replace(draft, link)

    @contextmanager
    def _layout_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".layout.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _open(self, directory: Path, document_type: DocumentType | None = None) -> index.FileIndex:
        """The Whoosh index in `directory`; with a type, refused unless built in its format."""
        if document_type is not None and directory not in self._indexes:
            if not _built_by_this_code(directory, document_type):
                raise Problem(
                    503,
                    f"The {document_type.name} search index was built by another version: "
                    "run `flask search reindex`.",
                    kind="search-index-outdated",
                    headers={"Retry-After": "60"},
                )
        with self._guard:
            if directory not in self._indexes:
                self._indexes[directory] = index.open_dir(str(directory))
            return self._indexes[directory]

    # ---- writing -----------------------------------------------------------------------

    @contextmanager
    def writing(self, document_type: DocumentType, timeout: float) -> Iterator[IndexWriteBatch]:
        """Lock the live index (waiting up to `timeout` s), yield a batch, then commit it.

        Callers read the database inside this block, after the lock is held: whoever commits
        later has also read later, so the last database write always wins in the index.
        """
        for _ in range(3):
            directory = self.current_dir(document_type)
            ix = self._open(directory, document_type)
            lock = ix.lock("WRITELOCK")
            if not try_for(lock.acquire, timeout=timeout, delay=LOCK_POLL_SECONDS):
                raise IndexBusy(document_type.name)
            if self.current_dir(document_type) == directory:
                break
            lock.release()  # a rebuild swapped the directory while we waited
        else:
            raise IndexBusy(document_type.name)
        # The lock is ours, not the writer's: a writer that fails to start or to commit (an
        # unwritable directory) would otherwise hold it until the garbage collector runs.
        try:
            writer = ix.writer(_lk=False, **WRITER_OPTIONS)
            try:
                batch = IndexWriteBatch(writer, document_type)
                yield batch
            except BaseException:
                writer.cancel()
                raise
            if batch.count or batch.merge_only:
                writer.commit(merge=batch.merge)
            else:
                writer.cancel()
            for step in batch.then:
                step()
        finally:
            lock.release()

    def merge_small_segments(self, document_type: DocumentType, timeout: float) -> None:
        """Merge the index's small segments now (see `IndexWriteBatch.merge`)."""
        with self.writing(document_type, timeout) as batch:
            batch.merge_only = True

    def rebuild(
        self,
        document_type: DocumentType,
        documents: Iterable[tuple[int, Document]],
        total: int,
        before_swap: Callable[[Path], None] | None = None,
    ) -> int:
        """Build a fresh index from `documents` (`total` of them), swap it in; returns the count.

        `before_swap` is given the new directory once it is built, to add files of its own.

        The live index stays locked meanwhile, so concurrent drains wait (their outbox rows stay
        pending) and land in the new index after the swap instead of in the old one. Large
        builds analyse in subprocesses, one segment each, while this process reads the database:
        on two cores that halves the time of a single writer.
        """
        live = self.current_dir(document_type)
        lock = self._open(live).lock("WRITELOCK")
        if not try_for(lock.acquire, timeout=60.0, delay=0.1):
            raise IndexBusy(document_type.name)
        try:
            directory = self._new_dir(document_type)
            fresh = index.open_dir(str(directory))
            procs = min(os.cpu_count() or 1, MAX_BUILD_PROCESSES) if total >= PARALLEL_BUILD else 1
            if procs > 1:
                writer = SpawningMpWriter(
                    fresh, procs=procs, limitmb=128, multisegment=True, **WRITER_OPTIONS
                )
            else:
                writer = fresh.writer(limitmb=128, **WRITER_OPTIONS)
            count = 0
            try:
                for key, document in documents:
                    writer.add_document(**whoosh_fields(document_type, key, document))
                    count += 1
            except BaseException:
                writer.cancel()
                fresh.close()
                shutil.rmtree(directory, ignore_errors=True)
                raise
            writer.commit()
            fresh.close()
            try:
                if before_swap is not None:
                    before_swap(directory)
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            with self._layout_lock():
                self._point(self.root / document_type.name, directory)
        finally:
            lock.release()
        self._remove_retired(document_type, keep={directory, live})
        return count

    def _remove_retired(self, document_type: DocumentType, keep: set[Path]) -> None:
        # The previous directory stays one rebuild longer: other workers may still read it.
        for directory in self.root.glob(f"{document_type.name}.*"):
            if directory.is_dir() and directory not in keep:
                with self._guard:
                    stale = self._indexes.pop(directory, None)
                if stale is not None:
                    stale.close()
                shutil.rmtree(directory, ignore_errors=True)

    # ---- reading -----------------------------------------------------------------------

    def state(self, document_type: DocumentType) -> tuple[str, int]:
        """What names the index's current contents: its directory and generation (every commit
        and every rebuild changes it)."""
        directory = self.current_dir(document_type)
        return directory.name, self._open(directory, document_type).latest_generation()

    @contextmanager
    def view(self, document_type: DocumentType) -> Iterator[IndexView]:
        """The current view of a type's index, opened anew only when the index has changed."""
        directory = self.current_dir(document_type)
        ix = self._open(directory, document_type)
        generation = ix.latest_generation()
        with self._guard:
            view = self._views.get(document_type.name)
            if view is None or (view.directory, view.generation) != (directory, generation):
                fresh = self._fresh_view(ix, directory, document_type)
                if view is not None:
                    self._retire(view)
                self._views[document_type.name] = view = fresh
            view.users += 1
        try:
            yield view
        finally:
            with self._guard:
                view.users -= 1
                if view.retired and not view.users:
                    view.searcher.close()

    def _fresh_view(self, ix, directory: Path, document_type: DocumentType) -> IndexView:
        """A view of the latest generation, opened again if a merge elsewhere beat us to it.

        Segment files can be deleted by another process's commit between reading the table of
        contents and opening them; the next generation no longer needs them.
        """
        for attempt in range(VIEW_ATTEMPTS):
            searcher = ix.searcher()
            try:
                return self._build_view(searcher, directory, document_type)
            except OSError:
                searcher.close()
                if attempt == VIEW_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _build_view(self, searcher, directory: Path, document_type: DocumentType) -> IndexView:
        known = self._columns.get(document_type.name, {})
        current: dict[str, SegmentColumns] = {}
        segments: list[Segment] = []
        deleted: list[int] = []
        for reader, offset in searcher.reader().leaf_readers():
            if not reader.doc_count_all():
                continue
            segment_id = f"{directory.name}/{reader.segment().segment_id()}"
            _hold_stored_fields(reader)
            columns = known.get(segment_id) or load_columns(reader, directory, document_type)
            current[segment_id] = columns
            if reader.has_deletions():
                deleted.extend(offset + docnum for docnum in reader.deleted_docs_set)
            segments.append(Segment(segment_id, columns, offset, reader))
        self._columns[document_type.name] = current  # columns of merged-away segments go
        return IndexView(searcher, directory, segments, deleted, document_type, self._postings)

    def _retire(self, view: IndexView) -> None:
        view.retired = True
        if not view.users:
            view.searcher.close()

    def close(self) -> None:
        """Close every searcher and index this store opened."""
        with self._guard:
            for view in self._views.values():
                self._retire(view)
            self._views.clear()
            for ix in self._indexes.values():
                ix.close()
            self._indexes.clear()
            self._columns.clear()
