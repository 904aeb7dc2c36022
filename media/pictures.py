"""Images as the API and the pages show them: a fallback URL, its size and every derivative."""

from flask import current_app

from media.models import MediaAsset
from media.storage import MediaStorage

FALLBACK_TYPE = "image/jpeg"


def current_storage() -> MediaStorage:
    """The storage of the app handling the request or command."""
    return current_app.extensions["media"]


def picture(asset: MediaAsset | None, url: str | None, alt: str) -> dict | None:
    """An uploaded `asset` or a linked `url` with its alt text; None when there is neither."""
    if asset is None:
        if not url:
            return None
        return {"url": url, "alt": alt, "width": None, "height": None, "sizes": []}
    storage = current_storage()
    sizes = [
        {
            "url": storage.url(rendition["key"]),
            "width": rendition["width"],
            "height": rendition["height"],
            "type": rendition["type"],
        }
        for rendition in asset.renditions
    ]
    largest = [size for size in sizes if size["type"] == FALLBACK_TYPE][-1]
    return {
        "url": largest["url"],
        "alt": alt,
        "width": largest["width"],
        "height": largest["height"],
        "sizes": sizes,
    }
