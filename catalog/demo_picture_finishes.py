"""Metal finishes for the demo product pictures: colour ramps derived from a finish's swatch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

RGB = tuple[int, int, int]
# Across a cylinder from its lit edge (0) to its shadow edge (1): how far each point is lightened
# (> 0) or darkened (< 0). Polished metal mirrors a studio, so it gets a hot highlight and a dark
# reflected band; brushed and matte metal only get a soft roll-off.
_POLISHED_STOPS = (
    (0.0, -0.25), (0.06, 0.3), (0.15, 0.92), (0.22, 0.45), (0.33, -0.55), (0.45, -0.3),
    (0.6, 0.05), (0.72, -0.1), (0.84, -0.5), (0.93, 0.12), (1.0, -0.6),
)  # fmt: skip
_SOFT_STOPS = (
    (0.0, -0.12), (0.18, 0.24), (0.35, 0.15), (0.58, -0.04), (0.8, -0.22), (0.92, -0.12),
    (1.0, -0.3),
)  # fmt: skip


def hex_to_rgb(value: str) -> RGB:
    """The RGB triple of a '#rrggbb' colour (grey if it cannot be read)."""
    text = value.strip().lstrip("#")
    try:
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    except ValueError:
        return (160, 164, 168)


def mix(a: RGB, b: RGB, amount: float) -> RGB:
    """The colour `amount` of the way from a to b."""
    return (
        round(a[0] + (b[0] - a[0]) * amount),
        round(a[1] + (b[1] - a[1]) * amount),
        round(a[2] + (b[2] - a[2]) * amount),
    )


def _interpolate(stops: Sequence[tuple[float, float]], t: float) -> float:
    for (t0, v0), (t1, v1) in zip(stops, stops[1:], strict=False):
        if t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return stops[-1][1]


@dataclass(frozen=True)
class Finish:
    """A metal's colour ramps: across a cylinder (lit edge first), a flat face, a ball."""

    ramp: tuple[RGB, ...]
    face: tuple[RGB, ...]
    glow: tuple[RGB, ...]

    def at(self, t: float) -> RGB:
        """The colour a fraction t of the way across a cylinder from its lit edge."""
        return self.ramp[min(len(self.ramp) - 1, max(0, round(t * (len(self.ramp) - 1))))]


def make_finish(hex_colour: str, polished: bool, contrast: float = 1.0) -> Finish:
    """The shading of a metal with this swatch colour."""
    return _shading(hex_to_rgb(hex_colour), polished, contrast)


def flat_finish(colour: RGB) -> Finish:
    """A matte painted finish, for index buttons."""
    return _shading(colour, polished=False, contrast=1.0)


def _shading(base: RGB, polished: bool, contrast: float) -> Finish:
    top = max(base) or 1
    vivid = (base[0] * 255 // top, base[1] * 255 // top, base[2] * 255 // top)
    # Highlights take on a coloured metal's own hue, as brass and bronze do.
    light = mix((255, 255, 255), vivid, (top - min(base)) / top * 0.65)

    def shade(v: float) -> RGB:
        return mix(base, light, v) if v > 0 else mix(base, (8, 8, 10), -v)

    stops = _POLISHED_STOPS if polished else _SOFT_STOPS
    ramp = tuple(shade(contrast * _interpolate(stops, i / 63)) for i in range(64))
    face_top, face_low = (0.6, -0.05) if polished else (0.22, -0.02)
    face = tuple(shade(contrast * (face_top + (face_low - face_top) * i / 15)) for i in range(16))
    peak = 0.95 if polished else 0.3
    glow = tuple(shade(contrast * (-0.45 + (peak + 0.45) * (i / 15) ** 1.6)) for i in range(16))
    return Finish(ramp, face, glow)
