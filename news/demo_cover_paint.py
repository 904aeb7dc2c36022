"""Painting helpers for the demo covers: palettes, gradients, soft shadows and the built-in font."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import overload

from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Covers are drawn at twice their size and shrunk, which smooths every edge.
SCALE = 2
RGB = tuple[int, int, int]
Point = tuple[float, float]
Canvas = Image.Image


@dataclass(frozen=True)
class Palette:
    """A cover's colours: the background's two ends, an accent and a soft light."""

    deep: RGB
    mid: RGB
    accent: RGB
    glow: RGB


@dataclass(frozen=True)
class Variation:
    """Stable choices taken from the bytes of a title's hash."""

    digest: bytes

    def fraction(self, i: int) -> float:
        """A number in [0, 1] from the i-th byte."""
        return self.digest[i % len(self.digest)] / 255

    def index(self, i: int, count: int) -> int:
        """One of `count` choices from the i-th byte."""
        return self.digest[i % len(self.digest)] % count


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """The colour `amount` of the way from a to b."""
    return (
        round(a[0] + (b[0] - a[0]) * amount),
        round(a[1] + (b[1] - a[1]) * amount),
        round(a[2] + (b[2] - a[2]) * amount),
    )


def spread(colours: Sequence[RGB], count: int = 48) -> list[RGB]:
    """A ramp of `count` colours passing evenly through the given ones."""
    last = len(colours) - 1
    ramp = []
    for i in range(count):
        t = i / (count - 1) * last
        k = min(int(t), last - 1)
        ramp.append(mix(colours[k], colours[k + 1], t - k))
    return ramp


def lighter(colour: RGB, amount: float) -> RGB:
    """The colour mixed towards white."""
    return mix(colour, (255, 255, 255), amount)


def darker(colour: RGB, amount: float) -> RGB:
    """The colour mixed towards black."""
    return mix(colour, (0, 0, 0), amount)


@overload
def at(x: float, y: float, /) -> tuple[float, float]: ...
@overload
def at(x0: float, y0: float, x1: float, y1: float, /) -> tuple[float, float, float, float]: ...
def at(*values: float) -> tuple[float, ...]:
    """A point or a box in cover coordinates (1600x800), in the supersampled canvas."""
    return tuple(v * SCALE for v in values)


def points(coords: Sequence[Point]) -> list[Point]:
    """A polygon in cover coordinates, in the supersampled canvas."""
    return [(x * SCALE, y * SCALE) for x, y in coords]


@lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in font at a cover size."""
    return ImageFont.load_default(size=size * SCALE)


def _ramp(colours: Sequence[RGB], size: tuple[int, int], vertical: bool) -> Image.Image:
    strip = Image.new("RGB", (1, len(colours)) if vertical else (len(colours), 1))
    strip.putdata(list(colours))
    if vertical:
        return strip.resize((1, size[1]), Image.Resampling.BILINEAR).resize(
            size, Image.Resampling.NEAREST
        )
    return strip.resize((size[0], 1), Image.Resampling.BILINEAR).resize(
        size, Image.Resampling.NEAREST
    )


def gradient_shape(
    canvas: Canvas,
    outline: Sequence[Point] | None,
    box: tuple[float, float, float, float],
    colours: Sequence[RGB],
    vertical: bool = True,
    radius: float = 0,
) -> None:
    """Fill a polygon (or, with no outline, a rounded box) in canvas pixels with a ramp."""
    left, top = int(box[0]), int(box[1])
    size = (max(1, int(box[2]) - left + 1), max(1, int(box[3]) - top + 1))
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    if outline is None:
        draw.rounded_rectangle(
            (box[0] - left, box[1] - top, box[2] - left, box[3] - top), radius, fill=255
        )
    else:
        draw.polygon([(x - left, y - top) for x, y in outline], fill=255)
    canvas.paste(_ramp(colours, size, vertical), (left, top), mask)


def soft_shadow(
    canvas: Canvas, outline: Sequence[Point], blur: float, strength: int, colour: RGB = (0, 0, 0)
) -> None:
    """A blurred shadow of a polygon (canvas pixels), darkening whatever is beneath it."""
    shrink = 8 if blur >= 40 else 4
    xs, ys = [p[0] for p in outline], [p[1] for p in outline]
    pad = blur * 3
    left, top = int(min(xs) - pad), int(min(ys) - pad)
    size = (int((max(xs) + pad - left) / shrink) + 1, int((max(ys) + pad - top) / shrink) + 1)
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(
        [((x - left) / shrink, (y - top) / shrink) for x, y in outline], fill=strength
    )
    mask = mask.filter(ImageFilter.GaussianBlur(blur / shrink))
    mask = mask.resize((size[0] * shrink, size[1] * shrink), Image.Resampling.BILINEAR)
    canvas.paste(Image.new("RGB", mask.size, colour), (left, top), mask)


def water_drop(
    draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: tuple[int, ...]
) -> None:
    """A water drop whose round part is centred at (cx, cy) with radius r, in cover units."""
    draw.ellipse(at(cx - r, cy - r, cx + r, cy + r), fill=fill)
    a = math.radians(35)
    tip = [
        (cx - r * math.cos(a), cy - r * math.sin(a)),
        (cx, cy - r * 2.1),
        (cx + r * math.cos(a), cy - r * math.sin(a)),
    ]
    draw.polygon(points(tip), fill=fill)


def rectangle(x0: float, y0: float, x1: float, y1: float) -> list[Point]:
    """The corners of a box, as a polygon."""
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
