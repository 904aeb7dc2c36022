"""The insights' trend chart, as geometry for the template's SVG: a bar of searches a day, the
searches that found nothing drawn in front of it."""

from dataclasses import dataclass

from insights.queries import DayCounts

WIDTH, HEIGHT, AXIS, HEADROOM = 720, 200, 28, 20  # the drawing's units; it scales to its box


@dataclass(frozen=True)
class Bar:
    """One day's bars, in the drawing's units."""

    day: DayCounts
    x: float
    width: float
    searches_height: float
    zero_height: float


def trend_bars(days: list[DayCounts]) -> tuple[list[Bar], int]:
    """Each day's bars, and the most searches of a day (the top of the axis)."""
    tallest = max((day.searches for day in days), default=0)
    scale = (HEIGHT - HEADROOM) / (tallest or 1)
    step = (WIDTH - AXIS) / max(len(days), 1)
    bars = [
        Bar(
            day,
            x=round(AXIS + n * step, 1),
            width=round(max(step * 0.8, 1.0), 1),
            searches_height=round(day.searches * scale, 1),
            zero_height=round(day.zero_results * scale, 1),
        )
        for n, day in enumerate(days)
    ]
    return bars, tallest
