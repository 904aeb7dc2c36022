"""The filter sidebar: page arguments checked by the API's schemas, facet counts from search."""

from dataclasses import dataclass
from decimal import Decimal

import marshmallow as ma
from werkzeug.datastructures import MultiDict

from core.problems import flatten_messages, naming_fields, validation_problem
from web.site import money, site

KEYWORD_FACETS = {
    "finish": "Finish",
    "handle_type": "Handle type",
    "mounting": "Mounting",
    "brand": "Brand",
    "certification": "Certification",
    "tag": "Topic",
    "author": "Author",
}
VALUE_LABELS = {
    "handle_type": {"single": "Single handle", "twin": "Twin handle", "touchless": "Touchless"},
    "mounting": {"deck": "Deck mounted", "wall": "Wall mounted"},
}
site.add_app_template_global(VALUE_LABELS, "value_labels")  # type: ignore[arg-type]
# Pages name a price band in one argument (price=100-199.99); the API takes its two bounds.
PRICE_BAND = "price"
PRICE_BOUNDS = ("min_price", "max_price")
IN_STOCK = "in_stock"


@dataclass(frozen=True)
class FacetValue:
    """One value to filter by, with how many results choosing it would leave."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    """The values of one facet (finish, brand …), as a fieldset of checkboxes."""

    name: str
    title: str
    values: list[FacetValue]


@dataclass(frozen=True)
class Sidebar:
    """Everything the filter sidebar shows."""

    groups: list[FacetGroup]
    price_bands: list[FacetValue]
    in_stock: FacetValue | None

    @property
    def chosen(self) -> list[tuple[str, FacetValue]]:
        """The selected values with their argument names, for "remove this filter" links."""
        chosen = [(g.name, v) for g in self.groups for v in g.values if v.selected]
        chosen += [(PRICE_BAND, band) for band in self.price_bands if band.selected]
        if self.in_stock and self.in_stock.selected:
            chosen.append((IN_STOCK, self.in_stock))
        return chosen


def load_arguments(schema: ma.Schema, query: MultiDict, names: set[str]) -> dict:
    """The `names` arguments of `query`, checked by an API schema; bad ones are a 400 page."""
    raw: dict = {}
    for name, field in schema.load_fields.items():
        values = [value for value in query.getlist(name) if value.strip()]
        if name in names and name not in PRICE_BOUNDS and values:
            raw[name] = values if isinstance(field, ma.fields.List) else values[0]
    band = query.get(PRICE_BAND, "").strip()
    if band:
        bounds = zip(PRICE_BOUNDS, band.partition("-")[::2], strict=True)
        raw.update({bound: value for bound, value in bounds if value})
    try:
        return schema.load(raw)
    except ma.ValidationError as error:
        errors = flatten_messages(error.messages)
        raise validation_problem(
            errors, naming_fields("Some filters in the address are not valid", errors), status=400
        ) from error


def filters_of(args: dict, ignored: tuple[str, ...]) -> dict:
    """The filter arguments among validated page arguments."""
    return {name: value for name, value in args.items() if name not in ignored}


def build_sidebar(
    facets: dict,
    filters: dict,
    in_stock_count: int | None,
    labels: dict[str, dict[str, str]] | None = None,
) -> Sidebar:
    """The sidebar for `facets` (from the search engine), the `filters` in force and `labels`."""
    labels = {**VALUE_LABELS, **(labels or {})}
    groups = [
        _group(name, title, facets[name], filters.get(name) or [], labels.get(name, {}))
        for name, title in KEYWORD_FACETS.items()
        if name in facets
    ]
    chosen_band = (filters.get("min_price"), filters.get("max_price"))
    bands = [
        FacetValue(
            band["value"],
            _band_label(band["min"], band["max"]),
            band["count"],
            (band["min"], band["max"]) == chosen_band,
        )
        for band in facets.get(PRICE_BAND, [])
    ]
    stock = (
        None
        if in_stock_count is None
        else FacetValue("true", "In stock only", in_stock_count, filters.get(IN_STOCK) is True)
    )
    return Sidebar([group for group in groups if group.values], bands, stock)


def _group(
    name: str, title: str, counted: list[dict], selected: list[str], labels: dict[str, str]
) -> FacetGroup:
    values = [
        FacetValue(
            entry["value"],
            labels.get(entry["value"], entry["label"]),
            entry["count"],
            entry["value"] in selected,
        )
        for entry in counted
    ]
    # A chosen value that nothing matches any more must still be there to untick.
    shown = {value.value for value in values}
    values += [
        FacetValue(value, labels.get(value, value), 0, True)
        for value in selected
        if value not in shown
    ]
    return FacetGroup(name, title, values)


def _band_label(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return f"Under {money(high + Decimal('0.01'))}" if high is not None else "Any price"
    if high is None:
        return f"{money(low)} and over"
    return f"{money(low)} to {money(high)}"
