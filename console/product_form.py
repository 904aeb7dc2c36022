"""The product editor's form: read from a product or a request, turned into the API's body.

A form's values are plain text (JSON-safe, so the values it was loaded with can ride along in a
hidden field for conflict merges). The body they become is what the API's schemas load, so a
field's message is the API's; errors come back under the form's own field names.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from werkzeug.datastructures import MultiDict

from catalog.models import Product
from catalog.schemas import MAX_VARIANTS
from catalog.units import MM_PER_INCH
from console.forms import scheduled_input

# Sent to the API as typed; as typed or null when empty; then those the form converts.
AS_TYPED = (
    "name",
    "brand",
    "category",
    "summary",
    "description",
    "handle_type",
    "mounting",
    "spout_type",
)
NULLABLE = ("valve", "body_material", "seo_title", "seo_description")
TEXT_FIELDS = (
    *AS_TYPED,
    *NULLABLE,
    "slug",
    "installation_holes",
    "flow_rate",
    "flow_unit",
    "spout_height",
    "spout_reach",
    "length_unit",
    "currency",
    "publish_at",
)
VARIANT_COLUMNS = ("finish", "sku", "price", "compare_at", "stock")
# A few rows beyond the API's limit are read so that too many rows get the API's own message.
MAX_ROWS = MAX_VARIANTS + 10
ROW_KEY = re.compile(r"variants-(\d{1,4})-(\w+)")
RENAMED_ERRORS = {
    "flow_rate_lpm": "flow_rate",
    "flow_rate_gpm": "flow_rate",
    "spout_height_mm": "spout_height",
    "spout_reach_mm": "spout_reach",
    "published_at": "publish_at",
}
VARIANT_ERRORS = {
    "sku": "sku",
    "finish": "finish",
    "price.amount": "price",
    "price": "price",
    "compare_at_price.amount": "compare_at",
    "compare_at_price": "compare_at",
    "stock": "stock",
}


def blank_values() -> dict[str, Any]:
    """The form of a new product."""
    values: dict[str, Any] = dict.fromkeys(TEXT_FIELDS, "")
    values.update(
        flow_unit="lpm",
        length_unit="mm",
        currency="USD",
        installation_holes="1",
        certifications=[],
        variants=[],
    )
    return values


def values_of(product: Product) -> dict[str, Any]:
    """The form as it shows `product` now (specs in L/min and mm, as stored)."""
    return {
        **blank_values(),
        "name": product.name,
        "slug": product.slug,
        "brand": product.brand.slug,
        "category": product.category.slug,
        "summary": product.summary,
        "description": product.description,
        "handle_type": product.handle_type.value,
        "mounting": product.mounting.value,
        "installation_holes": str(product.installation_holes),
        "spout_type": product.spout_type.value,
        "flow_rate": _text(product.flow_rate_lpm),
        "spout_height": _text(product.spout_height_mm),
        "spout_reach": _text(product.spout_reach_mm),
        "valve": product.valve or "",
        "body_material": product.body_material or "",
        "currency": product.currency or "USD",
        "seo_title": product.seo_title or "",
        "seo_description": product.seo_description or "",
        "publish_at": scheduled_input(product.published_at),
        "certifications": sorted(c.slug for c in product.certifications),
        "variants": [
            {
                "finish": variant.finish.slug,
                "sku": variant.sku,
                "price": _text(variant.price),
                "compare_at": _text(variant.compare_at_price),
                "stock": str(variant.stock),
            }
            for variant in product.variants
        ],
    }


def values_from(form: MultiDict) -> dict[str, Any]:
    """The form as the user sent it: every field's text, the certifications and variant rows."""
    values: dict[str, Any] = {name: form.get(name, "").strip() for name in TEXT_FIELDS}
    values["certifications"] = sorted({slug for slug in form.getlist("certifications") if slug})
    rows: dict[int, dict[str, str]] = {}
    for key in form:
        match = ROW_KEY.fullmatch(key)
        if match and match[2] in (*VARIANT_COLUMNS, "remove"):
            rows.setdefault(int(match[1]), {})[match[2]] = form.get(key, "").strip()
    values["variants"] = [
        {column: row.get(column, "") for column in VARIANT_COLUMNS}
        for _, row in sorted(rows.items())[:MAX_ROWS]
        if not row.get("remove") and any(row.get(column) for column in VARIANT_COLUMNS[1:])
    ]
    return values


def body_of(values: dict[str, Any], *, status: str | None = None) -> dict[str, Any]:
    """The API request body the form's values stand for (`status`: the button pressed)."""
    body: dict[str, Any] = {name: values[name] for name in AS_TYPED}
    body.update({name: values[name] or None for name in NULLABLE})
    if values["slug"]:
        body["slug"] = values["slug"]
    if values["installation_holes"]:
        body["installation_holes"] = values["installation_holes"]
    flow_field = "flow_rate_gpm" if values["flow_unit"] == "gpm" else "flow_rate_lpm"
    body[flow_field] = values["flow_rate"] or None
    for name in ("spout_height", "spout_reach"):
        body[f"{name}_mm"] = _millimetres(values[name], values["length_unit"])
    body["certifications"] = values["certifications"]
    body["variants"] = [_variant_body(row, values["currency"]) for row in values["variants"]]
    if status is not None:
        body["status"] = status
    return body


def _variant_body(row: dict[str, str], currency: str) -> dict[str, Any]:
    variant: dict[str, Any] = {
        "finish": row["finish"],
        "sku": row["sku"],
        "price": {"amount": row["price"], "currency": currency},
        "stock": row["stock"] or 0,
    }
    if row["compare_at"]:
        variant["compare_at_price"] = {"amount": row["compare_at"], "currency": currency}
    return variant


def _millimetres(text: str, unit: str) -> Any:
    """Millimetres from the form's value in mm or inches; text that is no number goes to the
    schema as it is, so its message is the API's."""
    if not text:
        return None
    if unit != "in":
        return text
    try:
        inches = Decimal(text)
    except InvalidOperation:
        return text
    if not inches.is_finite():
        return text
    return int((inches * MM_PER_INCH).quantize(Decimal(1), ROUND_HALF_UP))


def form_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Errors by the API's field paths, renamed to the form's fields (variants by row)."""
    shown: dict[str, list[str]] = {}
    for path, messages in errors.items():
        shown.setdefault(_form_field(path), []).extend(messages)
    return shown


def _form_field(path: str) -> str:
    if path in RENAMED_ERRORS:
        return RENAMED_ERRORS[path]
    head, _, rest = path.partition(".")
    if head == "certifications":
        return "certifications"
    if head == "variants" and rest:
        index, _, column = rest.partition(".")
        if column.endswith("currency"):
            return "currency"
        if column in VARIANT_ERRORS:
            return f"variants-{index}-{VARIANT_ERRORS[column]}"
        return "variants"
    return path


def _text(value: Any) -> str:
    return "" if value is None else str(value)
