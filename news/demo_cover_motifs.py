"""Cover motifs for materials and design stories: element tiles, ingots, swatches, a faucet."""

from __future__ import annotations

import math

from PIL import ImageDraw

from catalog.demo_picture_shapes import fill_gradient
from news.demo_cover_paint import (
    RGB,
    SCALE,
    Canvas,
    Palette,
    Point,
    Variation,
    at,
    darker,
    font,
    gradient_shape,
    lighter,
    mix,
    points,
    soft_shadow,
    spread,
    water_drop,
)

# Atomic number, symbol, name, standard atomic weight; placed by (period row, group column).
ELEMENTS = {
    "Cu": (29, "Copper", "63.546", (4, 11)),
    "Zn": (30, "Zinc", "65.38", (4, 12)),
    "Nd": (60, "Neodymium", "144.24", (8.6, 6)),
    "Pr": (59, "Praseodymium", "140.91", (8.6, 5)),
    "Dy": (66, "Dysprosium", "162.50", (8.6, 12)),
    "Tb": (65, "Terbium", "158.93", (8.6, 11)),
}
# Chrome, brushed nickel, stainless, brushed gold, polished brass, bronze, gunmetal, matte black.
FINISHES: tuple[RGB, ...] = (
    (192, 196, 200), (169, 165, 155), (180, 184, 187), (201, 164, 92), (212, 169, 74), (94, 70, 52),
    (83, 86, 90), (38, 38, 40),
)  # fmt: skip
COPPER, BRASS, ZINC = (196, 116, 66), (214, 172, 84), (176, 182, 188)


def _table_cells() -> list[tuple[float, int]]:
    cells: list[tuple[float, int]] = [(1, 1), (1, 18)]
    for row in (2, 3):
        cells += [(row, c) for c in (1, 2, *range(13, 19))]
    cells += [(row, c) for row in (4, 5, 6, 7) for c in range(1, 19)]
    return cells + [(row, c) for row in (8.6, 9.6) for c in range(3, 18)]


def element_tiles(canvas: Canvas, palette: Palette, variation: Variation, topic: str) -> None:
    """A row of periodic-table tiles over a faint periodic table."""
    symbols = [s for s, word in (("Cu", "copper"), ("Zn", "zinc")) if word in topic]
    symbols += ["Nd", "Dy", "Pr", "Tb"][: 4 - len(symbols)] if symbols else ["Nd", "Pr", "Dy", "Tb"]
    draw = ImageDraw.Draw(canvas, "RGBA")
    pitch, left, top = 80.0, 800 - 9 * 80.0, 18.0
    chosen = {ELEMENTS[s][3] for s in symbols}
    for row, col in _table_cells():
        x, y = left + (col - 1) * pitch, top + (row - 1) * pitch
        fill = (*palette.accent, 70) if (row, col) in chosen else (*palette.glow, 12)
        draw.rounded_rectangle(at(x + 4, y + 4, x + pitch - 4, y + pitch - 4), 8 * SCALE, fill=fill)
    width, gap = 210.0, 36.0
    start = 800 - (len(symbols) * width + (len(symbols) - 1) * gap) / 2
    star = variation.index(12, len(symbols))
    for i, symbol in enumerate(symbols):
        number, name, weight, _ = ELEMENTS[symbol]
        x0, y0 = (
            start + i * (width + gap),
            270 + 26 * math.sin(i * 1.7 + variation.fraction(13) * 6),
        )
        box = at(x0, y0, x0 + width, y0 + 250)
        soft_shadow(
            canvas,
            points(
                [
                    (x0 + 10, y0 + 30),
                    (x0 + width + 10, y0 + 30),
                    (x0 + width + 10, y0 + 276),
                    (x0 + 10, y0 + 276),
                ]
            ),
            40,
            150,
        )
        face = palette.accent if i == star else lighter(palette.glow, 0.7)
        gradient_shape(
            canvas,
            None,
            box,
            spread([lighter(face, 0.4), face, darker(face, 0.1)], 16),
            radius=22 * SCALE,
        )
        ink = darker(palette.deep, 0.2)
        text = ImageDraw.Draw(canvas)
        text.text(at(x0 + 20, y0 + 18), str(number), font=font(26), fill=ink)
        text.text(at(x0 + width / 2, y0 + 122), symbol, font=font(96), fill=ink, anchor="mm")
        text.text(at(x0 + width / 2, y0 + 190), name, font=font(19), fill=ink, anchor="mm")
        text.text(
            at(x0 + width / 2, y0 + 222),
            weight,
            font=font(17),
            fill=mix(ink, face, 0.35),
            anchor="mm",
        )


def _ingot(canvas: Canvas, x: float, y: float, colour: RGB) -> None:
    """One trapezoid ingot whose front bottom-left corner is at (x, y), in cover units."""
    w, h, inset, dx, dy = 250.0, 62.0, 26.0, 34.0, -40.0
    front = [(x, y), (x + w, y), (x + w - inset, y - h), (x + inset, y - h)]
    top = [
        (x + inset, y - h),
        (x + w - inset, y - h),
        (x + w - inset - 10 + dx, y - h + dy),
        (x + inset + 10 + dx, y - h + dy),
    ]
    side = [
        (x + w, y),
        (x + w + dx, y + dy),
        (x + w - inset - 10 + dx, y - h + dy),
        (x + w - inset, y - h),
    ]
    draw = ImageDraw.Draw(canvas)
    draw.polygon(points(side), fill=darker(colour, 0.35))
    bounds = at(x, y - h, x + w, y)
    gradient_shape(
        canvas, points(front), bounds, [lighter(colour, 0.2), colour, darker(colour, 0.2)]
    )
    top_box = at(x + inset, y - h + dy, x + w - inset + dx, y - h)
    gradient_shape(
        canvas, points(top), top_box, [lighter(colour, 0.55), lighter(colour, 0.25)], vertical=False
    )
    draw.line(
        points([(x + inset + 40, y - h - 14), (x + w - inset - 30, y - h - 14)]),
        fill=lighter(colour, 0.65),
        width=2 * SCALE,
    )


def ingots_and_prices(canvas: Canvas, palette: Palette, variation: Variation, topic: str) -> None:
    """Stacked metal ingots in front of a rising price chart."""
    draw = ImageDraw.Draw(canvas, "RGBA")
    for i in range(6):
        y = 160 + i * 80
        draw.line(at(700, y, 1480, y), fill=(*palette.glow, 28), width=2 * SCALE)
    line: list[Point] = []
    for i in range(15):
        rise = i / 14
        wobble = (variation.fraction(14 + i) - 0.5) * 60
        line.append((720 + i * 52, 560 - 330 * rise**1.3 + wobble * (1 - rise * 0.6)))
    draw.polygon(points([*line, (line[-1][0], 600), (line[0][0], 600)]), fill=(*palette.accent, 34))
    draw.line(points(line), fill=(*palette.accent, 255), width=6 * SCALE, joint="curve")
    ex, ey = line[-1]
    for r, alpha in ((34, 40), (20, 80), (10, 255)):
        draw.ellipse(at(ex - r, ey - r, ex + r, ey + r), fill=(*palette.accent, alpha))
    draw.polygon(
        points([(ex + 40, ey - 10), (ex + 70, ey - 60), (ex + 100, ey - 10)]),
        fill=(*palette.accent, 220),
    )
    colours = [COPPER, BRASS, ZINC if "zinc" in topic else COPPER]
    soft_shadow(canvas, points([(230, 690), (820, 690), (860, 710), (250, 720)]), 30, 170)
    for row, count in enumerate((3, 2, 1)):
        for i in range(count):
            x = 250 + row * 125 + i * 250 + row * 17
            _ingot(canvas, x, 700 - row * 102, colours[(row + i + variation.index(30, 3)) % 3])


def swatch_fan(canvas: Canvas, palette: Palette, variation: Variation, topic: str) -> None:
    """A fan of finish swatch strips pinned at one end, each in a metal finish."""
    px, py = 800.0, 700.0
    length, width = 540.0, 98.0
    order = variation.index(16, len(FINISHES))
    draw = ImageDraw.Draw(canvas)
    for k in range(len(FINISHES)):
        colour = FINISHES[(order + k) % len(FINISHES)]
        a = math.radians(-64 + k * 128 / (len(FINISHES) - 1))
        along, across = (math.sin(a), -math.cos(a)), (math.cos(a), math.sin(a))

        def place(u: float, v: float, along: Point = along, across: Point = across) -> Point:
            """A point `v` along the strip from the pin and `u` across it, in canvas pixels."""
            return (
                (px + u * across[0] + v * along[0]) * SCALE,
                (py + u * across[1] + v * along[1]) * SCALE,
            )

        outline = [place(u, v) for u, v in _rounded_strip(width, length)]
        soft_shadow(canvas, [(x + 20, y + 28) for x, y in outline], 50, 90)
        sheen = [
            lighter(colour, 0.4),
            lighter(colour, 0.12),
            colour,
            darker(colour, 0.12),
            lighter(colour, 0.18),
            darker(colour, 0.3),
        ]
        fill_gradient(draw, outline, spread(sheen), (-across[0], -across[1]))
        band = [
            place(u, v)
            for u, v in (
                (-width / 2 + 12, length - 116),
                (width / 2 - 12, length - 116),
                (width / 2 - 12, length - 78),
                (-width / 2 + 12, length - 78),
            )
        ]
        draw.polygon(
            band, fill=mix(colour, (0, 0, 0) if sum(colour) > 380 else (255, 255, 255), 0.12)
        )
        hx, hy = place(0, 0)
        draw.ellipse(
            (hx - 10 * SCALE, hy - 10 * SCALE, hx + 10 * SCALE, hy + 10 * SCALE),
            fill=darker(colour, 0.45),
        )
    gradient_shape(
        canvas,
        None,
        at(px - 26, py - 26, px + 26, py + 26),
        [(240, 240, 236), (150, 152, 156)],
        radius=26 * SCALE,
    )
    draw.ellipse(at(px - 9, py - 9, px + 9, py + 9), fill=(90, 92, 96))


def _rounded_strip(width: float, length: float) -> list[Point]:
    """A strip's outline as (across, along) pairs: round at the pin, softly cornered at the tip."""
    half, corner = width / 2, 16.0
    outline = [
        (half * math.cos(math.radians(a)), -half * math.sin(math.radians(a)))
        for a in range(0, 181, 15)
    ]
    for cx, start in ((-half + corner, 180), (half - corner, 90)):
        outline += [
            (
                cx + corner * math.cos(math.radians(start - a)),
                length - half - corner + corner * math.sin(math.radians(start - a)),
            )
            for a in range(0, 91, 15)
        ]
    return outline


def bridge_faucet(canvas: Canvas, palette: Palette, variation: Variation, topic: str) -> None:
    """A flat, two-tone twin-handle bridge faucet letting a drop fall into a ripple."""
    draw = ImageDraw.Draw(canvas, "RGBA")
    sun = 270 + 30 * variation.fraction(17)
    draw.ellipse(at(840 - sun, 360 - sun, 840 + sun, 360 + sun), fill=(*palette.glow, 18))
    draw.rectangle(at(0, 650, 1600, 800), fill=(*darker(palette.deep, 0.3), 130))
    draw.line(at(0, 650, 1600, 650), fill=(*palette.glow, 80), width=3 * SCALE)
    metal, shade = lighter(palette.glow, 0.5), mix(lighter(palette.glow, 0.5), palette.deep, 0.32)
    base, spread, r, tube = 760.0, 170.0, 160.0, 44.0
    cx, top = base + r, 250.0
    draw.rounded_rectangle(at(base - spread, 520, base + spread, 566), 23 * SCALE, fill=metal)
    draw.rounded_rectangle(at(base - spread, 545, base + spread, 566), 10 * SCALE, fill=shade)
    outer = at(cx - r - tube / 2, top - r - tube / 2, cx + r + tube / 2, top + r + tube / 2)
    draw.arc(outer, 180, 360, fill=metal, width=round(tube * SCALE))
    draw.arc(
        at(cx - r + 6, top - r + 6, cx + r - 6, top + r - 6), 180, 360, fill=shade, width=16 * SCALE
    )
    for x in (cx - r, cx + r):
        bottom = 500 if x < cx else 340
        draw.rectangle(at(x - tube / 2, top, x + tube / 2, bottom), fill=metal)
        inner = (x + tube / 2 - 16, x + tube / 2) if x < cx else (x - tube / 2, x - tube / 2 + 16)
        draw.rectangle(at(inner[0], top, inner[1], bottom), fill=shade)
    draw.rounded_rectangle(at(cx + r - 28, 334, cx + r + 28, 362), 8 * SCALE, fill=shade)
    draw.rounded_rectangle(at(base - 34, 478, base + 34, 530), 12 * SCALE, fill=metal)
    draw.rectangle(at(base + 8, 486, base + 34, 522), fill=shade)
    for side, index in ((-1, (226, 88, 70)), (1, (80, 142, 220))):
        x = base + side * spread
        draw.rounded_rectangle(at(x - 32, 430, x + 32, 640), 12 * SCALE, fill=metal)
        draw.rectangle(at(x + 6, 440, x + 32, 630), fill=shade)
        draw.rounded_rectangle(at(x - 40, 420, x + 40, 444), 8 * SCALE, fill=metal)
        draw.rounded_rectangle(at(x - 58, 626, x + 58, 652), 10 * SCALE, fill=shade)
        draw.line(at(x - 76, 398, x + 76, 398), fill=metal, width=14 * SCALE)
        draw.rounded_rectangle(at(x - 18, 384, x + 18, 424), 8 * SCALE, fill=metal)
        draw.rectangle(at(x + 2, 390, x + 18, 420), fill=shade)
        for bx in (x - 84, x + 84):
            draw.ellipse(at(bx - 16, 382, bx + 16, 414), fill=metal)
            draw.chord(at(bx - 16, 382, bx + 16, 414), 300, 60, fill=shade)
        draw.ellipse(at(x - 11, 372, x + 11, 390), fill=index)
    water = lighter(palette.glow, 0.3)
    dx = cx + r
    water_drop(draw, dx, 490, 14, (*water, 235))
    for i, (rx, ry) in enumerate(((36, 7), (74, 14), (120, 23))):
        draw.ellipse(
            at(dx - rx, 690 - ry, dx + rx, 690 + ry),
            outline=(*water, 170 - 50 * i),
            width=3 * SCALE,
        )
