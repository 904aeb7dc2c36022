"""The spreadsheet columns: one row per variant; each is read on import and written on export."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from catalog.models import Brand, Category, Certification, Finish, Product, Variant


class Level(StrEnum):
    PRODUCT = "product"  # given on a product's first row; later rows repeat it or leave it empty
    VARIANT = "variant"  # given on each variant's own row


class WhenEmpty(StrEnum):
    KEEP = "keep"  # an empty cell leaves the stored value as it is (a value the catalogue needs)
    CLEAR = "clear"  # an empty cell empties the stored value


@dataclass(frozen=True)
class Column:
    """A spreadsheet column: the API field it feeds, what an empty cell means, how it exports."""

    name: str
    level: Level
    help: str
    when_empty: WhenEmpty = WhenEmpty.KEEP
    # The API field it feeds (the column's own name unless said otherwise).
    field: str = ""
    # The kind of term it names (by slug or name), for brand, category, finish, certifications.
    term: type | None = None
    # Columns giving one spec in another unit: exported never, read instead of the main column.
    alternative_to: str | None = None
    export: Callable[[Any], Any] | None = None


def _value(name: str) -> Callable[[Any], Any]:
    def read(item: Any) -> Any:
        value = getattr(item, name)
        return getattr(value, "value", value)  # enums as their stored value

    return read


def _slug_of(name: str) -> Callable[[Any], Any]:
    return lambda item: getattr(item, name).slug


def _published(product: Product) -> str | None:
    return product.published_at.isoformat() if product.published_at else None


def _certifications(product: Product) -> str:
    return "; ".join(certification.slug for certification in product.certifications)


def product_column(name: str, help: str, **options: Any) -> Column:
    """A column of product fields (exported from the product's attribute of the same name)."""
    options.setdefault("export", None if "alternative_to" in options else _value(name))
    return Column(name, Level.PRODUCT, help, **options)


def variant_column(name: str, help: str, **options: Any) -> Column:
    """A column of variant fields (exported from the variant's attribute of the same name)."""
    options.setdefault("export", _value(name))
    return Column(name, Level.VARIANT, help, **options)


KEEP, CLEAR = WhenEmpty.KEEP, WhenEmpty.CLEAR
COLUMNS: tuple[Column, ...] = (
    product_column(
        "slug", "The product's address and key: rows with the same slug are one product."
    ),
    product_column("name", "Needed for a new product."),
    product_column("brand", "Brand slug or name.", term=Brand, export=_slug_of("brand")),
    product_column(
        "category", "Category slug or name.", term=Category, export=_slug_of("category")
    ),
    product_column("status", "draft, published or archived (archived hides the product)."),
    product_column("summary", "One line for listings.", when_empty=CLEAR),
    product_column("description", "Markdown.", when_empty=CLEAR),
    product_column("handle_type", "single, twin or touchless."),
    product_column("mounting", "deck or wall."),
    product_column("installation_holes", "1 to 5."),
    product_column("spout_type", "fixed, swivel, pull-down or pull-out."),
    product_column("flow_rate_lpm", "Flow rate in litres per minute.", when_empty=CLEAR),
    product_column(
        "flow_rate_gpm",
        "Or the flow rate in US gallons per minute (import only).",
        when_empty=CLEAR,
        alternative_to="flow_rate_lpm",
    ),
    product_column("spout_height_mm", "Spout height in millimetres.", when_empty=CLEAR),
    product_column(
        "spout_height_in",
        "Or in inches (import only).",
        when_empty=CLEAR,
        alternative_to="spout_height_mm",
        field="spout_height_mm",
    ),
    product_column("spout_reach_mm", "Spout reach in millimetres.", when_empty=CLEAR),
    product_column(
        "spout_reach_in",
        "Or in inches (import only).",
        when_empty=CLEAR,
        alternative_to="spout_reach_mm",
        field="spout_reach_mm",
    ),
    product_column("valve", "The valve, such as a ceramic disc cartridge.", when_empty=CLEAR),
    product_column("body_material", "Such as lead-free brass.", when_empty=CLEAR),
    product_column(
        "certifications",
        "Certification slugs, codes or names, separated by semicolons.",
        when_empty=CLEAR,
        term=Certification,
        export=_certifications,
    ),
    product_column(
        "published_at",
        "When it goes live: an ISO 8601 time with its offset (2026-03-01T09:00:00+00:00).",
        export=_published,
    ),
    product_column("seo_title", "Search engine title, up to 70 characters.", when_empty=CLEAR),
    product_column(
        "seo_description", "Search engine description, up to 160 characters.", when_empty=CLEAR
    ),
    variant_column("sku", "The variant's key; a row without one only sets product columns."),
    variant_column(
        "finish",
        "Finish slug or name; needed for a new SKU.",
        term=Finish,
        export=_slug_of("finish"),
    ),
    variant_column("price", "A decimal with a point (189.00); needed for a new SKU."),
    variant_column("currency", "ISO 4217 code; a new SKU takes the product's when empty."),
    variant_column("compare_at_price", "The former price, shown struck through.", when_empty=CLEAR),
    variant_column("stock", "Units in stock, 0 or more; a new SKU has 0 when empty."),
)
BY_NAME = {column.name: column for column in COLUMNS}
EXPORTED = tuple(column for column in COLUMNS if column.export is not None)
PRODUCT_COLUMNS = tuple(column for column in COLUMNS if column.level is Level.PRODUCT)
VARIANT_COLUMNS = tuple(column for column in COLUMNS if column.level is Level.VARIANT)


def product_cells(product: Product) -> dict[str, Any]:
    """The product's columns as an export writes them (typed: numbers stay numbers)."""
    return {column.name: column.export(product) for column in PRODUCT_COLUMNS if column.export}


def variant_cells(variant: Variant) -> dict[str, Any]:
    """The variant's columns as an export writes them."""
    return {column.name: column.export(variant) for column in VARIANT_COLUMNS if column.export}


def export_rows(product: Product) -> list[list[Any]]:
    """The product as export rows: its columns on the first row, one row per variant."""
    first = product_cells(product)
    variants = [variant_cells(variant) for variant in product.variants] or [{}]
    rows = []
    for index, cells in enumerate(variants):
        product_part = first if index == 0 else {"slug": product.slug}
        rows.append([{**product_part, **cells}.get(column.name) for column in EXPORTED])
    return rows


def normalised_header(cell: str) -> str:
    """A header cell as a column name: case, surrounding spaces and inner spaces forgiven."""
    return "_".join(cell.strip().lower().replace("-", " ").split())
