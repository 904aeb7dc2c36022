"""The stored images: one row per distinct uploaded file, with its derivatives."""

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.extensions import Model
from core.models import UTCDateTime


class MediaAsset(Model):
    """An uploaded image, stored once however many items show it, with its derivatives."""

    __tablename__ = "media_assets"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The first 128 bits of the SHA-256 of the uploaded bytes: the same file is stored once.
    content_hash: Mapped[str] = mapped_column(String(32), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    source_format: Mapped[str] = mapped_column(String(8))
    byte_size: Mapped[int] = mapped_column(Integer)
    # Each derivative: {"key", "width", "height", "type"}, smallest first.
    renditions: Mapped[list[dict]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __str__(self) -> str:
        # How the audit log names the image an item points to.
        return f"image {self.content_hash}"
