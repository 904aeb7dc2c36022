"""The PostgreSQL backend behind search's engine interface (see `search.backends.Backend`)."""

from collections.abc import Hashable
from datetime import datetime

from sqlalchemy import bindparam, func, or_, select, text, tuple_
from sqlalchemy.orm import Session

from core.extensions import db
from core.hot_reads import hot_read
from search import querying, snippets, spelling
from search.backends import Found, RequestFor, find_in_views
from search.documents import highlight_field
from search.indexer import current_digests
from search.pg import matching, writing
from search.pg.mirror import Mirror
from search.pg.models import SearchEntry, SearchVersion
from search.pg.words import Words
from search.registry import DocumentType, document_type
from search.upkeep import Drift, Progress

VERSIONS = select(SearchVersion.doc_type, SearchVersion.version).where(
    SearchVersion.doc_type.in_(bindparam("doc_types", expanding=True))
)
WORK_MEM = "64MB"
STATEMENT_TIMEOUT_MS = 5_000  # a search statement that runs longer is cancelled (a 503 problem)
BOUNDS = text(
    f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}; SET LOCAL work_mem = '{WORK_MEM}'"
)


class PostgresBackend:
    """Documents indexed in the database every app host shares, as they are written; matched
    by this host's mirror of them when it has one (see `search.pg.mirror`), else by the
    database."""

    def __init__(self, mirror: Mirror | None = None) -> None:
        self.mirror = mirror

    def find(
        self,
        chosen: list[DocumentType],
        request_for: RequestFor,
        *,
        correct: bool,
        start: int,
        stop: int,
        with_snippets: bool,
        with_listings: bool,
    ) -> Found:
        """See `Backend.find`: by the mirror, brought up to the database first, when it can be;
        else one statement per type, then the page's stored texts."""
        if self.mirror is not None:
            with self.mirror.views(chosen) as views:
                if views is not None:
                    return find_in_views(
                        views,
                        request_for,
                        correct=correct,
                        start=start,
                        stop=stop,
                        with_snippets=with_snippets,
                        with_listings=with_listings,
                        pending={},
                    )
        session = _bounded()
        bare = request_for({}, {})
        corrections = (
            Words(session, chosen, bare.now).corrections(bare.parsed)
            if bare.parsed.clauses and correct
            else {}
        )
        request = request_for(corrections, {})
        results = [matching.run(session, kind, request) for kind in chosen]
        hits = querying.merged_hits([result.ranked for result in results], start, stop)
        terms = frozenset().union(*(result.terms for result in results))
        stored = _stored(session, hits) if with_snippets or with_listings else {}
        return Found(
            results=results,
            hits=hits,
            corrections=corrections,
            snippets={
                key: snippets.snippets(
                    document_type(key[0]),
                    {highlight_field(name): value for name, value in highlights.items()},
                    terms,
                )
                for key, (highlights, _) in stored.items()
                if with_snippets
            },
            listings={key: listing for key, (_, listing) in stored.items()},
            pending={},
        )

    def suggest(self, chosen: list[DocumentType], typed: str, now: datetime, limit: int) -> list:
        """See `Backend.suggest`: by the mirror when it can be brought up, as `find`."""
        if self.mirror is not None:
            with self.mirror.views(chosen) as views:
                if views is not None:
                    return spelling.completions(list(views.values()), typed, now, limit)
        return Words(_bounded(), chosen, now).completions(typed, limit)

    def reindex(
        self, chosen: list[DocumentType], progress: Progress | None = None
    ) -> dict[str, int]:
        """See `Backend.reindex`: every entry written afresh, in batches; then this host's
        mirror rebuilt from the database (other hosts' keepers find theirs too far behind the
        change log and rebuild them)."""
        counts = {kind.name: writing.rebuild(db.session(), kind, progress) for kind in chosen}
        if self.mirror is not None:
            for kind in chosen:
                self.mirror.build(kind, wait=True)
                self.mirror.keep_up(kind)
        return counts

    def outdated(self, chosen: list[DocumentType]) -> list[DocumentType]:
        """See `Backend.outdated`: by the format recorded at each type's last rebuild."""
        return [kind for kind in chosen if writing.is_outdated(db.session(), kind)]

    def verify(self, kind: DocumentType) -> Drift:
        """See `Backend.verify`: each entry's digest against the database's document, and so
        is this host's mirror's (repairing an entry logs it, so every mirror applies it too)."""
        current = dict(current_digests(kind))
        drift = writing.differences(db.session(), kind, current)
        if self.mirror is not None:
            drift = drift.joined(self.mirror.differences(kind, current))
        return drift

    def repair(self, drift: Drift) -> None:
        """See `Backend.repair`: the entries written again, as a writer's commit writes them."""
        writing.repair(db.session(), drift)

    def state(self, chosen: list[DocumentType]) -> Hashable:
        """See `Backend.state`: each type's version, which every committed change raises."""
        rows = hot_read(VERSIONS, {"doc_types": [kind.name for kind in chosen]})
        return tuple(sorted(tuple(row) for row in rows))

    def next_publication(self, chosen: list[DocumentType], after: datetime) -> datetime | None:
        """See `Backend.next_publication`, by the entries."""
        entry = SearchEntry
        scheduled = or_(
            *(
                (entry.doc_type == kind.name) & entry.status.in_(kind.public_statuses)
                for kind in chosen
            )
        )
        return db.session.scalar(
            select(func.min(entry.published_at)).where(scheduled, entry.published_at > after)
        )


def _bounded() -> Session:
    """The request's session, its transaction's statements held to STATEMENT_TIMEOUT_MS (a
    bounded cost whatever is typed) and given WORK_MEM (matches kept for facet counting stay in
    memory: a listing keeps every public item)."""
    session = db.session()
    session.execute(BOUNDS)
    return session


def _stored(session: Session, hits: list[querying.Hit]) -> dict[tuple[str, int], tuple]:
    """(highlight texts, listing JSON text) of each hit."""
    if not hits:
        return {}
    entry = SearchEntry
    keys = [(hit.type, hit.id) for hit in hits]
    rows = session.execute(
        select(entry.doc_type, entry.doc_id, entry.highlights, entry.listing).where(
            tuple_(entry.doc_type, entry.doc_id).in_(keys)
        )
    )
    return {(name, key): (highlights, listing) for name, key, highlights, listing in rows}
