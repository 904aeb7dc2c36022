"""The PostgreSQL backend's tables: one row per document, the vocabulary, a version per type and
the log of which documents each version changed (what hosts' mirrors catch up from).

They exist on SQLite too (so migrations and models match on both), where nothing writes them.
"""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Float, Index, Integer, SmallInteger, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import Model
from core.models import UTCDateTime

# Words compare byte by byte, so a prefix is a range of the primary key.
WORD = String(64).with_variant(String(64, collation="C"), "postgresql")


class SearchEntry(Model):
    """One indexed document: what matching, filtering, facets, sorting and results read."""

    __tablename__ = "search_entries"
    __table_args__ = (
        Index("ix_search_entries_terms", "terms", postgresql_using="gin"),
        Index("ix_search_entries_keywords", "keywords", postgresql_using="gin"),
        Index("ix_search_entries_doc_type_published_at", "doc_type", "published_at"),
    )

    doc_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    doc_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Stems by field weight, joined and paired words, SKU codes and public words, each marked.
    terms: Mapped[str] = mapped_column(TSVECTOR().with_variant(Text, "sqlite"))
    title_terms: Mapped[int] = mapped_column(SmallInteger)  # terms in the strongest field
    keywords: Mapped[list[str]] = mapped_column(ARRAY(Text).with_variant(JSON, "sqlite"))
    numbers: Mapped[list[float | None]] = mapped_column(ARRAY(Float).with_variant(JSON, "sqlite"))
    labels: Mapped[dict] = mapped_column(JSONB().with_variant(JSON, "sqlite"))
    highlights: Mapped[dict] = mapped_column(JSONB().with_variant(JSON, "sqlite"))
    listing: Mapped[str] = mapped_column(Text)  # JSON text, spliced into responses as stored
    digest: Mapped[str] = mapped_column(String(16))


class SearchWord(Model):
    """A word some indexed document of a type carries, for corrections and completions.

    Written once per word (writers never update counts, so they never wait on each other);
    whether a public document carries it is asked of `search_entries` when a word is offered.
    """

    __tablename__ = "search_words"
    __table_args__ = (
        Index(
            "ix_search_words_word_trgm",
            "word",
            postgresql_using="gist",
            postgresql_ops={"word": "gist_trgm_ops"},
        ),
    )

    doc_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    word: Mapped[str] = mapped_column(WORD, primary_key=True)
    # Public documents that carried it at the last rebuild (0 for a word new since): ranks
    # completions and corrections among equals; whether one carries it now is asked live.
    documents: Mapped[int] = mapped_column(Integer, default=0)


class SearchVersion(Model):
    """A number per type that every committed change to its documents raises (caches key on it)."""

    __tablename__ = "search_versions"

    doc_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    # The format the last rebuild wrote (`search.pg.vectors.format_of`): a rebuild is due
    # when the code's differs.
    format: Mapped[str | None] = mapped_column(String(40))
    # Names this run of versions: drawn when the row is made, so a mirror built from another
    # database (or from this one before its tables were emptied) is told apart.
    feed: Mapped[str] = mapped_column(String(36))
    # The last version whose change rows may have been pruned: a mirror behind it rebuilds.
    forgotten: Mapped[int] = mapped_column(BigInteger, default=0)


class SearchChange(Model):
    """A document one committed version of its type changed (or deleted).

    Written in the writer's transaction under the version's row lock, so versions commit in
    order: a reader that sees version v sees every change row up to v, and "the changes after
    the version my mirror has" misses nothing.
    """

    __tablename__ = "search_changes"

    doc_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    doc_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
