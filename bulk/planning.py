"""One product's rows against the catalogue: what would change, or what is wrong, cell by cell.

A row's cells become the body the API would take for the product (the stored values filling
what the file leaves out) and are loaded by the API's own schema; the result is compared with
the stored product loaded the same way, so only real changes are written.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import marshmallow as ma

from bulk.columns import (
    BY_NAME,
    PRODUCT_COLUMNS,
    VARIANT_COLUMNS,
    Column,
    WhenEmpty,
    product_cells,
    variant_cells,
)
from bulk.formats import CellRefused, plain_text
from bulk.grouping import CellError, ProductRows, has_variant_cells
from bulk.models import ItemAction
from bulk.terms import TermIndex, UnknownTerm
from catalog import services
from catalog.models import Product, ProductStatus
from catalog.schemas import ProductInputSchema
from catalog.units import gpm_to_lpm, inches_to_mm
from core.problems import Problem

INPUT = ProductInputSchema()
NUMBERS = frozenset(
    {"installation_holes", "flow_rate_lpm", "flow_rate_gpm", "spout_height_mm", "spout_height_in"}
    | {"spout_reach_mm", "spout_reach_in", "price", "compare_at_price", "stock"}
)
LOWERCASE = frozenset({"status", "handle_type", "mounting", "spout_type"})
NEVER_NULL = frozenset({"summary", "description"})  # emptied to "" rather than to nothing
# Where an error about a variant's field shows: the column that gave it.
VARIANT_FIELD_COLUMNS = {
    "price.amount": "price",
    "price.currency": "currency",
    "price": "price",
    "compare_at_price.amount": "compare_at_price",
    "compare_at_price.currency": "currency",
}
MISSING = "Missing data for required field."


@dataclass
class Plan:
    """What importing one product would do, with the data the catalogue's service is given."""

    action: ItemAction
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


@dataclass
class Context:
    """What every product of one import is checked against."""

    columns: frozenset[str]  # the file's columns
    terms: TermIndex
    sku_owners: dict[str, str]  # SKU -> slug of the product holding it now
    cell_chars: int | None = None  # the most a cell of this file's format holds
    renamed: dict[str, str] = field(default_factory=dict)  # old slug -> the product's slug now


def plan_product(group: ProductRows, product: Product | None, context: Context) -> Plan:
    """Check one product's rows and say whether importing them creates, updates or changes it."""
    return _Planner(group, context, product).plan()


def _text_of(value: Any) -> str:
    """A stored value as the text a cell would hold."""
    return "" if value is None else str(value)


class _Planner:
    def __init__(self, group: ProductRows, context: Context, product: Product | None) -> None:
        self.group, self.context, self.product = group, context, product
        self.errors: list[CellError] = list(group.errors)
        self.lines: dict[str, int] = {}  # product column -> the line that gave its value
        self.sources: dict[str, str] = {}  # API field -> the column that gave it
        self.variant_lines: list[int | None] = []

    def plan(self) -> Plan:
        current = (
            {c: _text_of(v) for c, v in product_cells(self.product).items()} if self.product else {}
        )
        stored_variants = self._stored_variants()
        cells = self._effective(current)
        variants = self._variants([(None, dict(cells)) for _, cells in stored_variants])
        data = self._load(self._body(cells, variants, current))
        if data is not None:
            self._check_as_the_service_does(data)
        if data is None or self.errors:
            return Plan(ItemAction.INVALID, errors=sorted(set(self.errors), key=_place))
        if self.product is None:
            return Plan(ItemAction.CREATE, data, sorted(set(data) - {"slug"}))
        before = _quiet_load(self._body(current, stored_variants, current)) or {}
        changes = [name for name in data if name != "slug" and data[name] != before.get(name)]
        action = ItemAction.UPDATE if changes else ItemAction.UNCHANGED
        return Plan(action, {name: data[name] for name in changes}, changes)

    # ---- cells -------------------------------------------------------------------------

    def _error(self, line: int, column: str, message: str) -> None:
        self.errors.append(CellError(line, column, message))

    def _cell(self, line: int, column: str, cells: dict[str, str]) -> str:
        try:
            return plain_text(cells.get(column, ""))
        except CellRefused as refused:
            self._error(line, column, str(refused))
            return ""

    def _given(self, column: Column) -> tuple[str, int]:
        """The product's value in `column` (its rows must agree) and the line giving it."""
        found: tuple[str, int] | None = None
        for line, cells in self.group.rows:
            text = self._cell(line, column.name, cells)
            if not text:
                continue
            if found is None:
                found = (text, line)
            elif text != found[0]:
                self._error(
                    line,
                    column.name,
                    f"Differs from line {found[1]} for the same product: repeat the value "
                    "or leave the cell empty.",
                )
        return found or ("", self.group.first_line)

    def _effective(self, current: dict[str, str]) -> dict[str, str]:
        """The product's columns after the import: the file's values over the stored ones."""
        cells = dict(current)
        cells["slug"] = self.group.slug
        for main in (c for c in PRODUCT_COLUMNS if not c.alternative_to and c.name != "slug"):
            group = [main, *(c for c in PRODUCT_COLUMNS if c.alternative_to == main.name)]
            present = [c for c in group if c.name in self.context.columns]
            if not present:
                continue
            given = [(c, *self._given(c)) for c in present]
            filled = [(c, text, line) for c, text, line in given if text]
            for c, _, line in filled[1:]:
                self._error(line, c.name, f"Give {main.name} in one unit only.")
            if filled or main.when_empty is WhenEmpty.CLEAR:
                column, text, line = filled[0] if filled else (present[0], "", given[0][2])
                cells.update({c.name: "" for c in group})
                cells[column.name] = self._as_stored(text, current.get(column.name, ""))
                self.lines[column.name] = line
        return cells

    def _as_stored(self, text: str, stored: str) -> str:
        """The stored text for a cell that is what an export of it reads back as: the text
        without its surrounding spaces (cells are read stripped), or cut at the format's cell
        limit (an XLSX cell holds 32,767 characters); so an export imported again changes
        nothing."""
        if text == stored.strip():
            return stored
        limit = self.context.cell_chars
        if limit and len(text) == limit and stored.lstrip().startswith(text):
            return stored
        return text

    def _stored_variants(self) -> list[tuple[int | None, dict[str, str]]]:
        variants = self.product.variants if self.product else []
        return [(None, {c: _text_of(v) for c, v in variant_cells(x).items()}) for x in variants]

    def _variants(
        self, variants: list[tuple[int | None, dict[str, str]]]
    ) -> list[tuple[int | None, dict[str, str]]]:
        """The product's variants after the import: stored ones updated by SKU, new ones after."""
        by_sku = {cells["sku"]: index for index, (_, cells) in enumerate(variants)}
        for line, row in self.group.rows:
            if not has_variant_cells(row):
                continue
            given = {
                c.name: self._cell(line, c.name, row)
                for c in VARIANT_COLUMNS
                if c.name in self.context.columns
            }
            sku = given.get("sku", "")
            if not sku:
                self._error(line, "sku", "A row with variant columns needs the variant's SKU.")
                continue
            if sku in by_sku:
                cells = variants[by_sku[sku]][1]
                kept = {
                    n: t for n, t in given.items() if t or BY_NAME[n].when_empty is WhenEmpty.CLEAR
                }
                variants[by_sku[sku]] = (line, {**cells, **kept})
            else:
                by_sku[sku] = len(variants)
                variants.append((line, {n: t for n, t in given.items() if t}))
        currency = next((cells["currency"] for _, cells in variants if cells.get("currency")), "")
        for _, cells in variants:
            if not cells.get("currency"):
                cells["currency"] = currency
        return variants

    # ---- the API body ------------------------------------------------------------------

    def _body(
        self,
        cells: dict[str, str],
        variants: list[tuple[int | None, dict[str, str]]],
        stored: dict[str, str],
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"slug": cells["slug"]}
        for column in PRODUCT_COLUMNS:
            text = cells.get(column.name)
            if column.name == "slug" or text is None or (column.alternative_to and not text):
                continue
            line = self.lines.get(column.name, self.group.first_line)
            same = text == stored.get(column.name)
            value = self._raw(column, text, line, resolve=not same)
            if value is not _UNREADABLE:
                field_name = column.field or column.name
                body[field_name] = value
                self.sources[field_name] = column.name
        self.variant_lines = [line for line, _ in variants]
        body["variants"] = [self._variant(line, cells) for line, cells in variants]
        return body

    def _variant(self, line: int | None, cells: dict[str, str]) -> dict[str, Any]:
        at = line or self.group.first_line
        resolve = line is not None
        raw: dict[str, Any] = {"sku": cells.get("sku", "")}
        if cells.get("finish"):
            raw["finish"] = self._raw(BY_NAME["finish"], cells["finish"], at, resolve)
        currency = cells.get("currency", "").upper()
        for name in ("price", "compare_at_price"):
            if cells.get(name):
                raw[name] = {"amount": self._raw(BY_NAME[name], cells[name], at, resolve)}
                if currency:
                    raw[name]["currency"] = currency
        if "compare_at_price" not in raw:
            raw["compare_at_price"] = None
        if cells.get("stock"):
            raw["stock"] = self._raw(BY_NAME["stock"], cells["stock"], at, resolve)
        return raw

    def _raw(self, column: Column, text: str, line: int, resolve: bool) -> Any:
        """A cell's text as the API body carries it (terms as slugs, inches as millimetres)."""
        if not text:
            if column.name == "certifications":
                return []
            return "" if column.name in NEVER_NULL else None
        if column.term is not None:
            names = (
                [p.strip() for p in text.split(";") if p.strip()]
                if column.name == "certifications"
                else [text]
            )
            slugs = []
            for name in names:
                try:
                    slugs.append(
                        self.context.terms.slug_for(column.term, name) if resolve else name
                    )
                except UnknownTerm as unknown:
                    self._error(line, column.name, str(unknown))
                    return _UNREADABLE
            return slugs if column.name == "certifications" else slugs[0]
        if column.name in NUMBERS:
            return self._number(column, text, line)
        return text.lower() if column.name in LOWERCASE else text

    def _number(self, column: Column, text: str, line: int) -> Any:
        if "," in text:
            self._error(
                line,
                column.name,
                f"Write {text} with a point for decimals and no thousands separators "
                "(12.50, 1250.00).",
            )
            return _UNREADABLE
        if not column.name.endswith("_in"):
            return text
        try:
            return inches_to_mm(Decimal(text))
        except (InvalidOperation, ValueError):
            self._error(line, column.name, "Not a number.")
            return _UNREADABLE

    # ---- checks ------------------------------------------------------------------------

    def _load(self, body: dict[str, Any]) -> dict[str, Any] | None:
        try:
            return _converted(INPUT.load(body))
        except ma.ValidationError as invalid:
            for path, messages in _flattened(invalid.messages):
                for message in messages:
                    self._report(path, message)
            return None

    def _check_as_the_service_does(self, data: dict[str, Any]) -> None:
        """The rules the catalogue's service applies beyond the schema, checked without writing."""
        variants = data.get("variants", [])
        try:
            services.check_one_currency(variants)
        except Problem as refused:
            first = variants[0]["price"]["currency"]
            odd = next(i for i, v in enumerate(variants) if v["price"]["currency"] != first)
            self._report(f"variants.{odd}.price.currency", (refused.errors or {})["variants"][0])
        try:
            services.check_publishable(data.get("status", ProductStatus.DRAFT), len(variants))
        except Problem as refused:
            for path, messages in (refused.errors or {}).items():
                for message in messages:
                    self._report(path, message)
        if self.product is None and self.group.slug in self.context.renamed:
            now = self.context.renamed[self.group.slug]
            self._report("slug", f"The product was renamed to {now}: use its new slug.")
        for index, variant in enumerate(variants):
            owner = self.context.sku_owners.get(variant["sku"])
            if owner is not None and owner != self.group.slug:
                self._report(f"variants.{index}.sku", f"Already the SKU of the product {owner}.")

    def _report(self, path: str, message: str) -> None:
        """Put an error about an API field on the line and column it came from."""
        place = self._place_of(path)
        if any((e.line, e.column) == place[:2] for e in self.errors):
            return  # the cell already has its error (an unknown brand is not also missing)
        line, column, prefix = place
        if message == MISSING:
            message = (
                "Needed for a new SKU."
                if path.startswith("variants.")
                else ("Needed for a new product.")
            )
        self._error(line, column, prefix + message)

    def _place_of(self, path: str) -> tuple[int, str, str]:
        """(line, column, message prefix) of an API field path."""
        first = self.group.first_line
        name, _, rest = path.partition(".")
        if name != "variants":
            column = self.sources.get(name, name if name in BY_NAME else "")
            return self.lines.get(column, first), column, ""
        index, _, inner = rest.partition(".")
        if not index.isdigit():
            return first, "sku", ""
        line = self.variant_lines[int(index)]
        column = VARIANT_FIELD_COLUMNS.get(inner, inner.partition(".")[0] or "sku")
        return line or first, column, "" if line else "A stored variant not in the file: "


_UNREADABLE = object()


def _place(error: CellError) -> tuple[int, str, str]:
    return (error.line, error.column, error.message)


def _converted(data: dict[str, Any]) -> dict[str, Any]:
    """The loaded body as the service stores it: a flow rate in gpm turned into L/min, and
    certifications as a set (their order is the catalogue's, by code)."""
    gpm = data.pop("flow_rate_gpm", None)
    if gpm is not None:
        data["flow_rate_lpm"] = gpm_to_lpm(gpm)
    if "certifications" in data:
        data["certifications"] = sorted(set(data["certifications"]))
    return data


def _quiet_load(body: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return _converted(INPUT.load(body))
    except ma.ValidationError:
        return None


def _flattened(messages: Any, prefix: str = "") -> list[tuple[str, list[str]]]:
    """marshmallow's nested messages as (dotted path, messages)."""
    if isinstance(messages, list):
        return [(prefix.rstrip(".") or "_schema", [str(m) for m in messages])]
    found = []
    for key, inner in messages.items():
        found.extend(_flattened(inner, f"{prefix}{key}."))
    return found
