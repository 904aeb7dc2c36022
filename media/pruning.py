"""Finding and removing stored images that nothing refers to any more."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Column, delete, select, union

from core.clock import utcnow
from core.extensions import Model, db
from media.locking import hold_media_lock
from media.models import MediaAsset
from media.pictures import current_storage
from media.processing import content_hash_of


@dataclass(frozen=True)
class PruneReport:
    """What a prune removed, or would remove in a dry run."""

    assets: int
    files: int
    applied: bool


def referring_columns() -> list[Column]:
    """Every column, in any domain's table, holding a foreign key to a stored image."""
    assets = MediaAsset.__table__
    return [
        column
        for table in Model.metadata.sorted_tables
        for column in table.columns
        if any(key.column.table is assets for key in column.foreign_keys)
    ]


def prune(*, apply: bool, grace: timedelta) -> PruneReport:
    """Remove images no item refers to, and stray files, older than `grace`; dry run unless
    `apply`. Holds the media lock, so no upload is halfway through while it decides."""
    hold_media_lock(exclusive=True)
    cutoff = utcnow() - grace
    referenced = union(
        *(select(column).where(column.is_not(None)) for column in referring_columns())
    )
    unused = db.session.scalars(
        select(MediaAsset).where(MediaAsset.id.not_in(referenced), MediaAsset.created_at < cutoff)
    ).all()
    kept_hashes = set(db.session.scalars(select(MediaAsset.content_hash))) - {
        asset.content_hash for asset in unused
    }
    storage = current_storage()
    doomed = [
        stored.key
        for stored in storage.files()
        if content_hash_of(stored.key) not in kept_hashes and stored.modified < cutoff
    ]
    if apply:
        # Files go first: if the commit then fails, the rows left behind are unused and their
        # files come back with the next upload of the same image.
        for key in doomed:
            storage.delete(key)
        db.session.execute(delete(MediaAsset).where(MediaAsset.id.in_([a.id for a in unused])))
        db.session.commit()
    else:
        db.session.rollback()
    return PruneReport(assets=len(unused), files=len(doomed), applied=apply)
