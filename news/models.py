"""News tables: articles, their tags, old slugs and links to catalogue products."""

from datetime import datetime
from enum import StrEnum

from slugify import slugify
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from catalog.models import Product
from core.audit.models import Audited
from core.auth.models import User
from core.clock import utcnow
from core.extensions import Model
from core.markup import strip_markup
from core.models import TimestampMixin, UTCDateTime, VersionedMixin, link_table, value_enum
from media.models import MediaAsset
from media.pictures import picture


class ArticleStatus(StrEnum):
    """Where an article stands; `scheduled` is a published article whose time has not come."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"


STORED_STATUSES = (ArticleStatus.DRAFT, ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED)


class Tag(TimestampMixin, Audited, Model):
    """A topic articles are filed under (rare earths, brass prices, lead-free …)."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # Filled by listing queries with the number of articles the caller may see.
    article_count: Mapped[int] = query_expression()


article_tags = link_table(
    "article_tags", "article_id:articles", "tag_id:tags", linked_delete="CASCADE"
)

article_products = link_table(
    "article_products", "article_id:articles", "product_id:products", linked_delete="CASCADE"
)


class Article(TimestampMixin, VersionedMixin, Audited, Model):
    """A news story or commentary, written in Markdown and stored with its rendered HTML."""

    __tablename__ = "articles"
    # Both are derived from the body and summary, whose changes are recorded already.
    __audit_ignore__ = frozenset({"body_html", "excerpt"})
    __table_args__ = (
        Index("ix_articles_listing", "status", "published_at", "id"),
        CheckConstraint(
            "cover_image_url IS NULL OR cover_asset_id IS NULL", name="cover_linked_or_uploaded"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    summary: Mapped[str] = mapped_column(String(500), default="")
    # The editor's summary, or the body's opening words when there is none.
    excerpt: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    reading_time_minutes: Mapped[int] = mapped_column(Integer, default=1)
    # The cover is linked (a URL) or uploaded (a stored asset), never both.
    cover_image_url: Mapped[str | None] = mapped_column(String(500))
    cover_asset_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_assets.id", ondelete="RESTRICT"), index=True
    )
    cover_image_alt: Mapped[str | None] = mapped_column(String(250))
    source_links: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # What search engines and shared links show; the title and excerpt when empty.
    seo_title: Mapped[str | None] = mapped_column(String(70))
    seo_description: Mapped[str | None] = mapped_column(String(160))
    # Scheduled is derived (published with a future published_at), so it is never stored.
    status: Mapped[ArticleStatus] = mapped_column(
        value_enum(ArticleStatus, stored=STORED_STATUSES), default=ArticleStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship()
    cover_asset: Mapped[MediaAsset | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, order_by=Tag.name)
    products: Mapped[list[Product]] = relationship(secondary=article_products)
    old_slugs: Mapped[list["ArticleSlugRedirect"]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def current_status(self) -> ArticleStatus:
        """The status readers experience now: a published article before its time is scheduled."""
        return status_at(self.status, self.published_at, utcnow())

    @property
    def cover_image(self) -> dict | None:
        """The cover with its size and derivatives, as the API shows it."""
        return picture(self.cover_asset, self.cover_image_url, self.cover_image_alt or "")


def status_at(stored: ArticleStatus, published_at: datetime | None, now: datetime) -> ArticleStatus:
    """The status readers experience at `now`: a published article before its time is scheduled."""
    if stored == ArticleStatus.PUBLISHED and published_at is not None and published_at > now:
        return ArticleStatus.SCHEDULED
    return stored


class ArticleSlugRedirect(Model):
    """A slug an article used to have, kept so old links answer with a redirect."""

    __tablename__ = "article_slug_redirects"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )

    article: Mapped[Article] = relationship(back_populates="old_slugs")


def author_name(user: User) -> str:
    """An author's public name as readers see it: plain text, never the email."""
    return strip_markup(user.display_name)


def author_slug(user: User) -> str:
    """The slug readers filter an author's articles by."""
    return slugify(author_name(user))
