"""Product photo request bodies: the gallery as a whole, or one photo's changes."""

import marshmallow as ma
from marshmallow import validate

from core.fields import image_url, slug_field
from media.schemas import alt_text

# A photo shows at most every finish a product comes in.
MAX_PHOTO_FINISHES = 100


def photo_finishes() -> ma.fields.List:
    """The finishes a photo shows, by slug; empty: any finish."""
    return ma.fields.List(
        slug_field(),
        validate=validate.Length(max=MAX_PHOTO_FINISHES),
        metadata={"description": "Finish slugs the photo shows; empty: any finish"},
    )


class ImageInputSchema(ma.Schema):
    """A photo in the gallery: a new link by `url`, or one already there (uploaded) by `id`."""

    id = ma.fields.Integer(metadata={"description": "An image of this product, to keep"})
    url = image_url()
    alt = alt_text()
    finishes = photo_finishes()

    @ma.validates_schema
    def _link_or_kept(self, data, **kwargs):
        if ("id" in data) == ("url" in data):
            raise ma.ValidationError("Give either `url` (a new link) or `id` (a kept image).")


class ImageChangeSchema(ma.Schema):
    """A change to one photo: any of its alt text, place in the gallery and finishes."""

    alt = alt_text(required=False)
    position = ma.fields.Integer(
        validate=validate.Range(min=0, max=1000), metadata={"description": "0 is the first"}
    )
    finishes = photo_finishes()
