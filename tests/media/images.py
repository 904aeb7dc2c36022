"""Image files built for the tests: real encodings, hostile ones and damaged ones."""

import io
import struct
import zlib

from PIL import Image, ImageCms

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    """`image` written in `fmt` with Pillow's encoder options."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def two_tone(size=(1600, 1200), left=(200, 30, 30), right=(30, 30, 200), mode="RGB"):
    """An image whose left half and right half differ, so a rotation shows."""
    image = Image.new(mode, size, left)
    image.paste(Image.new(mode, (size[0] // 2, size[1]), right), (size[0] // 2, 0))
    return image


def jpeg(size=(1600, 1200), color=(120, 130, 140), **options) -> bytes:
    """A plain JPEG photo."""
    return encoded(Image.new("RGB", size, color), "JPEG", quality=90, **options)


def png(size=(800, 600), color=(10, 120, 60)) -> bytes:
    """A plain PNG."""
    return encoded(Image.new("RGB", size, color), "PNG")


def webp(size=(800, 600), color=(60, 60, 160)) -> bytes:
    """A plain WebP."""
    return encoded(Image.new("RGB", size, color), "WEBP")


def jpeg_with_gps_rotated() -> bytes:
    """A 1600x1200 JPEG taken with the camera on its side (EXIF orientation 6), with GPS."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "ACME Camera"
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    return encoded(two_tone(), "JPEG", quality=90, exif=exif.tobytes())


def cmyk_jpeg() -> bytes:
    """A CMYK JPEG of pure cyan (as print shops send)."""
    return encoded(Image.new("CMYK", (640, 480), (255, 0, 0, 0)), "JPEG", quality=95)


def palette_png_with_transparency() -> bytes:
    """A palette PNG with a transparent colour."""
    image = Image.new("P", (400, 300), 0)
    image.putpalette([255, 255, 255, 200, 40, 40] + [0, 0, 0] * 254)
    image.paste(1, (100, 100, 300, 200))
    return encoded(image, "PNG", transparency=0)


def adobe_rgb_jpeg() -> bytes:
    """A JPEG carrying an embedded ICC profile (the pixels are converted to sRGB on upload)."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    return encoded(Image.new("RGB", (640, 480), (90, 160, 90)), "JPEG", icc_profile=profile)


def svg_with_script() -> bytes:
    """An SVG that would run script if a browser rendered it from our origin."""
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        b"<script>alert(document.cookie)</script><rect width='100' height='100'/></svg>"
    )


def gif() -> bytes:
    """A GIF: a real image, but not a format the catalogue takes."""
    return encoded(Image.new("RGB", (64, 64), (1, 2, 3)), "GIF")


def truncated_jpeg() -> bytes:
    """The first half of a real JPEG: the header decodes, the pixels do not."""
    whole = jpeg()
    return whole[: len(whole) // 2]


def corrupt_png() -> bytes:
    """A PNG signature followed by noise."""
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
