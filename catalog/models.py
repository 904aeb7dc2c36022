"""Catalogue tables; units are stored canonically (L/min, mm, exact decimals)."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.units import FlowRate, Length
from core.audit.models import Audited
from core.clock import utcnow
from core.extensions import Model
from core.models import TimestampMixin, UTCDateTime, VersionedMixin, link_table, value_enum
from media.models import MediaAsset
from media.pictures import picture

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


product_certifications = link_table(
    "product_certifications", "product_id:products", "certification_id:certifications"
)


market_certifications = link_table(
    "market_certifications", "market_id:markets", "certification_id:certifications"
)


class Market(TermMixin, Model):
    """Where faucets are sold (United Kingdom, France …) and the approvals it requires there:
    a product holding every one of them is approved for the market."""

    __tablename__ = "markets"

    certifications: Mapped[list[Certification]] = relationship(
        secondary=market_certifications, order_by=Certification.code
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
    old_slugs: Mapped[list["ProductSlugRedirect"]] = relationship(
        back_populates="product", cascade="all, delete-orphan", passive_deletes=True
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
    def primary_picture(self) -> dict | None:
        """The first photo, as listings show it."""
        return self.images[0].picture if self.images else None

    def gallery_for(self, finish_slug: str | None) -> list["ProductImage"]:
        """The photos of the product in that finish, then those that fit any finish; photos of
        other finishes are left out. Every photo when no finish is named."""
        if finish_slug is None:
            return list(self.images)
        tagged = [i for i in self.images if any(f.slug == finish_slug for f in i.finishes)]
        return tagged + [image for image in self.images if not image.finishes]

    def image_for(self, finish_slug: str) -> "ProductImage | None":
        """The photo that stands for the product in that finish (the first of its gallery)."""
        return next(iter(self.gallery_for(finish_slug)), None)

    @property
    def finish_offers(self) -> list[dict]:
        """Each finish with its lowest price and price range (a finish may have several
        variants), whether any is in stock, and its photo."""
        offers = []
        for finish in self.finishes:
            variants = [variant for variant in self.variants if variant.finish_id == finish.id]
            cheapest = min(variants, key=lambda variant: variant.price)
            dearest = max(variants, key=lambda variant: variant.price)
            image = self.image_for(finish.slug)
            offers.append(
                {
                    "slug": finish.slug,
                    "name": finish.name,
                    "price": cheapest.price_money,
                    "price_range": {"min": cheapest.price_money, "max": dearest.price_money},
                    "in_stock": any(variant.in_stock for variant in variants),
                    "image": image.picture if image else None,
                }
            )
        return offers

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


class ProductSlugRedirect(Model):
    """A slug a product used to have, kept so old links and bookmarks answer with a redirect."""

    __tablename__ = "product_slug_redirects"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )

    product: Mapped[Product] = relationship(back_populates="old_slugs")


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


product_image_finishes = link_table(
    "product_image_finishes",
    "image_id:product_images",
    "finish_id:finishes",
    linked_delete="CASCADE",
)


class ProductImage(Audited, Model):
    """A product photo, uploaded or linked, with its alt text and the finishes it shows."""

    __tablename__ = "product_images"
    __audit_label__ = "source"
    __audit_parent__ = ("product", "product_id")
    __table_args__ = (
        CheckConstraint("(url IS NULL) <> (asset_id IS NULL)", name="uploaded_or_linked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    # A photo hosted elsewhere, or an upload: exactly one of the two.
    url: Mapped[str | None] = mapped_column(String(500))
    asset_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_assets.id", ondelete="RESTRICT"), index=True
    )
    alt: Mapped[str] = mapped_column(String(250))
    position: Mapped[int] = mapped_column(Integer, default=0)

    asset: Mapped[MediaAsset | None] = relationship()
    # Empty: the photo shows the product in any finish.
    finishes: Mapped[list[Finish]] = relationship(
        secondary=product_image_finishes, order_by=Finish.name
    )

    @property
    def source(self) -> str:
        """How the log names the photo: its link, or the upload's content hash."""
        return self.url or str(self.asset)

    @property
    def picture(self) -> dict | None:
        """The photo with its size and derivatives, as the API shows it."""
        return picture(self.asset, self.url, self.alt)
