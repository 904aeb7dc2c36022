"""SQL text with bound values: names come from declarations, every value is a parameter."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Statement:
    """Bound parameters of the statement being built; SQL text refers to them by name."""

    values: dict[str, Any] = field(default_factory=dict)

    def bind(self, value: Any, cast: str | None = None) -> str:
        """A placeholder for `value` (cast to the SQL type `cast`), to write into the text."""
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"CAST(:{name} AS {cast})" if cast else f":{name}"


def between(sql: Statement, value: str, low: Any, high: Any) -> str:
    """`value` within [low, high] (either may be None); a missing value never is."""
    parts = [f"{value} IS NOT NULL"]
    if low is not None:
        parts.append(f"{value} >= {sql.bind(float(low))}")
    if high is not None:
        parts.append(f"{value} <= {sql.bind(float(high))}")
    return "(" + " AND ".join(parts) + ")"
