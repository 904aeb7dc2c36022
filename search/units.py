"""Measurements in queries: "8 inch", "203 mm", "1.5 gpm" become a value in a canonical unit.

Number fields declare a dimension (`Number(..., dimension="length")`, stored in its canonical
unit); a measurement then matches the documents whose value lies within `TOLERANCE` of it, so
"1.5 gpm" finds 5.7 L/min and "8 inch" finds a 203 mm spout.
"""

import re
from dataclasses import dataclass

TOLERANCE = 0.03  # relative: catalogues round converted figures
# unit as typed -> (dimension, factor to the canonical unit: mm for length, L/min for flow)
UNITS: dict[str, tuple[str, float]] = {
    "mm": ("length", 1.0),
    "millimeter": ("length", 1.0),
    "millimetre": ("length", 1.0),
    "cm": ("length", 10.0),
    "centimeter": ("length", 10.0),
    "centimetre": ("length", 10.0),
    "in": ("length", 25.4),
    "inch": ("length", 25.4),
    "inches": ("length", 25.4),
    '"': ("length", 25.4),
    "gpm": ("flow", 3.785411784),
    "l/min": ("flow", 1.0),
    "lpm": ("flow", 1.0),
    "l/m": ("flow", 1.0),
    "litres/min": ("flow", 1.0),
    "liters/min": ("flow", 1.0),
}
_UNIT = "|".join(sorted((re.escape(unit) for unit in UNITS), key=len, reverse=True))
_MEASURE = re.compile(
    rf"(?<![\w.])(\d{{1,6}}(?:[.,]\d{{1,4}})?)\s*({_UNIT})s?(?![\w/])", re.IGNORECASE
)


@dataclass(frozen=True)
class Measure:
    """A measurement typed in a query, in its dimension's canonical unit."""

    dimension: str
    value: float
    typed: str

    def bounds(self) -> tuple[float, float]:
        """The values that count as this measurement."""
        return self.value * (1 - TOLERANCE), self.value * (1 + TOLERANCE)


def find_measures(text: str) -> tuple[tuple[Measure, ...], str]:
    """The measurements in `text`, and `text` without them."""
    found = []
    for match in _MEASURE.finditer(text):
        number, unit = match.group(1).replace(",", "."), match.group(2).lower()
        dimension, factor = UNITS[unit]
        found.append(Measure(dimension, float(number) * factor, match.group(0)))
    return tuple(found), _MEASURE.sub(" ", text)
