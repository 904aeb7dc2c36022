"""Indexing in the writer's transaction: the documents it changed, just before it commits.

The outbox's hooks tell which documents a flush or an UPDATE/DELETE statement affected (see
`search.outbox`); with this backend they are noted on the session instead of written as outbox
rows. Before the transaction commits, those documents are loaded in it and their entries
written in it, so the change and its index entry commit (or roll back) together, and every host
sees both at once. A rebuild takes an exclusive advisory lock per batch, writers a shared one,
so a batch never writes a document as it was before a writer's commit. Each transaction that
writes entries raises its type's version and logs the documents it changed under that version
(`search_changes`): every host's mirror catches up from that log (see `search.pg.mirror`).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import islice
from uuid import uuid4

from sqlalchemy import bindparam, cast, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import TSQUERY, insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.models import table_of
from search.pg.models import SearchChange, SearchEntry, SearchVersion, SearchWord
from search.pg.vectors import entry_values, format_of
from search.registry import DocumentType, document_type
from search.upkeep import Drift, Progress, compared

CHANGED = "search_pg_changed"
BATCH = 500
# One key for this backend's advisory lock: writers share it, a rebuild batch holds it alone.
LOCK_KEY = 0x5EA2C4
ENTRY = table_of(SearchEntry)
WORDS = table_of(SearchWord)
VERSIONS = table_of(SearchVersion)
CHANGES = table_of(SearchChange)
_UPSERT = insert(ENTRY)
UPSERT_ENTRY = _UPSERT.on_conflict_do_update(
    index_elements=[ENTRY.c.doc_type, ENTRY.c.doc_id],
    set_={
        column.name: _UPSERT.excluded[column.name]
        for column in ENTRY.columns
        if column.name not in ("doc_type", "doc_id")
    },
)
INSERT_WORDS = insert(WORDS).on_conflict_do_nothing()
RAISE_VERSION = (
    insert(VERSIONS)
    .values(doc_type=bindparam("doc_type"), version=1, feed=bindparam("feed"), forgotten=0)
    .on_conflict_do_update(
        index_elements=[VERSIONS.c.doc_type], set_={"version": VERSIONS.c.version + 1}
    )
    .returning(VERSIONS.c.version)
)


def note_changes(session: Session, ids: dict[str, set[int]], statements: list) -> None:
    """Remember documents (by id, or a SELECT of ids) that `session`'s transaction changed."""
    noted = session.info.setdefault(CHANGED, {"ids": defaultdict(set), "statements": []})
    for name, found in ids.items():
        noted["ids"][name].update(found)
    noted["statements"].extend(statements)


def forget_changes(session: Session) -> None:
    """Drop what a rolled-back transaction had noted."""
    session.info.pop(CHANGED, None)


def index_changes(session: Session) -> None:
    """Write the entries of every document `session`'s transaction changed, before it commits."""
    session.flush()
    noted = session.info.pop(CHANGED, None)
    if not noted:
        return
    connection = session.connection()
    connection.execute(text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": LOCK_KEY})
    ids: dict[str, set[int]] = noted["ids"]
    for name, statement in noted["statements"]:
        ids[name].update(connection.scalars(statement))
    for name in sorted(ids):
        kind = document_type(name)
        for batch in _batches(sorted(ids[name]), BATCH):
            write_entries(session, kind, batch)
        log_changes(connection, name, ids[name])


def log_changes(connection: Connection, name: str, ids: Iterable[int]) -> int:
    """Raise type `name`'s version and log `ids` as changed by it; the new version.

    The version's row stays locked until the transaction ends, so the next writer's version
    (and log rows) can only commit after these.
    """
    version = connection.scalar(RAISE_VERSION, {"doc_type": name, "feed": str(uuid4())})
    rows = [{"doc_type": name, "version": version, "doc_id": key} for key in sorted(ids)]
    if rows:
        connection.execute(insert(CHANGES), rows)
    return version


def write_entries(session: Session, kind: DocumentType, ids: list[int]) -> Counter[str]:
    """Bring the entries of `ids` up to the database in `session`'s transaction (an id the
    database no longer has loses its entry); how many public documents offer each word."""
    connection = session.connection()
    documents = kind.load(session, ids)
    rows, words, public = [], set(), Counter[str]()
    now = utcnow()
    for key in sorted(documents):
        document = documents[key]
        values, offered = entry_values(kind, key, document)
        rows.append(values)
        words.update(offered)
        published = document.get("published_at")
        if document["status"] in kind.public_statuses and published and published <= now:
            public.update(offered)
    if rows:
        connection.execute(UPSERT_ENTRY, rows)
    if words:
        connection.execute(
            INSERT_WORDS,
            [{"doc_type": kind.name, "word": word, "documents": 0} for word in sorted(words)],
        )
    gone = [key for key in ids if key not in documents]
    if gone:
        connection.execute(
            delete(ENTRY).where(ENTRY.c.doc_type == kind.name, ENTRY.c.doc_id.in_(gone))
        )
    return public


def rebuild(session: Session, kind: DocumentType, progress: Progress | None = None) -> int:
    """Write every document of `kind` afresh, count the public documents offering each word,
    and drop entries and words no document has; one transaction per batch, each holding
    writers back only while it runs. How many documents."""
    ids = list(kind.all_ids(session))
    session.rollback()
    counts = Counter[str]()
    for batch in _batches(progress(kind, iter(ids), len(ids)) if progress else ids, BATCH):
        _lock_out_writers(session.connection())
        counts.update(write_entries(session, kind, batch))
        log_changes(session.connection(), kind.name, batch)
        session.commit()
    connection = session.connection()
    _lock_out_writers(connection)
    indexed = set(connection.scalars(select(ENTRY.c.doc_id).where(ENTRY.c.doc_type == kind.name)))
    left_over = sorted(indexed - set(ids))
    for batch in _batches(left_over, BATCH):
        connection.execute(
            delete(ENTRY).where(ENTRY.c.doc_type == kind.name, ENTRY.c.doc_id.in_(batch))
        )
    mine = WORDS.c.doc_type == kind.name
    connection.execute(update(WORDS).where(mine).values(documents=0))
    if counts:
        connection.execute(
            update(WORDS)
            .where(mine, WORDS.c.word == bindparam("counted"))
            .values(documents=bindparam("n")),
            [{"counted": word, "n": n} for word, n in sorted(counts.items())],
        )
    offered = ENTRY.c.terms.op("@@")(cast(_word_query(WORDS.c.word), TSQUERY))
    unused = ~select(ENTRY.c.doc_id).where(ENTRY.c.doc_type == kind.name, offered).exists()
    connection.execute(delete(WORDS).where(mine, WORDS.c.documents == 0, unused))
    log_changes(connection, kind.name, left_over)
    connection.execute(
        update(VERSIONS).where(VERSIONS.c.doc_type == kind.name).values(format=format_of(kind))
    )
    session.commit()
    return len(ids)


def _word_query(word):
    """The tsquery text that finds the entries offering `word` (a column)."""
    return func.quote_literal(func.concat("=", word))


def is_outdated(session: Session, kind: DocumentType) -> bool:
    """Whether `kind`'s entries were last rebuilt by code of another format (or never)."""
    written = session.scalar(select(VERSIONS.c.format).where(VERSIONS.c.doc_type == kind.name))
    return written != format_of(kind)


def _lock_out_writers(connection: Connection) -> None:
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def _batches(ids: Iterable[int], size: int) -> Iterable[list[int]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, size)):
        yield batch


def repair(session: Session, drift: Drift) -> None:
    """Write the entries of the documents `drift` names as any writer would (shared lock,
    version raised), a batch per transaction."""
    for batch in _batches(drift.keys, BATCH):
        note_changes(session, {drift.type: set(batch)}, [])
        session.commit()


def differences(session: Session, kind: DocumentType, current: dict[int, str]) -> Drift:
    """Documents whose entry is missing, stale (another digest) or left over, by id, given the
    `current` digest of each of `kind`'s documents."""
    return compared(kind.name, entry_digests(session, kind).items(), current.items())


def entry_digests(session: Session, kind: DocumentType) -> dict[int, str]:
    """The digest of each entry of `kind`, by document id."""
    rows = session.execute(
        select(ENTRY.c.doc_id, ENTRY.c.digest).where(ENTRY.c.doc_type == kind.name)
    )
    return {key: value for key, value in rows}  # noqa: C416  (rows are not typed as pairs)
