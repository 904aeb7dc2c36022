"""How a demo faucet is put together from its specification: which parts, where, seen from where."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalog import demo_faucet_parts as parts
from catalog.demo_faucet_parts import Window
from catalog.demo_picture_finishes import make_finish
from catalog.demo_picture_shapes import Point, Shape

if TYPE_CHECKING:
    from catalog.demo_pictures import FaucetDrawing

# Mirror finishes and the contrast of their reflections (stainless is polished, but less so);
# any other finish is shaded as brushed or matte.
POLISHED = {"chrome": 1.0, "polished-brass": 1.0, "stainless-steel": 0.75, "polished-nickel": 0.9}
# Finishes that suit cross handles better than levers.
TRADITIONAL = {"polished-brass", "oil-rubbed-bronze", "antique-brass"}


@dataclass(frozen=True)
class Layout:
    """The parts of one faucet, the camera's turn and where it stands on the counter."""

    shapes: list[Shape]
    turn: float
    footprints: list[tuple[float, float, float]]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def layout_for(d: FaucetDrawing) -> Layout:
    """The parts of the faucet a drawing describes, its sizes clamped to a sane range."""
    kitchen = d.room == "kitchen"
    polished = POLISHED.get(d.finish_slug)
    metal = make_finish(d.finish_hex, polished is not None, polished or 1.0)
    holes = int(_clamp(d.installation_holes, 1, 5))
    kit = parts.Kit(
        metal,
        body_r=27.0 if kitchen else 22.0,
        tube_r=13.5 if kitchen else 10.5,
        valve_r=17.0 if kitchen else 15.0,
        cross=d.finish_slug in TRADITIONAL or (d.handle_type == "twin" and holes == 2),
    )
    spout_type = d.spout_type if d.spout_type in ("swivel", "pull-down", "pull-out") else "fixed"
    defaults = {"pull-down": 400, "pull-out": 220, "swivel": 240} if kitchen else {"pull-out": 140}
    asked = float(d.spout_height_mm or defaults.get(spout_type, 150 if kitchen else 110))
    height = _clamp(asked, 100, 480) if kitchen else _clamp(asked, 50, 320)
    reach = _clamp(d.spout_reach_mm or (220 if kitchen else 125), 80, 400)
    if d.mounting == "wall":
        return _wall(kit, d.handle_type, spout_type, holes, height, reach, kitchen)
    if d.handle_type == "twin":
        return _deck_twin(kit, spout_type, holes, height, reach, kitchen)
    return _deck_single(kit, d.handle_type == "touchless", spout_type, holes, height, reach)


def _body_spout(
    kit: parts.Kit, kind: str, foot: float, height: float, reach: float, low: bool = False
) -> tuple[list[Shape], float]:
    """A round body standing at `foot` with its spout, and the height of the body's top.

    A low body belongs to a two-handle faucet, whose spout is always an arch."""
    rt = kit.tube_r
    if low or kind in ("swivel", "pull-down"):
        share = 0.2 if low else 0.3 if kind == "pull-down" else 0.42
        top = _clamp(share * height, foot + 35, 170)
        kind = "swivel" if kind == "fixed" else kind
        if kind != "pull-out":
            body = parts.column(kit, 0, 0, foot, top, kit.body_r)
            return [body, *parts.spout(kit, kind, (0, top, 0), height, reach)], top
    root = parts.pull_out_root(height, reach) if kind == "pull-out" else height + 3.2 * rt + 10
    top = root + rt + 10
    body = parts.column(kit, 0, 0, foot, top, kit.body_r)
    return [body, *parts.spout(kit, kind, (0, root, 0), height, reach)], top


def _deck_single(
    kit: parts.Kit, touchless: bool, kind: str, holes: int, height: float, reach: float
) -> Layout:
    shapes: list[Shape] = []
    foot = 0.0
    if holes > 1:
        half = 45 + 42 * (holes - 1)
        shapes.append(parts.plate(kit, half, 34, (0, 0, 0), wall=False))
        foot = 7.0
    shapes.append(parts.column(kit, 0, 0, foot, foot + 7, kit.body_r + 7))
    body, top = _body_spout(kit, kind, foot + 7, height, reach)
    shapes += body
    turn = 58.0
    if touchless:
        front = _front(kit.body_r, turn)
        shapes.append(Window((front[0], top - 28, front[1]), kit.body_r * 0.9, 10, bias=40))
    elif kind in ("swivel", "pull-down"):
        shapes += parts.side_lever(kit, 0, top - 32, 0)
    else:
        shapes += parts.top_lever(kit, 0, top, 0)
    prints = [(float(x), 0.0, 34.0) for x in range(-42 * (holes - 1), 42 * (holes - 1) + 1, 21)]
    return Layout(shapes, turn, prints if holes > 1 else [(0.0, 0.0, kit.body_r + 7)])


def _front(radius: float, turn: float) -> Point:
    """The (x, z) of the point on a body's surface that faces the viewer."""
    return -radius * math.sin(math.radians(turn)), radius * math.cos(math.radians(turn))


def _deck_twin(
    kit: parts.Kit, kind: str, holes: int, height: float, reach: float, kitchen: bool
) -> Layout:
    shapes: list[Shape] = []
    spread = 110.0 if kitchen else 92.0
    footprints: list[tuple[float, float, float]] = []
    if holes == 1:
        body, top = _body_spout(kit, kind, 7, height, reach)
        shapes += [parts.column(kit, 0, 0, 0, 7, kit.body_r + 7), *body]
        arm_y = min(62.0, top * 0.5)
        for side in (-1, 1):
            x = side * (kit.body_r + 40)
            shapes.append(parts.rod(kit, (0, arm_y, 0), (x, arm_y, 0), 10.0))
            shapes.append(parts.column(kit, x, 0, arm_y - 16, arm_y + 14, kit.valve_r - 1))
            shapes += parts.handle(kit, (x, arm_y + 14, 0), side, hot=side < 0)
        footprints.append((0, 0, kit.body_r + 7))
    else:
        valve_top = 92.0 if kitchen else 68.0
        for side in (-1, 1):
            x = side * spread
            shapes += [
                parts.column(kit, x, 0, 0, 7, kit.valve_r + 7),
                parts.column(kit, x, 0, 7, valve_top, kit.valve_r),
            ]
            shapes += parts.handle(kit, (x, valve_top, 0), side, hot=side < 0)
            footprints.append((x, 0, kit.valve_r + 7))
        if holes == 2:
            bridge_y = valve_top * 0.5
            shapes += [
                parts.rod(kit, (side * spread, bridge_y, 0), (0, bridge_y, 0), 12.0)
                for side in (-1, 1)
            ]
            body, _ = _body_spout(kit, kind, bridge_y, height, reach, low=True)
        else:
            body, _ = _body_spout(kit, kind, 7, height, reach, low=True)
            shapes.append(parts.column(kit, 0, 0, 0, 7, kit.body_r + 7))
            footprints.append((0, 0, kit.body_r + 7))
        shapes += body
        if holes >= 4 and kitchen:
            x = spread + 80
            shapes += [parts.column(kit, x, 0, 0, 30, 14), parts.column(kit, x, 0, 30, 100, 16)]
            footprints.append((x, 0, 16))
    return Layout(shapes, 32.0, footprints)


def _wall(
    kit: parts.Kit, handle: str, kind: str, holes: int, height: float, reach: float, kitchen: bool
) -> Layout:
    shapes: list[Shape] = []
    rt = kit.tube_r
    bend = 2.2 * rt
    if handle == "twin" and holes >= 3:
        for side in (-1, 1):
            x = side * 95.0
            shapes += [
                parts.rod(kit, (x, 40, 0), (x, 40, 7), 25.0),
                parts.rod(kit, (x, 40, 4), (x, 40, 34), 11.0),
            ]
            shapes += parts.wall_handle(kit, (x, 40, 50), side, hot=side < 0)
        shapes += [parts.rod(kit, (0, 0, 0), (0, 0, 7), 25.0)]
        shapes += parts.spout(kit, "fixed", (0, 0, 3), -bend - 14, reach)
    elif handle == "twin":
        spread, bar_z = 100.0, 44.0
        for x in (-spread, spread) if holes == 2 else (0.0,):
            shapes += [
                parts.rod(kit, (x, 0, 0), (x, 0, 7), 26.0),
                parts.rod(kit, (x, 0, 3), (x, 0, bar_z), 11.0),
            ]
        # The bar runs on past the valves, so the far valve reads as standing on it.
        shapes.append(parts.rod(kit, (-spread - 18, 0, bar_z), (spread + 18, 0, bar_z), 16.0))
        for side in (-1, 1):
            shapes.append(parts.column(kit, side * spread, bar_z, 6, 38, kit.valve_r))
            shapes += parts.handle(kit, (side * spread, 38, bar_z), side, hot=side < 0)
        if kitchen and kind in ("swivel", "pull-down") and reach < 320:
            shapes += parts.spout(kit, kind, (0, 10, bar_z), -60, reach)
        else:
            shapes += parts.spout(kit, "fixed", (0, 0, bar_z), -bend - 14, reach)
    elif holes >= 2 and handle != "touchless":
        shapes.append(parts.plate(kit, 40, 100, (0, 44, 0), wall=True))
        shapes += parts.wall_handle(kit, (0, 100, 34), -1, hot=True, hub_r=21.0, depth=30.0)
        shapes += parts.spout(kit, "fixed", (0, 0, 4), -bend - 14, reach)
    else:
        shapes.append(parts.plate(kit, 38, 64, (0, 14, 0), wall=True))
        shapes.append(parts.rod(kit, (0, 0, 4), (0, 0, 56), kit.body_r))
        shapes += parts.spout(kit, "fixed", (0, 0, 40), -bend - 14, reach)
        if handle == "touchless":
            shapes.append(Window((0, -36, 8.5), 22, 9, bias=60))
        else:
            shapes += parts.top_lever(kit, 0, kit.body_r - 6, 30, forward=True)[1:]
    return Layout(shapes, 48.0, [])
