"""Catalogue tables; units are stored canonically (L/min, mm, exact decimals)."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.units import FlowRate, Length
from core.audit.models import Audited
from core.clock import utcnow
from core.extensions import Model
from core.models import TimestampMixin, UTCDateTime, VersionedMixin, value_enum

Money = Numeric(12, 2)


class HandleType(StrEnum):
    SINGLE = "single"
    TWIN = "twin"
    TOUCHLESS = "touchless"


class Mounting(StrEnum):
    DECK = "deck"
    WALL = "wall"


class SpoutType(StrEnum):
    FIXED = "fixed"
    SWIVEL = "swivel"
    PULL_DOWN = "pull-down"
    PULL_OUT = "pull-out"


class ProductStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class TermMixin(TimestampMixin, VersionedMixin, Audited):
    """A named, slugged catalogue term that can be archived rather than destroyed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Brand(TermMixin, Model):
    """A manufacturer or label."""

    __tablename__ = "brands"

    country: Mapped[str | None] = mapped_column(String(2))
    website: Mapped[str | None] = mapped_column(String(255))


class Category(TermMixin, Model):
    """A node of the category tree (Kitchen faucets › Twin-handle)."""

    __tablename__ = "categories"

    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped["Category | None"] = relationship(remote_side="Category.id")


class Finish(TermMixin, Model):
    """A surface finish (chrome, gunmetal, brushed nickel …)."""

    __tablename__ = "finishes"

    swatch_hex: Mapped[str | None] = mapped_column(String(7))


class Certification(TermMixin, Model):
    """A standard a product is certified to (NSF/ANSI 61, WRAS …)."""

    __tablename__ = "certifications"

    code: Mapped[str] = mapped_column(String(60), unique=True)


product_certifications = Table(
    "product_certifications",
    Model.metadata,
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "certification_id",
        ForeignKey("certifications.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)


class Product(TimestampMixin, VersionedMixin, Audited, Model):
    """A faucet model; what it costs and whether it is in stock come from its variants."""

    __tablename__ = "products"
    __audit_ignore__ = frozenset({"description_html"})
    __table_args__ = (
        CheckConstraint("installation_holes BETWEEN 1 AND 5", name="installation_holes_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="RESTRICT"), index=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT"), index=True
    )
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    handle_type: Mapped[HandleType] = mapped_column(value_enum(HandleType))
    mounting: Mapped[Mounting] = mapped_column(value_enum(Mounting))
    installation_holes: Mapped[int] = mapped_column(Integer, default=1)
    spout_type: Mapped[SpoutType] = mapped_column(value_enum(SpoutType))
    flow_rate_lpm: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    spout_height_mm: Mapped[int | None] = mapped_column(Integer)
    spout_reach_mm: Mapped[int | None] = mapped_column(Integer)
    valve: Mapped[str | None] = mapped_column(String(120))
    body_material: Mapped[str | None] = mapped_column(String(120))
    seo_title: Mapped[str | None] = mapped_column(String(70))
    seo_description: Mapped[str | None] = mapped_column(String(160))
    status: Mapped[ProductStatus] = mapped_column(
        value_enum(ProductStatus), default=ProductStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Derived from the variants on every write: what listings show, filter and sort by.
    price_min: Mapped[Decimal | None] = mapped_column(Money)
    price_max: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    stock_total: Mapped[int] = mapped_column(Integer, default=0)

    brand: Mapped[Brand] = relationship()
    category: Mapped[Category] = relationship()
    certifications: Mapped[list[Certification]] = relationship(
        secondary=product_certifications, order_by=Certification.code
    )
    variants: Mapped[list["Variant"]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Variant.position",
    )
    images: Mapped[list["ProductImage"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ProductImage.position"
    )

    @property
    def in_stock(self) -> bool:
        return self.stock_total > 0

    @property
    def price_range(self) -> dict | None:
        if self.price_min is None:
            return None
        return {
            "min": {"amount": self.price_min, "currency": self.currency},
            "max": {"amount": self.price_max, "currency": self.currency},
        }

    @property
    def finishes(self) -> list[Finish]:
        """The distinct finishes the variants come in, in variant order."""
        seen: dict[int, Finish] = {}
        for variant in self.variants:
            seen.setdefault(variant.finish_id, variant.finish)
        return list(seen.values())

    @property
    def primary_image(self) -> "ProductImage | None":
        return self.images[0] if self.images else None

    @property
    def flow_rate(self) -> FlowRate | None:
        return FlowRate(self.flow_rate_lpm) if self.flow_rate_lpm is not None else None

    @property
    def spout_height(self) -> Length | None:
        return Length(self.spout_height_mm) if self.spout_height_mm is not None else None

    @property
    def spout_reach(self) -> Length | None:
        return Length(self.spout_reach_mm) if self.spout_reach_mm is not None else None

    @property
    def is_public(self) -> bool:
        """Whether anonymous shoppers may see it now."""
        return (
            self.status == ProductStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= utcnow()
        )


class Variant(Audited, Model):
    """A purchasable SKU of a product in one finish."""

    __tablename__ = "variants"
    __audit_label__ = "sku"
    __audit_parent__ = ("product", "product_id")
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("compare_at_price >= 0", name="compare_at_not_negative"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        Index("ix_variants_finish_product", "finish_id", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    finish_id: Mapped[int] = mapped_column(ForeignKey("finishes.id", ondelete="RESTRICT"))
    price: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    compare_at_price: Mapped[Decimal | None] = mapped_column(Money)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    product: Mapped[Product] = relationship(back_populates="variants")
    finish: Mapped[Finish] = relationship()

    @property
    def price_money(self) -> dict:
        return {"amount": self.price, "currency": self.currency}

    @property
    def compare_at_money(self) -> dict | None:
        if self.compare_at_price is None:
            return None
        return {"amount": self.compare_at_price, "currency": self.currency}

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


class ProductImage(Audited, Model):
    """A product photo with its alt text, in display order."""

    __tablename__ = "product_images"
    __audit_label__ = "url"
    __audit_parent__ = ("product", "product_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(500))
    alt: Mapped[str] = mapped_column(String(250))
    position: Mapped[int] = mapped_column(Integer, default=0)
