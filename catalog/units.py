"""Unit conversions for faucet specs: stored in L/min and mm, shown in US units too."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LITRES_PER_US_GALLON = Decimal("3.785411784")
MM_PER_INCH = Decimal("25.4")
HUNDREDTHS = Decimal("0.01")


@dataclass(frozen=True)
class FlowRate:
    """A flow rate in litres per minute and US gallons per minute."""

    l_per_min: Decimal

    @property
    def us_gpm(self) -> Decimal:
        return (self.l_per_min / LITRES_PER_US_GALLON).quantize(HUNDREDTHS, ROUND_HALF_UP)


@dataclass(frozen=True)
class Length:
    """A length in millimetres and inches."""

    mm: int

    @property
    def inches(self) -> Decimal:
        return (Decimal(self.mm) / MM_PER_INCH).quantize(HUNDREDTHS, ROUND_HALF_UP)


def gpm_to_lpm(gpm: Decimal) -> Decimal:
    """Convert US gallons per minute to litres per minute (to the hundredth)."""
    return (gpm * LITRES_PER_US_GALLON).quantize(HUNDREDTHS, ROUND_HALF_UP)


def inches_to_mm(inches: Decimal) -> int:
    """Convert inches to whole millimetres."""
    return int((inches * MM_PER_INCH).quantize(Decimal(1), ROUND_HALF_UP))
