"""Studio illustrations of demo faucets, drawn from their specification with Pillow."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

from catalog.demo_faucet_layouts import Layout, layout_for
from catalog.demo_picture_finishes import RGB, mix
from catalog.demo_picture_shapes import Camera, Shape

SIZE = (1280, 960)
SUPERSAMPLE = 2
# Background (top, bottom) and counter (back, front) tones; bathrooms cool, kitchens warm.
ROOM_TONES = {
    "bathroom": ((243, 245, 247), (226, 230, 234), (219, 223, 228), (238, 241, 244)),
    "kitchen": ((247, 244, 239), (233, 227, 219), (222, 215, 205), (240, 235, 228)),
}


@dataclass(frozen=True)
class FaucetDrawing:
    """What a faucet picture shows: its shape from the specification and its finish."""

    handle_type: str
    spout_type: str
    mounting: str
    installation_holes: int
    spout_height_mm: int | None
    spout_reach_mm: int | None
    finish_hex: str
    finish_slug: str
    room: str


def draw_faucet(drawing: FaucetDrawing) -> bytes:
    """A PNG (RGB, 1280x960) studio illustration of the faucet in its finish."""
    layout = layout_for(drawing)
    cam, box = _fit(layout)
    tones = ROOM_TONES["kitchen" if drawing.room == "kitchen" else "bathroom"]
    picture = _vertical_gradient(SIZE, tones[0], tones[1])
    if drawing.mounting == "wall":
        _cast_shadow(picture, layout.shapes, cam)
    else:
        _counter(picture, layout, cam, tones)
    # Only the faucet needs supersampling; the soft background is drawn at the final size.
    left, top, right, bottom = box
    crop = picture.crop(box)
    canvas = crop.resize(
        (crop.width * SUPERSAMPLE, crop.height * SUPERSAMPLE), Image.Resampling.NEAREST
    )
    local = cam.moved(
        cam.scale, (cam.origin[0] - left * SUPERSAMPLE, cam.origin[1] - top * SUPERSAMPLE)
    )
    for shape in sorted(layout.shapes, key=lambda s: s.depth(local)):
        shape.draw(canvas, local)
    picture.paste(canvas.resize(crop.size, Image.Resampling.LANCZOS), (left, top))
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=3)
    return out.getvalue()


def _fit(layout: Layout) -> tuple[Camera, tuple[int, int, int, int]]:
    """A camera centring the faucet at ~70% of the height, and the box (final pixels) it covers."""
    width, height = SIZE[0] * SUPERSAMPLE, SIZE[1] * SUPERSAMPLE
    cam = Camera(layout.turn)
    xs, ys = _outline_span(layout.shapes, cam)
    scale = min(0.7 * height / (ys[1] - ys[0]), 0.78 * width / (xs[1] - xs[0]))
    mid_x, mid_y = (xs[0] + xs[1]) / 2, (ys[0] + ys[1]) / 2
    cam = cam.moved(scale, (width / 2 - scale * mid_x, height * 0.5 - scale * mid_y))
    xs, ys = _outline_span(layout.shapes, cam)
    margin = 6 * SUPERSAMPLE
    box = (
        max(0, int(xs[0] - margin) // SUPERSAMPLE),
        max(0, int(ys[0] - margin) // SUPERSAMPLE),
        min(SIZE[0], int(xs[1] + margin) // SUPERSAMPLE + 1),
        min(SIZE[1], int(ys[1] + margin) // SUPERSAMPLE + 1),
    )
    return cam, box


def _outline_span(
    shapes: list[Shape], cam: Camera
) -> tuple[tuple[float, float], tuple[float, float]]:
    xs = [x for shape in shapes for poly in shape.outline(cam) for x, _ in poly]
    ys = [y for shape in shapes for poly in shape.outline(cam) for _, y in poly]
    return (min(xs), max(xs)), (min(ys), max(ys))


def _vertical_gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    strip = Image.new("RGB", (1, 64))
    strip.putdata([mix(top, bottom, i / 63) for i in range(64)])
    column = strip.resize((1, size[1]), Image.Resampling.BILINEAR)
    return column.resize(size, Image.Resampling.NEAREST)


def _shadow(picture: Image.Image, mask: Image.Image, blur: float, colour: RGB) -> None:
    """Darken the picture through a small mask, blurred and stretched to the picture's size."""
    soft = mask.filter(ImageFilter.GaussianBlur(blur))
    box = soft.getbbox()
    if box is None:
        return
    shrink = picture.width // mask.width
    area = soft.crop(box).resize(
        ((box[2] - box[0]) * shrink, (box[3] - box[1]) * shrink), Image.Resampling.BILINEAR
    )
    picture.paste(Image.new("RGB", area.size, colour), (box[0] * shrink, box[1] * shrink), area)


def _counter(picture: Image.Image, layout: Layout, cam: Camera, tones: tuple[RGB, ...]) -> None:
    """The countertop the faucet stands on, its back edge and the contact shadows."""
    width, height = picture.size
    unit = cam.scale / SUPERSAMPLE
    points = [(cam.screen((x, 0, z)), r * unit) for x, z, r in layout.footprints]
    horizon = round(min(p[1] / SUPERSAMPLE - r * 0.24 for p, r in points) - 0.07 * height)
    picture.paste(_vertical_gradient((width, height - horizon), tones[2], tones[3]), (0, horizon))
    ImageDraw.Draw(picture).rectangle(
        (0, horizon - 2, width, horizon - 1), fill=mix(tones[0], (255, 255, 255), 0.6)
    )
    shrink = 4
    tight, wide = (
        Image.new("L", (width // shrink, height // shrink)),
        Image.new("L", (width // shrink, height // shrink)),
    )
    for (sx, sy), r in points:
        x, y, rx, ry = (
            sx / SUPERSAMPLE / shrink,
            sy / SUPERSAMPLE / shrink,
            r / shrink,
            r * 0.24 / shrink,
        )
        ImageDraw.Draw(tight).ellipse(
            (x - rx * 1.08, y - ry * 1.1, x + rx * 1.08, y + ry * 1.5), fill=150
        )
        ImageDraw.Draw(wide).ellipse(
            (x - rx * 1.6, y - ry * 1.8, x + rx * 2.8, y + ry * 2.4), fill=70
        )
    shade = mix(tones[3], (40, 36, 32), 0.75)
    _shadow(picture, wide, 7, shade)
    _shadow(picture, tight, 1.5, shade)


def _cast_shadow(picture: Image.Image, shapes: list[Shape], cam: Camera) -> None:
    """The faucet's soft shadow on the wall behind it, thrown down and right by the key light."""
    shrink = 4
    mask = Image.new("L", (picture.width // shrink, picture.height // shrink))
    draw = ImageDraw.Draw(mask)
    dx, dy = 0.05 * picture.height * SUPERSAMPLE, 0.07 * picture.height * SUPERSAMPLE
    step = SUPERSAMPLE * shrink
    for shape in shapes:
        for poly in shape.outline(cam):
            draw.polygon([((x + dx) / step, (y + dy) / step) for x, y in poly], fill=70)
    _shadow(picture, mask, 7, (120, 124, 130))
