"""Full-text search: a Whoosh engine (whoosh-reloaded) that domains feed through registered types.

Pieces, each in its own module:

- `registry`: how a domain declares a document type (fields, loader, watched models, listing)
  on the app, from its `init_app`; `search` never imports a domain.
- `analysis`, `rules` and `units`: NFC, stemming, accent folding, the synonyms staff keep,
  measurements, and the user query parser (words, "phrases", codes: no syntax reaches the index).
- `documents` and `store`: one Whoosh index per type (`SEARCH_INDEX_DIR/<type>`, a symlink
  swapped atomically on rebuild), written in separate segment files; per-generation views of
  a freshly opened searcher (never `refresh()`, which keeps stale copies).
- `segments`, `postings` and `tables`: each segment's columns (keys, statuses, numbers,
  keywords, words, field lengths) in a file beside it that every worker memory-maps; postings
  decoded a block at a time and cached per segment and term; a view joins them end to end.
- `scoring`, `querying`, `spelling`, `snippets`, `service`: BM25 in NumPy with soft AND,
  proximity, exactness, joined/split spellings, codes and measurements; filters, disjunctive
  facets and a total order; typo corrections and completions over public words only; `<mark>`
  snippets; `service.search()` and `service.suggest()` are the entry points for code.
- `listings`: each hit's stored summary kept current (read from the database while its change
  waits in the outbox), so domains serve whole listings from the engine; the index state and
  next scheduled publication their caches key on.
- `outbox` and `indexer`: the transactional outbox, draining, rebuild, verify and repair;
  `UPDATE`/`DELETE` statements run through a session queue the rows they touch too.
- `sharing`: each index's claim on the outbox, recorded in the database, so a second host's
  Whoosh index is refused (it drains nothing, `/readyz` says why) instead of splitting changes.
- `readiness`: the `/readyz` checks of the index, its claim and the outbox backlog (with the
  PostgreSQL backend, of trigrams and this host's mirror).
- `pg`: the PostgreSQL backend (`SEARCH_BACKEND=postgres`): entries written in each writer's
  transaction, each host answering from a mirror it brings up to the database's change log.
- `routes`, `schemas`, `cli`: `GET /api/v1/search`, `GET /api/v1/search/suggest` and
  `flask search worker|reindex|verify`.

Consistency: the database is the source of truth. Changes write outbox rows in their own
transaction, and the session notes which documents they were. After such a commit the process
indexes just those, at most `SEARCH_COMMIT_INDEX_MAX` of them: it waits at most
`SEARCH_LOCK_TIMEOUT` for the index lock (`writer(timeout=...)`), re-reads the database under
the lock, and deletes only the outbox rows it indexed. A request never drains for others and
never fails because the index is busy or read-only. A daemon thread in each worker drains
everything else: at once when a commit left some of its own documents (a fan-out beyond the
bound, a busy or unwritable index), every 0.2 s while rows wait, every `SEARCH_DRAIN_INTERVAL`
seconds when idle. So `make run` needs no extra process, and `flask search worker` can do the
same job as a single indexer. The engine remembers whether its last drain could write the
index: `/readyz` reports "degraded" (still 200) while it cannot, and the log says so once.
"""

import os
import weakref
from pathlib import Path

from flask import Flask

from search.backends import Backend, WhooshBackend
from search.drain_state import DrainState
from search.indexer import BackgroundDrainer, drain_quietly
from search.outbox import QueuedChanges, track_changes
from search.pg.backend import PostgresBackend
from search.pg.keeper import MirrorKeeper
from search.pg.mirror import Mirror
from search.readiness import register_search_checks
from search.registry import declared_types
from search.schemas import search_args_schema, suggest_args_schema
from search.sharing import IndexClaims
from search.store import IndexStore

BACKENDS = ("whoosh", "postgres")


class SearchEngine:
    """The app's backend; for Whoosh, its index store, drain settings and state, and the
    per-process background drainer."""

    def __init__(self, app: Flask) -> None:
        self.store = IndexStore(app.config["SEARCH_INDEX_DIR"])
        self.lock_timeout = float(app.config["SEARCH_LOCK_TIMEOUT"])
        self.postgres = app.config["SEARCH_BACKEND"] == "postgres"
        self.mirror = (
            Mirror(
                Path(app.config["SEARCH_INDEX_DIR"]) / "mirror",
                int(app.config["SEARCH_MIRROR_CATCH_UP_MAX"]),
            )
            if self.postgres and app.config["SEARCH_MIRROR"]
            else None
        )
        self.backend: Backend = (
            PostgresBackend(self.mirror)
            if self.postgres
            else WhooshBackend(self.store, self.lock_timeout)
        )
        self.drain_on_commit = bool(app.config["SEARCH_DRAIN_ON_COMMIT"])
        self.commit_index_max = int(app.config["SEARCH_COMMIT_INDEX_MAX"])
        self.drain_interval = float(app.config["SEARCH_DRAIN_INTERVAL"])
        self.drain_state = DrainState()
        self.claims = IndexClaims(
            Path(app.config["SEARCH_INDEX_DIR"]), app.config["SEARCH_CLAIM_WINDOW"]
        )
        # Bulk writers running in this process: while any runs, its drainer leaves the outbox
        # to other processes' drainers instead of taking the writer's CPU (see `bulk_writing`).
        self.bulk_writers = 0
        # The query arguments of GET /api/v1/search and the search page, for every declared type.
        self.search_args = search_args_schema(declared_types(app))
        self.drainer: BackgroundDrainer | None = None
        self._drainer_pid: int | None = None
        # Searchers hold open files: close them when the app goes away.
        weakref.finalize(self, self.store.close)
        if self.mirror is not None:
            weakref.finalize(self, self.mirror.close)

    def after_commit(self, queued: QueuedChanges) -> None:
        """Index the documents a committed transaction queued; leave the rest to the drainer."""
        if not self.drain_on_commit:
            return
        if any(queued.ids.values()):
            drain_quietly(self.store, self.lock_timeout, state=self.drain_state, only=queued.ids)
        if (queued.overflow or self.drain_state.last != "ok") and self.drainer is not None:
            self.drainer.wake()

    def start_drainer(self, app: Flask) -> None:
        """Start this process's background drainer, or with the PostgreSQL backend its mirror's
        keeper (once per process, so after a fork too)."""
        if self.drain_interval <= 0 or self._drainer_pid == os.getpid():
            return
        self._drainer_pid = os.getpid()
        if self.mirror is not None:
            self.mirror.keeper = MirrorKeeper(app, self.mirror, self.drain_interval)
        elif not self.postgres:
            self.drainer = BackgroundDrainer(app, self.drain_interval)


def init_app(app: Flask) -> None:
    """Index and serve the document types declared so far; runs after the domains declare them.

    The test client runs without the background drainer thread.
    """
    from core.api import register_api_blueprints
    from core.background import on_process_start
    from search.cli import search_cli
    from search.routes import search_blueprint

    kinds = declared_types(app)
    if not kinds:
        raise RuntimeError("No search document types: run the domains' init_app before search's.")
    _check_backend(app)
    engine = SearchEngine(app)
    app.extensions["search"] = engine
    track_changes(app)
    register_search_checks(app, postgres=engine.postgres)
    register_api_blueprints(app, search_blueprint(engine.search_args, suggest_args_schema(kinds)))
    app.cli.add_command(search_cli)
    on_process_start(app, lambda: engine.start_drainer(app))


def _check_backend(app: Flask) -> None:
    """Refuse a backend this app cannot run, at start rather than at the first search."""
    chosen = app.config["SEARCH_BACKEND"]
    if chosen not in BACKENDS:
        raise RuntimeError(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {chosen!r}")
    if chosen == "postgres" and not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        raise RuntimeError("SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL")
