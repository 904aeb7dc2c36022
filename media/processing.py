"""Uploaded images decoded for real, made safe and cut into responsive derivatives."""

import hashlib
import io
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

from core.problems import Problem, validation_problem

WIDTHS = (320, 640, 1280)
# Formats Pillow names, with the media type each is served as; AVIF only when Pillow reads it.
READABLE = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
if features.check("avif"):
    READABLE["AVIF"] = "image/avif"
# What a file's name or declared type may say for each format (a mismatch is refused).
EXTENSIONS = {
    "JPEG": {"jpg", "jpeg", "jfif"},
    "PNG": {"png"},
    "WEBP": {"webp"},
    "AVIF": {"avif"},
}
IMAGE_EXTENSIONS = {"gif", "bmp", "tif", "tiff", "svg", "svgz", "heic", "heif", "ico"}.union(
    *EXTENSIONS.values()
)
DERIVATIVE_TYPES = (("webp", "image/webp"), ("jpg", "image/jpeg"))
WEBP_QUALITY = 80
JPEG_QUALITY = 82
JPEG_BACKGROUND = (255, 255, 255)
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Rendition:
    """One stored derivative: its key, pixel size and media type."""

    key: str
    width: int
    height: int
    content_type: str


@dataclass(frozen=True)
class ProcessedImage:
    """A decoded, cleaned upload with its derivatives' bytes, keyed by content hash."""

    content_hash: str
    width: int
    height: int
    source_format: str
    byte_size: int
    renditions: tuple[Rendition, ...]
    files: dict[str, bytes]


def accepted_types() -> str:
    """The accepted media types, for error messages."""
    return ", ".join(READABLE.values())


def check_name(filename: str | None, field: str) -> None:
    """Refuse a file name carrying a path: browsers send a bare name, anything else is forged."""
    if filename and (re.search(r"[/\\\x00]", filename) or filename.strip(". ") == ""):
        raise validation_problem(
            {field: ["The file name must be a plain name, without a folder or path."]},
            "A file name carried a path.",
        )


def process_image(
    data: bytes,
    *,
    max_pixels: int,
    filename: str | None = None,
    declared_type: str | None = None,
    field: str = "file",
    widths: Iterable[int] = WIDTHS,
) -> ProcessedImage:
    """Decode `data` (never trusting its name or type), clean it and make its derivatives.

    Raises a 415, 413 or 422 problem naming `field` when the file cannot be taken.
    """
    if not data:
        raise validation_problem({field: ["The file is empty."]}, "An uploaded file is empty.")
    image = _open(data, max_pixels, field)
    _check_claims(image.format or "", filename, declared_type, field)
    source_format = image.format or ""
    content_hash = hashlib.sha256(data).hexdigest()[:32]
    largest = max(widths)
    source_size = image.size  # before any draft scaling: what the photo really measures
    if source_format == "JPEG":
        # Decoding a large JPEG at a reduced scale is several times faster and loses nothing
        # the largest derivative keeps.
        image.draft("RGB", (largest, largest))
    try:
        image.load()
        loaded = image.size
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError) as error:
        raise _undecodable(field) from error
    # Upright, as the EXIF orientation turned it.
    width, height = source_size[::-1] if image.size != loaded else source_size
    clean = _to_srgb(image)
    renditions: list[Rendition] = []
    files: dict[str, bytes] = {}
    for target in _target_widths(clean.width, widths):
        resized = _resized(clean, target)
        for extension, content_type in DERIVATIVE_TYPES:
            key = derivative_key(content_hash, target, extension)
            files[key] = _encode(resized, extension)
            renditions.append(Rendition(key, resized.width, resized.height, content_type))
    return ProcessedImage(
        content_hash, width, height, source_format, len(data), tuple(renditions), files
    )


def derivative_key(content_hash: str, width: int, extension: str) -> str:
    """The storage key of one derivative: content-hashed, so the same file is stored once."""
    return f"{content_hash[:2]}/{content_hash}-{width}.{extension}"


def content_hash_of(key: str) -> str:
    """The content hash a derivative's key was made from."""
    return key.split("/", 1)[-1].split("-", 1)[0]


def _open(data: bytes, max_pixels: int, field: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(field, max_pixels) from error
    except UnidentifiedImageError as error:
        raise _unsupported(field) from error
    except (OSError, ValueError, SyntaxError) as error:
        raise _undecodable(field) from error
    if image.format not in READABLE:
        raise _unsupported(field)
    if image.width * image.height > max_pixels or min(image.size) < 1:
        raise _too_many_pixels(field, max_pixels)
    return image


def _check_claims(actual: str, filename: str | None, declared_type: str | None, field: str) -> None:
    """Refuse a file whose name or declared type says another image format than its content."""
    extension = filename.rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    named_wrongly = extension in IMAGE_EXTENSIONS and extension not in EXTENSIONS[actual]
    declared = (declared_type or "").split(";")[0].strip().lower()
    declared_wrongly = declared.startswith("image/") and declared not in {
        READABLE[actual],
        *(f"image/{name}" for name in EXTENSIONS[actual]),
    }
    if named_wrongly or declared_wrongly:
        raise validation_problem(
            {field: [f"The file is a {actual} image but its name or type says otherwise."]},
            f"An uploaded file is a {actual} image named or labelled as another format; "
            "rename it to match its contents.",
        )


def _to_srgb(image: Image.Image) -> Image.Image:
    """The pixels in sRGB (RGB, or RGBA when transparent), with every piece of metadata gone."""
    target = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            embedded = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            output = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, embedded, SRGB, outputMode=output) or image
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels are taken as sRGB, as browsers do
    if image.mode == "CMYK":
        image = _cmyk_to_rgb(image)
    if image.mode != target:
        image = image.convert(target)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _cmyk_to_rgb(image: Image.Image) -> Image.Image:
    # Adobe writes CMYK JPEGs inverted; Pillow's plain conversion then reads them as a negative.
    if image.format == "JPEG" and image.info.get("adobe"):
        return ImageOps.invert(image.convert("RGB")).convert("RGB")
    return image.convert("RGB")


def _target_widths(width: int, widths: Iterable[int]) -> list[int]:
    """The derivative widths: each listed width the image reaches, and its own when smaller."""
    targets = sorted(target for target in widths if target <= width)
    if width < max(widths) and width not in targets:
        targets.append(width)
    return targets


def _resized(image: Image.Image, width: int) -> Image.Image:
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, extension: str) -> bytes:
    out = io.BytesIO()
    if extension == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        if image.mode == "RGBA":
            flat = Image.new("RGB", image.size, JPEG_BACKGROUND)
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _unsupported(field: str) -> Problem:
    return Problem(
        415,
        f"Upload a photo as one of {accepted_types()}; the file is none of them.",
        kind="unsupported-media-type",
        errors={field: [f"Not a supported image. Accepted: {accepted_types()}."]},
    )


def _too_many_pixels(field: str, max_pixels: int) -> Problem:
    return Problem(
        413,
        f"The image has more than {max_pixels:,} pixels; scale it down first.",
        kind="image-too-large",
        errors={field: [f"At most {max_pixels:,} pixels."]},
    )


def _undecodable(field: str) -> Problem:
    return validation_problem(
        {field: ["The image could not be decoded: it is damaged or truncated."]},
        "An uploaded image is damaged or truncated.",
    )
