"""How images appear in API responses: a fallback URL, its size and the responsive derivatives."""

import marshmallow as ma
from marshmallow import validate

from core.fields import plain_text

MAX_ALT_LENGTH = 250


def alt_text(**kwargs) -> ma.fields.String:
    """An image's alt text: one line of plain text, what the photo shows."""
    return plain_text(MAX_ALT_LENGTH, min_length=1, **{"required": True, **kwargs})


class RenditionSchema(ma.Schema):
    """One derivative a browser may pick from `srcset`."""

    url = ma.fields.String()
    width = ma.fields.Integer()
    height = ma.fields.Integer()
    type = ma.fields.String(metadata={"description": "image/webp or image/jpeg"})


class PictureSchema(ma.Schema):
    """An image: `url` is the largest JPEG (or the linked address), `sizes` every derivative."""

    url = ma.fields.String()
    alt = ma.fields.String()
    width = ma.fields.Integer(allow_none=True, metadata={"description": "None when linked"})
    height = ma.fields.Integer(allow_none=True)
    sizes = ma.fields.List(ma.fields.Nested(RenditionSchema))


def thumbnail(picture: dict | None, at_least: int = 96) -> dict | None:
    """A small version of a dumped picture (`PictureSchema`): its narrowest WebP derivative at
    least `at_least` pixels wide (else the narrowest), or the picture itself when linked."""
    if not picture:
        return None
    renditions = sorted(picture.get("sizes") or [], key=lambda size: size["width"])
    fitting = [size for size in renditions if size["width"] >= at_least] or renditions[-1:]
    webp = [size for size in fitting if size["type"] == "image/webp"]
    chosen = (webp or fitting or [picture])[0]
    return {
        "url": chosen["url"],
        "alt": picture["alt"],
        "width": chosen.get("width"),
        "height": chosen.get("height"),
    }


class UploadSchema(ma.Schema):
    """A multipart upload: image files under `file` and one `alt` per file, both repeated."""

    file = ma.fields.List(
        ma.fields.Raw(metadata={"type": "string", "format": "binary"}),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "JPEG, PNG, WebP or AVIF; decoded for real, names ignored"},
    )
    alt = ma.fields.List(
        alt_text(), required=True, metadata={"description": "What each photo shows, in order"}
    )


# flask-smorest documents one body location per view; an upload has files and fields in one.
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": UploadSchema}},
    }
}
