"""Drawing primitives for the demo product pictures: a camera, tubes, balls and plates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from PIL import Image, ImageDraw

from catalog.demo_picture_finishes import RGB, Finish

Vec3 = tuple[float, float, float]
Point = tuple[float, float]

# Screen direction towards the key light: upper left, as in most studio product shots.
LIGHT: Point = (-0.6, -0.8)


@dataclass(frozen=True)
class Camera:
    """An orthographic view turned `turn` degrees about the vertical and tilted down `tilt`."""

    turn: float
    tilt: float = 14.0
    scale: float = 1.0
    origin: Point = (0.0, 0.0)

    @cached_property
    def _trig(self) -> tuple[float, float, float, float]:
        a, b = math.radians(self.turn), math.radians(self.tilt)
        return math.sin(a), math.cos(a), math.sin(b), math.cos(b)

    def screen(self, p: Vec3) -> Point:
        """Where a point in millimetres lands on the canvas (y grows downwards)."""
        sa, ca, sb, cb = self._trig
        toward = -p[0] * sa + p[2] * ca
        up = p[1] * cb - toward * sb
        return self.origin[0] + self.scale * (p[0] * ca + p[2] * sa), self.origin[
            1
        ] - self.scale * up

    def depth(self, p: Vec3) -> float:
        """How near the viewer a point is; nearer parts are drawn later."""
        sa, ca, sb, cb = self._trig
        return (-p[0] * sa + p[2] * ca) * cb + p[1] * sb

    def facing(self, normal: Vec3) -> float:
        """How squarely a surface with this outward normal faces the viewer (a cosine)."""
        a, b = math.radians(self.turn), math.radians(self.tilt)
        view = (-math.sin(a) * math.cos(b), math.sin(b), math.cos(a) * math.cos(b))
        return sum(n * v for n, v in zip(normal, view, strict=True))

    def moved(self, scale: float, origin: Point) -> Camera:
        """The same view at another scale and origin."""
        return Camera(self.turn, self.tilt, scale, origin)


class Shape(Protocol):
    """Anything the scene can sort by depth, outline for fitting and shadows, and draw."""

    def depth(self, cam: Camera) -> float: ...
    def outline(self, cam: Camera) -> list[list[Point]]: ...
    def draw(self, canvas: Image.Image, cam: Camera) -> None: ...


_UNIT_CIRCLE = [(math.cos(i * math.pi / 18), math.sin(i * math.pi / 18)) for i in range(36)]


def _unit(v: Vec3) -> Vec3:
    length = math.sqrt(sum(c * c for c in v)) or 1.0
    return (v[0] / length, v[1] / length, v[2] / length)


def _cross(a: Vec3, b: Vec3) -> Vec3:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _ring(centre: Vec3, normal: Vec3, radius: float, cam: Camera) -> list[Point]:
    """The outline on screen of a circle in 3D."""
    n = _unit(normal)
    u = _unit(_cross(n, (0.0, 1.0, 0.0)) if abs(n[1]) < 0.9 else _cross(n, (1.0, 0.0, 0.0)))
    v = _cross(n, u)
    x, y, z = centre
    return [
        cam.screen((x + c * u[0] + s * v[0], y + c * u[1] + s * v[1], z + c * u[2] + s * v[2]))
        for c, s in ((radius * c, radius * s) for c, s in _UNIT_CIRCLE)
    ]


def circle(centre: Point, radius: float) -> list[Point]:
    """A circle on screen, as a polygon."""
    return [
        (
            centre[0] + radius * math.cos(i * math.pi / 12),
            centre[1] + radius * math.sin(i * math.pi / 12),
        )
        for i in range(24)
    ]


def _clip(polygon: list[Point], axis: Point, limit: float) -> list[Point]:
    """The part of a convex polygon where (point . axis) <= limit."""
    kept: list[Point] = []
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        d0, d1 = x0 * axis[0] + y0 * axis[1] - limit, x1 * axis[0] + y1 * axis[1] - limit
        if d0 <= 0:
            kept.append((x0, y0))
        if d0 * d1 < 0:
            share = d0 / (d0 - d1)
            kept.append((x0 + (x1 - x0) * share, y0 + (y1 - y0) * share))
    return kept


def fill_gradient(
    draw: ImageDraw.ImageDraw, polygon: list[Point], ramp: Sequence[RGB], lit: Point
) -> None:
    """Fill a convex polygon with a ramp running from its side towards `lit` to the far side."""
    length = math.hypot(*lit) or 1.0
    axis = (lit[0] / length, lit[1] / length)
    reach = [x * axis[0] + y * axis[1] for x, y in polygon]
    high, low = max(reach), min(reach)
    steps = max(2, min(len(ramp), int((high - low) / 2.5)))
    for k in range(steps):
        band = _clip(polygon, axis, high - (high - low) * k / steps)
        if len(band) > 2:
            draw.polygon(band, fill=ramp[round((k + 0.5) / steps * (len(ramp) - 1))])


@dataclass(frozen=True)
class Tube:
    """A round bar along a 3D path, shaded across its width, its ends cut square."""

    path: tuple[Vec3, ...]
    radius: float
    finish: Finish
    end_colour: RGB | None = None
    lit_left: bool | None = None
    bias: float = 0.0

    def depth(self, cam: Camera) -> float:
        """The mean depth of the path."""
        return sum(cam.depth(p) for p in self.path) / len(self.path) + self.bias

    def _frame(self, cam: Camera) -> tuple[list[Point], list[Point]]:
        pts = [cam.screen(p) for p in self.path]
        seg: list[Point] = []
        score = 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            length = math.hypot(x1 - x0, y1 - y0) or 1e-9
            seg.append(((y1 - y0) / length, (x0 - x1) / length))
            score += (seg[-1][0] * LIGHT[0] + seg[-1][1] * LIGHT[1]) * length
        side = 1.0 if (score >= 0 if self.lit_left is None else self.lit_left) else -1.0
        normals = [seg[0]]
        for a, b in zip(seg, seg[1:], strict=False):
            nx, ny = a[0] + b[0], a[1] + b[1]
            length = math.hypot(nx, ny) or 1e-9
            miter = max(0.3, (nx * a[0] + ny * a[1]) / length)
            normals.append((nx / length / miter, ny / length / miter))
        normals.append(seg[-1])
        return pts, [(side * nx, side * ny) for nx, ny in normals]

    def _ends(self, cam: Camera) -> list[tuple[Vec3, list[Point], int]]:
        ends = []
        for index, inner in ((0, 1), (-1, -2)):
            out = tuple(a - b for a, b in zip(self.path[index], self.path[inner], strict=True))
            normal = _unit(out)  # type: ignore[arg-type]
            ends.append((normal, _ring(self.path[index], normal, self.radius, cam), index))
        return ends

    def outline(self, cam: Camera) -> list[list[Point]]:
        """The tube's band and its two end discs."""
        pts, normals = self._frame(cam)
        r = self.radius * cam.scale
        band = [(x + nx * r, y + ny * r) for (x, y), (nx, ny) in zip(pts, normals, strict=True)]
        band += [
            (x - nx * r, y - ny * r)
            for (x, y), (nx, ny) in zip(pts[::-1], normals[::-1], strict=True)
        ]
        return [band] + [ring for _, ring, _ in self._ends(cam)]

    def draw(self, canvas: Image.Image, cam: Camera) -> None:
        """Paint the tube as nested bands that share its shadow edge."""
        pts, normals = self._frame(cam)
        r = self.radius * cam.scale
        ends = self._ends(cam)
        draw = ImageDraw.Draw(canvas)
        for _, ring, index in ends:
            fill_gradient(draw, ring, self.finish.ramp, normals[index])
        shadow_edge = [
            (x - nx * r, y - ny * r)
            for (x, y), (nx, ny) in zip(pts[::-1], normals[::-1], strict=True)
        ]
        steps = max(6, min(36, int(r / 1.3)))
        for k in range(steps):
            reach = r - 2 * r * k / steps
            lit_edge = [
                (x + nx * reach, y + ny * reach)
                for (x, y), (nx, ny) in zip(pts, normals, strict=True)
            ]
            draw.polygon(lit_edge + shadow_edge, fill=self.finish.at((k + 0.5) / steps))
        for normal, ring, _ in ends:
            if cam.facing(normal) > 0.05:
                if self.end_colour is not None:
                    draw.polygon(ring, fill=self.end_colour)
                else:
                    fill_gradient(draw, ring, self.finish.face, LIGHT)


@dataclass(frozen=True)
class Ball:
    """A sphere, such as a lever tip or the knob at the end of a cross-handle spoke."""

    centre: Vec3
    radius: float
    finish: Finish
    bias: float = 0.0

    def depth(self, cam: Camera) -> float:
        """The depth of the centre."""
        return cam.depth(self.centre) + self.bias

    def outline(self, cam: Camera) -> list[list[Point]]:
        """The ball's circle."""
        return [circle(cam.screen(self.centre), self.radius * cam.scale)]

    def draw(self, canvas: Image.Image, cam: Camera) -> None:
        """Paint nested discs drifting towards the light."""
        x, y = cam.screen(self.centre)
        r = self.radius * cam.scale
        draw = ImageDraw.Draw(canvas)
        steps = max(6, min(30, int(r / 1.2)))
        for k in range(steps):
            rk = r * (1 - 0.9 * k / steps)
            cx, cy = x + LIGHT[0] * (r - rk) * 0.6, y + LIGHT[1] * (r - rk) * 0.6
            colour = self.finish.glow[round(k / (steps - 1) * (len(self.finish.glow) - 1))]
            draw.ellipse((cx - rk, cy - rk, cx + rk, cy + rk), fill=colour)


@dataclass(frozen=True)
class Slab:
    """A flat plate: a planar outline pushed out along `thickness`, its front face shaded."""

    outline3d: tuple[Vec3, ...]
    thickness: Vec3
    finish: Finish
    bias: float = 0.0

    def _layer(self, cam: Camera, share: float) -> list[Point]:
        dx, dy, dz = (c * share for c in self.thickness)
        return [cam.screen((x + dx, y + dy, z + dz)) for x, y, z in self.outline3d]

    def depth(self, cam: Camera) -> float:
        """The mean depth of the outline."""
        return sum(cam.depth(p) for p in self.outline3d) / len(self.outline3d) + self.bias

    def outline(self, cam: Camera) -> list[list[Point]]:
        """The back and front outlines."""
        return [self._layer(cam, 0.0), self._layer(cam, 1.0)]

    def draw(self, canvas: Image.Image, cam: Camera) -> None:
        """Paint the edge, then the face with the metal's ramp running down from the light."""
        draw = ImageDraw.Draw(canvas)
        for i in range(6):
            draw.polygon(self._layer(cam, i / 6), fill=self.finish.at(0.85 - 0.05 * i))
        fill_gradient(draw, self._layer(cam, 1.0), self.finish.ramp[4:40], (-0.25, -0.97))


@dataclass(frozen=True)
class Group:
    """Shapes drawn together in the given order, sorted among the rest by the last one's depth."""

    items: tuple[Shape, ...]
    bias: float = 0.0

    def depth(self, cam: Camera) -> float:
        """The depth of the last item, the one drawn on top."""
        return self.items[-1].depth(cam) + self.bias

    def outline(self, cam: Camera) -> list[list[Point]]:
        """Every item's outline."""
        return [poly for item in self.items for poly in item.outline(cam)]

    def draw(self, canvas: Image.Image, cam: Camera) -> None:
        """Draw the items in order."""
        for item in self.items:
            item.draw(canvas, cam)
