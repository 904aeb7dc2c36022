"""From a sheet's rows to products: the header checked, rows grouped by slug, SKUs seen once."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bulk.columns import BY_NAME, COLUMNS, VARIANT_COLUMNS, normalised_header


@dataclass(frozen=True)
class CellError:
    """A problem with one cell (or a whole row when `column` is empty, the file when line is 0)."""

    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """The error as the report shows it."""
        return {"line": self.line, "column": self.column or None, "message": self.message}


class HeaderRefused(ValueError):
    """The first row does not name usable columns; `errors` says what is wrong."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors


@dataclass
class ProductRows:
    """The rows of one product, in file order, as {column: cell text} (empty cells left out)."""

    slug: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)  # found across products (shared SKUs)

    @property
    def first_line(self) -> int:
        """The line of the product's first row."""
        return self.rows[0][0]


@dataclass
class GroupedRows:
    """The products a sheet holds, plus the rows that belong to none."""

    columns: list[str]
    products: list[ProductRows]
    stray_errors: list[CellError]
    rows_total: int


def header_columns(header: list[str]) -> list[str]:
    """The column names the header row gives, or HeaderRefused (unknown, repeated, no slug)."""
    names = [normalised_header(cell) for cell in header]
    while names and not names[-1]:
        names.pop()  # spreadsheets often carry empty columns at the right
    errors = []
    unknown = [cell for cell, name in zip(header, names, strict=False) if name not in BY_NAME]
    if unknown:
        listed = ", ".join(f"'{cell}'" if cell else "(an empty header)" for cell in unknown)
        known = ", ".join(column.name for column in COLUMNS)
        errors.append(CellError(1, "", f"Unknown columns: {listed}. The columns are: {known}."))
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        errors.append(CellError(1, "", f"Columns given twice: {', '.join(repeated)}."))
    if "slug" not in names:
        errors.append(
            CellError(1, "", "A 'slug' column is needed: it says which product a row is.")
        )
    if errors:
        raise HeaderRefused(errors)
    return names


def group_rows(columns: list[str], rows: Iterable[tuple[int, list[str]]]) -> GroupedRows:
    """Group `rows` by slug (in order of first appearance) and find SKUs given more than once."""
    products: dict[str, ProductRows] = {}
    stray: list[CellError] = []
    sku_seen: dict[str, tuple[int, str]] = {}
    total = 0
    for line, cells in rows:
        total += 1
        if any(cell for cell in cells[len(columns) :]):
            stray.append(CellError(line, "", "This row has cells to the right of the last column."))
        named = {name: cell for name, cell in zip(columns, cells, strict=False) if cell}
        slug = named.get("slug", "")
        if not slug:
            stray.append(CellError(line, "slug", "Every row needs its product's slug."))
            continue
        group = products.setdefault(slug, ProductRows(slug))
        group.rows.append((line, named))
        sku = named.get("sku", "")
        if sku in sku_seen:
            first_line, first_slug = sku_seen[sku]
            message = f"The SKU {sku} is also on line {first_line}; each SKU appears once."
            group.errors.append(CellError(line, "sku", message))
            if first_slug != slug:
                again = f"The SKU {sku} is also on line {line} ({slug}); each SKU appears once."
                products[first_slug].errors.append(CellError(first_line, "sku", again))
        elif sku:
            sku_seen[sku] = (line, slug)
    return GroupedRows(columns, list(products.values()), stray, total)


def has_variant_cells(cells: dict[str, str]) -> bool:
    """Whether a row says anything about a variant."""
    return any(cells.get(column.name) for column in VARIANT_COLUMNS)
