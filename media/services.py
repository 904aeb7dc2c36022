"""Stored images written with the domain's transaction: files first, removed if it fails."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import select

from core.extensions import db
from media.locking import hold_media_lock
from media.models import MediaAsset
from media.pictures import current_storage
from media.processing import ProcessedImage, content_hash_of

StoreImage = Callable[[ProcessedImage], MediaAsset]


@contextmanager
def storing_images() -> Iterator[StoreImage]:
    """Give a function that stores a processed image and returns its asset (added, not committed).

    The files are written before the caller commits; if the block fails, the session is rolled
    back and the files this block wrote are removed unless a committed asset claims them.
    """
    storage = current_storage()
    written: list[str] = []

    def store(image: ProcessedImage) -> MediaAsset:
        hold_media_lock(exclusive=False)
        for rendition in image.renditions:
            if storage.save(rendition.key, image.files[rendition.key], rendition.content_type):
                written.append(rendition.key)
        asset = db.session.scalar(
            select(MediaAsset).where(MediaAsset.content_hash == image.content_hash)
        )
        if asset is None:
            asset = MediaAsset(
                content_hash=image.content_hash,
                width=image.width,
                height=image.height,
                source_format=image.source_format,
                byte_size=image.byte_size,
                renditions=[
                    {"key": r.key, "width": r.width, "height": r.height, "type": r.content_type}
                    for r in image.renditions
                ],
            )
            db.session.add(asset)
        return asset

    try:
        yield store
    except BaseException:
        db.session.rollback()
        _remove_unclaimed(written)
        raise


def _remove_unclaimed(keys: list[str]) -> None:
    """Delete the files of `keys` that no committed asset stands for."""
    if not keys:
        return
    hashes = {content_hash_of(key) for key in keys}
    claimed = set(
        db.session.scalars(
            select(MediaAsset.content_hash).where(MediaAsset.content_hash.in_(hashes))
        )
    )
    db.session.rollback()
    storage = current_storage()
    for key in keys:
        if content_hash_of(key) not in claimed:
            storage.delete(key)
