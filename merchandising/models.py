"""Merchandising tables: the search rules staff keep (synonyms, redirects, pins, boosts), and
the revision every rule write moves."""

from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.audit.models import Audited
from core.extensions import Model
from core.models import TimestampMixin, VersionedMixin, value_enum


class SynonymKind(StrEnum):
    """Which way a synonym rule works."""

    TWO_WAY = "two_way"  # every term finds every other one
    ONE_WAY = "one_way"  # the terms also find the alternatives, never the reverse


class RuleStatus(StrEnum):
    """Whether shoppers' searches apply a rule or only the console's preview does."""

    DRAFT = "draft"
    LIVE = "live"


class SynonymRule(TimestampMixin, VersionedMixin, Audited, Model):
    """Words or phrases that mean one thing to shoppers: applied at query time, no reindex."""

    __tablename__ = "search_synonyms"
    __audit_label__ = "label"
    __table_args__ = (Index("ix_search_synonyms_language_status", "language", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SynonymKind] = mapped_column(value_enum(SynonymKind))
    language: Mapped[str] = mapped_column(String(8), default="en")
    terms: Mapped[list[str]] = mapped_column(JSON)
    # One-way rules only: what the terms also find.
    alternatives: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[RuleStatus] = mapped_column(value_enum(RuleStatus), default=RuleStatus.LIVE)

    @property
    def label(self) -> str:
        """How staff name the rule ("tap = faucet", "hands free -> sensor")."""
        if self.kind is SynonymKind.TWO_WAY:
            return " = ".join(self.terms)
        return f"{', '.join(self.terms)} -> {', '.join(self.alternatives)}"


class QueryMatch(StrEnum):
    """Which queries a redirect or a pin rule takes."""

    EXACT = "exact"  # the query is its words
    CONTAINS = "contains"  # the query has its words, in that order, among others


class SearchRedirect(TimestampMixin, VersionedMixin, Audited, Model):
    """A query that goes straight to a page of the site (a guide, a category, a policy)."""

    __tablename__ = "search_redirects"
    __audit_label__ = "label"
    __table_args__ = (Index("ix_search_redirects_language_status", "language", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(200))  # plain words, as the engine reads them
    match: Mapped[QueryMatch] = mapped_column(value_enum(QueryMatch))
    target: Mapped[str] = mapped_column(String(500))  # a path on this site
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[RuleStatus] = mapped_column(value_enum(RuleStatus), default=RuleStatus.LIVE)

    @property
    def label(self) -> str:
        """How staff name the redirect ("returns -> /pages/returns")."""
        contains = "… " if self.match is QueryMatch.CONTAINS else ""
        return f"{contains}{self.query} -> {self.target}"


class SearchPin(TimestampMixin, VersionedMixin, Audited, Model):
    """For a query: documents put first, in order, and documents left out of its results."""

    __tablename__ = "search_pins"
    __audit_label__ = "label"
    __table_args__ = (Index("ix_search_pins_language_status", "language", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(200))  # plain words, as the engine reads them
    match: Mapped[QueryMatch] = mapped_column(value_enum(QueryMatch))
    # [{"type": "product", "id": 12}, …]: ids, so a renamed document stays pinned.
    pinned: Mapped[list[dict]] = mapped_column(JSON, default=list)
    hidden: Mapped[list[dict]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[RuleStatus] = mapped_column(value_enum(RuleStatus), default=RuleStatus.LIVE)

    @property
    def label(self) -> str:
        """How staff name the rule ("faucet: 2 pinned, 1 hidden")."""
        contains = "… " if self.match is QueryMatch.CONTAINS else ""
        return f"{contains}{self.query}: {len(self.pinned)} pinned, {len(self.hidden)} hidden"


class BoostAttribute(StrEnum):
    """What a boost raises."""

    IN_STOCK = "in_stock"
    BRAND = "brand"
    FINISH = "finish"
    NEW_ARRIVALS = "new_arrivals"


class SearchBoost(TimestampMixin, VersionedMixin, Audited, Model):
    """Raise some products in every search ranked by relevance: in stock, of a brand, in a
    finish, or published lately; `weight` 1-10 adds a tenth of their text relevance each."""

    __tablename__ = "search_boosts"
    __audit_label__ = "label"

    id: Mapped[int] = mapped_column(primary_key=True)
    attribute: Mapped[BoostAttribute] = mapped_column(value_enum(BoostAttribute))
    value: Mapped[str | None] = mapped_column(String(140))  # a brand's or finish's slug
    days: Mapped[int | None] = mapped_column(Integer)  # new arrivals: published this lately
    weight: Mapped[int] = mapped_column(Integer, default=5)
    status: Mapped[RuleStatus] = mapped_column(value_enum(RuleStatus), default=RuleStatus.LIVE)

    @property
    def label(self) -> str:
        """How staff name the boost ("brand aquaverde, weight 5")."""
        what = {
            BoostAttribute.IN_STOCK: "in stock",
            BoostAttribute.BRAND: f"brand {self.value}",
            BoostAttribute.FINISH: f"finish {self.value}",
            BoostAttribute.NEW_ARRIVALS: f"new in the last {self.days} days",
        }[self.attribute]
        return f"{what}, weight {self.weight}"


class RulesRevision(Model):
    """The single row whose number moves with every rule write: searches on every worker and
    host read it (one hot read) and rebuild their rules only when it moved."""

    __tablename__ = "search_rules_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
