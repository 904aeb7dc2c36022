"""What rebuilding and verifying an index deal in, whichever backend keeps it: the progress of
a rebuild, and the differences `flask search verify` reports and `--repair` fixes."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from search.registry import DocumentType

# Wraps what a rebuild of a type goes through (documents or ids), given their count: a progress bar.
Progress = Callable[[DocumentType, Iterator, int], Iterable]


@dataclass
class Drift:
    """Documents of one type the index is missing, holds in an older state, or should not hold."""

    type: str
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)

    @property
    def keys(self) -> list[int]:
        """Every document that differs, once, in order."""
        return sorted({*self.missing, *self.stale, *self.extra})
