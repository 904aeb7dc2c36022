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

    def joined(self, other: "Drift") -> "Drift":
        """The documents either drift names, each once: missing from either index wins over
        stale in the other (extra means the database has no such document, so it is both's)."""
        missing = {*self.missing, *other.missing}
        stale = {*self.stale, *other.stale} - missing
        return Drift(self.type, sorted(missing), sorted(stale), sorted({*self.extra, *other.extra}))


def compared(
    name: str, indexed: Iterable[tuple[int, str]], current: Iterable[tuple[int, str]]
) -> Drift:
    """How an index holding (key, digest) pairs `indexed` differs from the `current` documents'
    (key, digest) pairs of type `name`: a key indexed twice counts as extra."""
    seen: dict[int, str] = {}
    drift = Drift(name)
    for key, value in indexed:
        if key in seen:
            drift.extra.append(key)
        seen[key] = value
    for key, value in current:
        found = seen.pop(key, None)
        if found is None:
            drift.missing.append(key)
        elif found != value:
            drift.stale.append(key)
    drift.extra.extend(seen)
    return drift
