"""Cover emblems for standards stories: an approval seal, a water label, a cartridge section."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image, ImageDraw

from news.demo_cover_paint import (
    RGB,
    SCALE,
    Canvas,
    Palette,
    Variation,
    at,
    darker,
    font,
    gradient_shape,
    lighter,
    mix,
    points,
    rectangle,
    soft_shadow,
    water_drop,
)

RATING_COLOURS = (
    (22, 150, 84),
    (86, 180, 64),
    (190, 206, 48),
    (252, 206, 40),
    (246, 142, 40),
    (226, 62, 50),
)
HOT, COLD = (232, 96, 72), (86, 160, 236)


def seal(canvas: Canvas, palette: Palette, variation: Variation, topic: str) -> None:
    """An approval seal with ribbons, a water drop and the scheme's name."""
    cx, cy, radius = 800.0, 360.0, 200.0
    draw = ImageDraw.Draw(canvas, "RGBA")
    for i in range(34):
        r = 250 + i * 16
        draw.ellipse(
            at(cx - r, cy - r, cx + r, cy + r), outline=(*palette.glow, 16), width=2 * SCALE
        )
    ribbon = darker(palette.accent, 0.3)
    for side in (-1, 1):
        x = cx + side * 70
        tail = [
            (x - 44, 470),
            (x + 44, 470),
            (x + 44 + side * 40, 740),
            (x + side * 40, 705),
            (x - 44 + side * 40, 740),
        ]
        soft_shadow(canvas, points([(px + 8, py + 10) for px, py in tail]), 20, 120)
        gradient_shape(
            canvas, points(tail), at(x - 90, 470, x + 90, 740), [ribbon, darker(ribbon, 0.25)]
        )
    edge = []
    for i in range(192):
        a = i * math.tau / 192
        bump = radius + 9 * math.cos(a * 32)
        edge.append((cx + bump * math.cos(a), cy + bump * math.sin(a)))
    soft_shadow(canvas, points([(x + 10, y + 16) for x, y in edge]), 36, 170)
    box = at(cx - radius - 10, cy - radius - 10, cx + radius + 10, cy + radius + 10)
    gradient_shape(
        canvas,
        points(edge),
        box,
        [lighter(palette.accent, 0.4), palette.accent, darker(palette.accent, 0.25)],
    )
    draw = ImageDraw.Draw(canvas, "RGBA")
    inner = radius - 40
    gradient_shape(
        canvas,
        None,
        at(cx - inner, cy - inner, cx + inner, cy + inner),
        [lighter(palette.deep, 0.18), palette.deep],
        radius=inner * SCALE,
    )
    draw.ellipse(
        at(cx - inner - 12, cy - inner - 12, cx + inner + 12, cy + inner + 12),
        outline=lighter(palette.accent, 0.5),
        width=4 * SCALE,
    )
    for i in range(40):
        a = i * math.tau / 40
        x, y = cx + (inner + 26) * math.cos(a), cy + (inner + 26) * math.sin(a)
        draw.ellipse(at(x - 3, y - 3, x + 3, y + 3), fill=darker(palette.accent, 0.35))
    water = lighter(palette.glow, 0.35)
    water_drop(draw, cx, cy + 22, 48, (*water, 255))
    draw.ellipse(at(cx - 32, cy + 2, cx - 15, cy + 32), fill=(255, 255, 255, 150))
    lead = "lead" in topic or "nsf" in topic
    if lead:
        bx, by = cx + 60, cy + 60
        draw.ellipse(
            at(bx - 34, by - 34, bx + 34, by + 34),
            fill=palette.accent,
            outline=palette.deep,
            width=4 * SCALE,
        )
        draw.text(at(bx, by), "Pb", font=font(28), fill=palette.deep, anchor="mm")
        draw.line(at(bx - 24, by + 24, bx + 24, by - 24), fill=(214, 64, 52, 220), width=5 * SCALE)
    else:
        draw.line(
            points([(cx - 22, cy + 22), (cx - 4, cy + 42), (cx + 28, cy + 4)]),
            fill=palette.deep,
            width=9 * SCALE,
            joint="curve",
        )
    label = "WRAS" if "wras" in topic else "NSF/ANSI 372" if "nsf" in topic else "CERTIFIED"
    draw.text(
        at(cx, cy - 116),
        label,
        font=font(28 if len(label) < 8 else 22),
        fill=lighter(palette.accent, 0.3),
        anchor="mm",
    )
    draw.text(
        at(cx, cy + 118),
        "LEAD-FREE" if lead else "APPROVED",
        font=font(18),
        fill=(*palette.glow, 200),
        anchor="mm",
    )


def rating_label(canvas: Canvas, palette: Palette, variation: Variation, topic: str) -> None:
    """A water-efficiency label: rated bars from best to worst and a marker on one of them."""
    draw = ImageDraw.Draw(canvas, "RGBA")
    for i, (x, y, r) in enumerate(
        ((300.0, 300.0, 70.0), (1290.0, 560.0, 54.0), (1360.0, 250.0, 34.0))
    ):
        water_drop(draw, x, y, r, (*palette.glow, 40 + 14 * i))
    left, top, right, bottom = 560.0, 90.0, 1040.0, 720.0
    soft_shadow(canvas, points(rectangle(left + 14, top + 24, right + 14, bottom + 24)), 40, 170)
    paper = lighter(palette.glow, 0.88)
    gradient_shape(
        canvas,
        None,
        at(left, top, right, bottom),
        [paper, mix(paper, palette.glow, 0.2)],
        radius=26 * SCALE,
    )
    draw = ImageDraw.Draw(canvas, "RGBA")
    draw.rounded_rectangle(at(left, top, right, top + 110), 26 * SCALE, fill=palette.deep)
    draw.rectangle(at(left, top + 80, right, top + 110), fill=palette.deep)
    water_drop(draw, left + 70, top + 64, 26, (*lighter(palette.glow, 0.3), 255))
    for i in range(3):
        y = top + 40 + i * 16
        draw.line(
            at(left + 130, y, right - 40 - i * 60, y),
            fill=(*palette.glow, 150 - 40 * i),
            width=5 * SCALE,
        )
    mark = variation.index(18, 2)
    for i, colour in enumerate(RATING_COLOURS):
        y = top + 140 + i * 88
        length = 170 + i * 42
        x0 = left + 40
        draw.polygon(
            points(
                [
                    (x0, y),
                    (x0 + length, y),
                    (x0 + length + 34, y + 32),
                    (x0 + length, y + 64),
                    (x0, y + 64),
                ]
            ),
            fill=colour,
        )
        draw.text(
            at(x0 + 30, y + 33), "ABCDEF"[i], font=font(36), fill=(255, 255, 255), anchor="mm"
        )
        for d in range(max(0, 3 - i)):
            water_drop(draw, x0 + length - 26 - d * 34, y + 38, 9, (255, 255, 255, 190))
        if i == mark:
            tip = right - 150
            draw.polygon(
                points(
                    [
                        (tip, y + 32),
                        (tip + 34, y - 2),
                        (right - 34, y - 2),
                        (right - 34, y + 66),
                        (tip + 34, y + 66),
                    ]
                ),
                fill=(28, 30, 36),
            )
            draw.text(
                at(tip + 74, y + 33), "ABCDEF"[i], font=font(40), fill=(255, 255, 255), anchor="mm"
            )


def cartridge_section(canvas: Canvas, palette: Palette, variation: Variation, topic: str) -> None:
    """A ceramic-disc cartridge cut in half, inside a dial of test cycles."""
    cx, cy = 800.0, 410.0
    draw = ImageDraw.Draw(canvas, "RGBA")
    for i in range(60):
        a = math.radians(i * 6)
        inner = 286 if i % 5 else 262
        draw.line(
            points(
                [
                    (cx + inner * math.cos(a), cy + inner * math.sin(a)),
                    (cx + 306 * math.cos(a), cy + 306 * math.sin(a)),
                ]
            ),
            fill=(*palette.glow, 60 if i % 5 else 120),
            width=2 * SCALE,
        )
    for start in (200, 20):
        draw.arc(
            at(cx - 340, cy - 340, cx + 340, cy + 340),
            start,
            start + 110,
            fill=(*palette.accent, 220),
            width=7 * SCALE,
        )
        a = math.radians(start + 110)
        tip = (cx + 340 * math.cos(a), cy + 340 * math.sin(a))
        back = (math.cos(a + math.pi / 2), math.sin(a + math.pi / 2))
        draw.polygon(
            points(
                [
                    (tip[0] + back[0] * 26, tip[1] + back[1] * 26),
                    (tip[0] + 16 * math.cos(a), tip[1] + 16 * math.sin(a)),
                    (tip[0] - 16 * math.cos(a), tip[1] - 16 * math.sin(a)),
                ]
            ),
            fill=(*palette.accent, 220),
        )
    soft_shadow(canvas, points(rectangle(690, 270, 930, 630)), 40, 150)
    metal = (214, 176, 96)
    cavity = darker(palette.deep, 0.15)
    draw.rectangle(at(712, 320, 888, 590), fill=cavity)
    walls = [
        (700, 250, 772, 320),
        (828, 250, 900, 320),
        (680, 320, 712, 590),
        (888, 320, 920, 500),
        (888, 530, 920, 590),
        (690, 580, 740, 612),
        (774, 580, 826, 612),
        (860, 580, 910, 612),
    ]
    _hatched(canvas, walls, (202, 208, 216))
    gradient_shape(
        canvas,
        None,
        at(772, 110, 828, 400),
        [lighter(metal, 0.4), metal, darker(metal, 0.3)],
        vertical=False,
    )
    for x in range(776, 828, 9):
        draw.line(at(x, 112, x, 168), fill=darker(metal, 0.35), width=2 * SCALE)
    gradient_shape(canvas, None, at(742, 380, 858, 408), [lighter(metal, 0.3), darker(metal, 0.2)])
    gradient_shape(canvas, None, at(716, 410, 884, 446), [(248, 247, 242), (214, 212, 204)])
    gradient_shape(canvas, None, at(716, 450, 884, 488), [(236, 234, 226), (196, 194, 186)])
    for x0 in (740, 826):
        draw.rectangle(at(x0, 450, x0 + 34, 488), fill=cavity)
    for x, y in ((680, 360), (920, 360), (680, 560), (920, 570)):
        draw.ellipse(at(x - 12, y - 12, x + 12, y + 12), fill=(26, 26, 30))
        draw.ellipse(at(x - 7, y - 9, x + 1, y - 2), fill=(90, 92, 100))
    draw.rectangle(at(740, 580, 774, 612), fill=cavity)
    draw.rectangle(at(826, 580, 860, 612), fill=cavity)
    for x, colour in ((757, COLD), (843, HOT)):
        draw.line(at(x, 720, x, 640), fill=colour, width=12 * SCALE)
        draw.polygon(points([(x - 20, 640), (x + 20, 640), (x, 612)]), fill=colour)
    mixed = mix(HOT, COLD, 0.5)
    draw.line(at(930, 515, 1010, 515), fill=mixed, width=12 * SCALE)
    draw.polygon(points([(1010, 495), (1010, 535), (1040, 515)]), fill=mixed)


def _hatched(
    canvas: Canvas, boxes: Sequence[tuple[float, float, float, float]], colour: RGB
) -> None:
    """Cut faces of a section drawing: flat fill with 45-degree hatching, in cover units."""
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    size = (round((right - left) * SCALE), round((bottom - top) * SCALE))
    face = Image.new("RGB", size, colour)
    lines = ImageDraw.Draw(face)
    for offset in range(-size[1], size[0], 14 * SCALE):
        lines.line(
            (offset, size[1], offset + size[1], 0), fill=darker(colour, 0.35), width=2 * SCALE
        )
    mask = Image.new("L", size, 0)
    shapes = ImageDraw.Draw(mask)
    for x0, y0, x1, y1 in boxes:
        shapes.rectangle(
            ((x0 - left) * SCALE, (y0 - top) * SCALE, (x1 - left) * SCALE, (y1 - top) * SCALE),
            fill=255,
        )
    canvas.paste(face, (round(left * SCALE), round(top * SCALE)), mask)
