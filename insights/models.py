"""The search log: shoppers' searches and the results they opened, with nothing about who."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import Model
from core.models import UTCDateTime

QUERY_CHARS = 200
# What the daily counts count: searches, those that found nothing or something, those shown a
# "did you mean" (and of those, the ones whose shopper asked for the words as typed instead),
# and results opened from them.
COUNTS = ("searches", "zero_results", "with_results", "corrected", "declined", "clicks")


class SearchLogEntry(Model):
    """One shopper's or reader's search: the normalised query, what it asked and found.

    No address, user agent, account or cookie is kept: nothing here says who searched.
    """

    __tablename__ = "search_log"
    __table_args__ = (Index("ix_search_log_searched_at", "searched_at"),)  # pruning

    # Drawn at random when the search runs (result links carry it before the row is written).
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    searched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    query: Mapped[str] = mapped_column(String(QUERY_CHARS))
    types: Mapped[str] = mapped_column(String(80))  # the document types searched, comma-joined
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    sort: Mapped[str | None] = mapped_column(String(40))
    page: Mapped[int] = mapped_column(Integer)
    results: Mapped[int] = mapped_column(Integer)
    correction: Mapped[str | None] = mapped_column(String(QUERY_CHARS))  # "did you mean" shown
    # The shopper followed "search instead for" the words as typed: the correction was refused.
    correction_declined: Mapped[bool] = mapped_column(default=False)
    took_ms: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(8))  # "api" or "page"


class SearchClick(Model):
    """A result opened from a logged search (no foreign key: that row may be pruned or dropped)."""

    __tablename__ = "search_clicks"
    __table_args__ = (Index("ix_search_clicks_search_id", "search_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    search_id: Mapped[int] = mapped_column(BigInteger)
    clicked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    doc_type: Mapped[str] = mapped_column(String(40))
    doc_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)  # 1 for the first result of the first page


class SearchLogGap(Model):
    """How many log rows a day lost because the log was full or could not be written."""

    __tablename__ = "search_log_gaps"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    dropped: Mapped[int] = mapped_column(Integer, default=0)


class SearchQueryDay(Model):
    """One query's searches on one day (UTC), kept with the log's writes: what insights read."""

    __tablename__ = "search_query_days"
    # A period's queries are summed in query order straight off this index, never sorted.
    __table_args__ = (Index("ix_search_query_days_query_counts", "query", "day", *COUNTS),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    query: Mapped[str] = mapped_column(String(QUERY_CHARS), primary_key=True)
    searches: Mapped[int] = mapped_column(Integer, default=0)
    zero_results: Mapped[int] = mapped_column(Integer, default=0)  # searches that found nothing
    with_results: Mapped[int] = mapped_column(Integer, default=0)
    corrected: Mapped[int] = mapped_column(Integer, default=0)  # a "did you mean" was shown
    declined: Mapped[int] = mapped_column(Integer, default=0)  # … and "search instead" followed
    clicks: Mapped[int] = mapped_column(Integer, default=0)  # results opened from them


class SearchLogDay(Model):
    """All searches of one day (UTC), kept with the log's writes: the insights' trend."""

    __tablename__ = "search_log_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    searches: Mapped[int] = mapped_column(Integer, default=0)
    zero_results: Mapped[int] = mapped_column(Integer, default=0)
    with_results: Mapped[int] = mapped_column(Integer, default=0)
    corrected: Mapped[int] = mapped_column(Integer, default=0)
    declined: Mapped[int] = mapped_column(Integer, default=0)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
