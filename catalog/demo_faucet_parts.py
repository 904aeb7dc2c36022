"""The parts of a demo faucet picture (bodies, spouts, handles), laid out in millimetres."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from catalog.demo_picture_finishes import Finish, flat_finish
from catalog.demo_picture_shapes import Ball, Camera, Group, Point, Shape, Slab, Tube, Vec3, circle

HOT = flat_finish((196, 70, 58))
COLD = flat_finish((60, 118, 196))
SPRAY_FACE = (46, 48, 52)


@dataclass(frozen=True)
class Kit:
    """The finish and the sizes shared by every part of one faucet."""

    metal: Finish
    body_r: float
    tube_r: float
    valve_r: float
    cross: bool


def column(kit: Kit, x: float, z: float, y0: float, y1: float, r: float, bias: float = 0.0) -> Tube:
    """An upright cylinder standing on (x, y0, z)."""
    return Tube(((x, y0, z), (x, y1, z)), r, kit.metal, bias=bias)


def rod(kit: Kit, start: Vec3, end: Vec3, r: float, bias: float = 0.0) -> Tube:
    """A straight cylinder between two points."""
    return Tube((start, end), r, kit.metal, bias=bias)


def _arc(x: float, cy: float, cz: float, ry: float, rz: float, a0: float, a1: float) -> list[Vec3]:
    steps = max(4, int(abs(a1 - a0) / 6))
    angles = [math.radians(a0 + (a1 - a0) * i / steps) for i in range(steps + 1)]
    return [(x, cy + ry * math.sin(a), cz + rz * math.cos(a)) for a in angles]


def gooseneck(base: Vec3, top_y: float, reach: float, outlet_y: float) -> tuple[Vec3, ...]:
    """Up from the base, over in an arch towards the viewer, and down to the outlet."""
    x, y0, z0 = base
    arch = min(reach / 2, max(45.0, 0.42 * reach))
    arc = _arc(x, top_y, z0 + reach / 2, arch, reach / 2, 180, 0)
    return ((x, y0, z0), *arc, (x, outlet_y, z0 + reach))


def level_spout(base: Vec3, reach: float, outlet_y: float, bend: float) -> tuple[Vec3, ...]:
    """Out from the base towards the viewer, drooping slightly, then turned down at the outlet."""
    x, y0, z0 = base
    corner_y = min(y0 - 0.03 * reach, outlet_y + bend + 4) - bend
    arc = _arc(x, corner_y, z0 + reach - bend, bend, bend, 90, 0)
    return ((x, y0, z0), *arc, (x, min(outlet_y, corner_y - 4), z0 + reach))


def spout(kit: Kit, kind: str, base: Vec3, outlet_y: float, reach: float) -> list[Shape]:
    """The spout of one type from its root on the body to its outlet at `outlet_y`."""
    x, y0, z0 = base
    rt = kit.tube_r
    tip_z = z0 + reach
    if kind == "pull-out":
        return _pull_out(kit, base, outlet_y, reach)
    if kind == "fixed":
        path = level_spout(base, reach, outlet_y + 8, 2.2 * rt)
        end_y = path[-1][1]
        return [
            Group(
                (column(kit, x, tip_z, end_y - 8, end_y + 1, rt * 0.88), Tube(path, rt, kit.metal))
            )
        ]
    head = min(85.0, max(55.0, 0.18 * outlet_y)) if kind == "pull-down" else 8.0
    top_y = max(y0 + 40, outlet_y + head + max(25.0, 0.08 * outlet_y))
    neck = Tube(gooseneck(base, top_y, reach, outlet_y + head), rt, kit.metal, lit_left=True)
    collar = column(kit, x, z0, y0, y0 + 16, rt + 4.5)
    if kind == "pull-down":
        head_r = rt * 1.38
        spray = Tube(((x, outlet_y + head, tip_z), (x, outlet_y, tip_z)), head_r, kit.metal)
        dock = column(kit, x, tip_z, outlet_y + head - 4, outlet_y + head, head_r * 0.9)
        return [Group((spray, dock, neck)), collar]
    return [Group((column(kit, x, tip_z, outlet_y, outlet_y + 9, rt * 0.9), neck)), collar]


def pull_out_root(outlet_y: float, reach: float) -> float:
    """How high on the body a pull-out spout leaves it, so its head droops to the outlet."""
    return outlet_y + 0.62 * _head_length(reach) + 0.1 * reach


def _head_length(reach: float) -> float:
    return min(95.0, max(55.0, 0.36 * reach))


def _pull_out(kit: Kit, base: Vec3, outlet_y: float, reach: float) -> list[Shape]:
    x, y0, z0 = base
    length = _head_length(reach)
    slope = math.radians(38)
    end = (x, outlet_y, z0 + reach)
    start = (x, outlet_y + length * math.sin(slope), end[2] - length * math.cos(slope))
    run = (y0 - start[1]) / math.sin(slope)
    knee = (x, y0, max(z0 + 10, start[2] - run * math.cos(slope)))
    curve = [
        tuple(
            (1 - t) ** 2 * a + 2 * (1 - t) * t * k + t * t * b
            for a, k, b in zip(base, knee, start, strict=True)
        )
        for t in (i / 12 for i in range(13))
    ]
    head_r = kit.tube_r * 1.6
    return [
        Tube(tuple(curve), kit.tube_r, kit.metal),  # type: ignore[arg-type]
        Tube((start, end), head_r, kit.metal, end_colour=SPRAY_FACE, lit_left=True, bias=2),
    ]


def top_lever(kit: Kit, x: float, y: float, z: float, forward: bool = False) -> list[Shape]:
    """A single lever on top of the body, swept back and up (or raised forward, on a wall)."""
    length = (3.0 if forward else 3.6) * kit.body_r
    lift, run = (0.8, 0.35) if forward else (0.3, -1.0)
    tip = (x + 0.2 * length * (not forward), y + 18 + lift * length, z + run * length)
    arm = Tube(((x, y + 14, z), tip), 6.5, kit.metal)
    return [
        column(kit, x, z, y, y + 6, kit.body_r * 0.96),
        column(kit, x, z, y + 6, y + 24, kit.body_r * 0.66, bias=1),
        Group((arm, Ball(arm.path[-1], 8.0, kit.metal))),
    ]


def side_lever(kit: Kit, x: float, y: float, z: float) -> list[Shape]:
    """A single lever on the side of a tall body, standing up like a joystick."""
    out = kit.body_r + 12
    arm = Tube(((x - out + 4, y, z), (x - out - 10, y + 3.0 * kit.body_r, z + 6)), 6.0, kit.metal)
    hub = Tube(((x, y, z), (x - out, y, z)), 13.0, kit.metal)
    return [hub, Group((arm, Ball(arm.path[-1], 7.5, kit.metal)), bias=2)]


def handle(kit: Kit, top: Vec3, outward: float, hot: bool) -> list[Shape]:
    """A deck valve's handle seated at `top`: a cross or a lever pointing outward (-1 or +1)."""
    x, y, z = top
    index = HOT if hot else COLD
    if kit.cross:
        reach = 2.3 * kit.valve_r
        hub = Group(
            (column(kit, x, z, y, y + 16, 10.5), Tube(((x, y + 16, z), (x, y + 19, z)), 6.5, index))
        )
        parts: list[Shape] = [hub]
        for angle in (45, 135, 225, 315):
            a = math.radians(angle)
            tip = (x + reach * math.cos(a), y + 9, z + reach * math.sin(a))
            parts.append(
                Group((Tube(((x, y + 9, z), tip), 4.2, kit.metal), Ball(tip, 6.8, kit.metal)))
            )
        return parts
    length = 3.6 * kit.valve_r
    tip = (x + outward * length, y + 14 + 0.18 * length, z + 0.25 * length)
    arm = Tube(((x, y + 13, z), tip), 5.5, kit.metal)
    hub = Group(
        (column(kit, x, z, y, y + 22, 12.5), Tube(((x, y + 22, z), (x, y + 24, z)), 5.0, index))
    )
    return [hub, Group((arm, Ball(tip, 6.5, kit.metal)))]


def wall_handle(
    kit: Kit, front: Vec3, outward: float, hot: bool, hub_r: float = 11.5, depth: float = 16.0
) -> list[Shape]:
    """A wall valve's handle facing the viewer at `front`: a cross or a lever."""
    x, y, z = front
    hub = rod(kit, (x, y, z - depth), (x, y, z), hub_r)
    button = Tube(((x, y, z), (x, y, z + 2)), 6.0, HOT if hot else COLD)
    if not kit.cross:
        tip = (x + outward * 3.4 * kit.valve_r, y + 0.6 * kit.valve_r, z - 6)
        arm = rod(kit, (x, y, z - 8), tip, 5.5)
        return [Group((hub, arm, Ball(tip, 6.5, kit.metal), button))]
    parts: list[Shape] = [Group((hub, button))]
    reach = 2.3 * kit.valve_r
    for angle in (45, 135, 225, 315):
        a = math.radians(angle)
        tip = (x + reach * math.cos(a), y + reach * math.sin(a), z - 8)
        spoke = rod(kit, (x, y, z - 8), tip, 4.2, bias=-3)
        parts.append(Group((spoke, Ball(tip, 6.8, kit.metal))))
    return parts


def plate(kit: Kit, half_x: float, half_other: float, centre: Vec3, wall: bool) -> Slab:
    """A rounded rectangular plate: a deck plate (flat) or a wall plate (upright)."""
    corner = min(half_x, half_other) * 0.8
    outline: list[Vec3] = []
    cx, cy, cz = centre
    for qx, qo, start in ((1, 1, 0), (-1, 1, 90), (-1, -1, 180), (1, -1, 270)):
        ox, oo = qx * (half_x - corner), qo * (half_other - corner)
        for i in range(10):
            a = math.radians(start + 10 * i)
            u, v = ox + corner * math.cos(a), oo + corner * math.sin(a)
            outline.append((cx + u, cy + v, cz) if wall else (cx + u, cy, cz - v))
    return Slab(tuple(outline), (0.0, 0.0, 8.0) if wall else (0.0, 7.0, 0.0), kit.metal)


@dataclass(frozen=True)
class Window:
    """A sensor's dark glass pill, set on a surface that faces the viewer."""

    centre: Vec3
    width: float
    height: float
    bias: float = 0.0

    def depth(self, cam: Camera) -> float:
        """The depth of the centre."""
        return cam.depth(self.centre) + self.bias

    def outline(self, cam: Camera) -> list[list[Point]]:
        """The pill's circle of reach."""
        return [circle(cam.screen(self.centre), self.width / 2 * cam.scale)]

    def draw(self, canvas: Image.Image, cam: Camera) -> None:
        """Paint dark glass with a thin rim and a glint."""
        x, y = cam.screen(self.centre)
        w, h = self.width / 2 * cam.scale, self.height / 2 * cam.scale
        draw = ImageDraw.Draw(canvas)
        draw.rounded_rectangle(
            (x - w - 3, y - h - 3, x + w + 3, y + h + 3), h + 3, fill=(70, 72, 76)
        )
        draw.rounded_rectangle((x - w, y - h, x + w, y + h), h, fill=(18, 20, 24))
        draw.rounded_rectangle(
            (x - w * 0.7, y - h * 0.6, x + w * 0.2, y - h * 0.25), h, fill=(70, 76, 86)
        )
        draw.ellipse((x + w * 0.5, y - 3, x + w * 0.5 + 6, y + 3), fill=(200, 60, 50))
