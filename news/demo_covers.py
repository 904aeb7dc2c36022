"""Cover illustrations for the demo articles, drawn with Pillow and chosen by the article's tags."""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Callable

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from news import demo_cover_emblems as emblems
from news import demo_cover_motifs as motifs
from news.demo_cover_paint import SCALE, Canvas, Palette, Variation, at, lighter, mix, points

SIZE = (1600, 800)
# Deep studio backgrounds (from, to), a warm or cool accent and a soft light for each.
PALETTES = (
    Palette((12, 22, 46), (34, 62, 108), (246, 190, 92), (150, 206, 255)),
    Palette((6, 44, 54), (18, 102, 110), (250, 214, 150), (160, 236, 226)),
    Palette((36, 18, 52), (88, 46, 110), (255, 178, 122), (214, 180, 255)),
    Palette((14, 38, 30), (34, 90, 68), (236, 208, 134), (172, 232, 196)),
    Palette((20, 20, 28), (56, 60, 76), (232, 164, 92), (196, 206, 228)),
    Palette((8, 36, 76), (22, 104, 156), (255, 220, 150), (186, 232, 255)),
    Palette((58, 28, 22), (132, 70, 46), (255, 222, 180), (255, 196, 160)),
    Palette((26, 36, 50), (74, 92, 114), (240, 196, 120), (200, 222, 240)),
)
Motif = Callable[[Canvas, Palette, Variation, str], None]
# First match wins: the more specific subjects come before the broad ones.
RULES: tuple[tuple[tuple[str, ...], Motif], ...] = (
    (("rare earth", "rare-earth"), motifs.element_tiles),
    (("copper", "brass", "price", "zinc"), motifs.ingots_and_prices),
    (("water efficiency", "watersense", "label"), emblems.rating_label),
    (("finish", "pvd", "powder coat"), motifs.swatch_fan),
    (("twin-handle", "twin handle", "bridge faucet"), motifs.bridge_faucet),
    (("cartridge", "asme"), emblems.cartridge_section),
    (("lead-free", "lead free", "nsf", "wras", "standard", "certif", "approval"), emblems.seal),
)


def draw_cover(title: str, tags: list[str]) -> bytes:
    """A PNG (RGB, 1600x800) cover illustration for an article, chosen by its tags."""
    variation = Variation(hashlib.sha256(title.encode("utf-8")).digest())
    palette = PALETTES[variation.index(0, len(PALETTES))]
    topic = " | ".join(tag.lower() for tag in tags)
    motif = _motif_for(topic) or _motif_for(title.lower()) or _water_waves
    canvas = _backdrop(palette, variation)
    motif(canvas, palette, variation, f"{topic} | {title.lower()}")
    out = io.BytesIO()
    canvas.resize(SIZE, Image.Resampling.LANCZOS).save(out, "PNG", compress_level=3)
    return out.getvalue()


def _motif_for(text: str) -> Motif | None:
    for words, motif in RULES:
        if any(word in text for word in words):
            return motif
    return None


def _backdrop(palette: Palette, variation: Variation) -> Canvas:
    """A diagonal gradient with a glow behind the motif and a few large, faint discs.

    All of it is soft, so it is one small mask between two colours, stretched to the canvas."""
    small = (SIZE[0] // 4, SIZE[1] // 4)
    ramp = Image.linear_gradient("L")
    shade = Image.blend(ramp.transpose(Image.Transpose.ROTATE_90), ramp, 0.45).resize(small)
    shade = shade.point(lambda v: v * 3 // 4)
    light = Image.new("L", small)
    draw = ImageDraw.Draw(light)
    cx, cy = (
        small[0] * (0.5 + 0.06 * variation.fraction(1)),
        small[1] * (0.48 + 0.04 * variation.fraction(2)),
    )
    draw.ellipse(
        (cx - small[0] * 0.22, cy - small[1] * 0.33, cx + small[0] * 0.22, cy + small[1] * 0.33),
        fill=90,
    )
    light = light.filter(ImageFilter.GaussianBlur(small[1] / 10))
    for i in range(3):
        x = (0.1 + 0.8 * variation.fraction(3 + i)) * small[0]
        y = (0.15 + 0.7 * variation.fraction(6 + i)) * small[1]
        r = (0.18 + 0.2 * variation.fraction(9 + i)) * small[1]
        disc = Image.new("L", small)
        ImageDraw.Draw(disc).ellipse((x - r, y - r, x + r, y + r), fill=14)
        light = ImageChops.add(light, disc)
    size = (SIZE[0] * SCALE, SIZE[1] * SCALE)
    mask = ImageChops.add(shade, light).resize(size, Image.Resampling.BILINEAR)
    return Image.composite(
        Image.new("RGB", size, lighter(palette.mid, 0.12)),
        Image.new("RGB", size, palette.deep),
        mask,
    )


def _water_waves(canvas: Canvas, palette: Palette, variation: Variation, topic: str) -> None:
    """Layered translucent water waves with a few rising bubbles."""
    draw = ImageDraw.Draw(canvas, "RGBA")
    for layer in range(5):
        base = 380 + layer * 70
        amp = 26 + 14 * variation.fraction(20 + layer)
        phase = variation.fraction(25 + layer) * math.tau
        crest = [
            (x, base + amp * math.sin(x / (190 + 30 * layer) + phase)) for x in range(0, 1601, 20)
        ]
        colour = mix(palette.glow, palette.deep, 0.25 + layer * 0.15)
        draw.polygon(points([*crest, (1600, 800), (0, 800)]), fill=(*colour, 90 + layer * 30))
        draw.line(points(crest), fill=(*lighter(colour, 0.4), 120), width=3 * SCALE)
    for i in range(9):
        x, y, r = (
            200 + 150 * i + 60 * variation.fraction(i),
            120 + 200 * variation.fraction(i + 9),
            8 + 18 * variation.fraction(i + 18),
        )
        draw.ellipse(at(x - r, y - r, x + r, y + r), outline=(*palette.glow, 120), width=2 * SCALE)
