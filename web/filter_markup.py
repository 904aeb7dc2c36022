"""The filter sidebar's choices and the chips of the filters in use, built in Python: a listing
shows dozens of each, and a Jinja loop over them costs more than the markup it writes."""

from markupsafe import Markup

from web.facets import IN_STOCK, PRICE_BAND, FacetGroup, FacetValue, Sidebar
from web.fragments import text
from web.site import site
from web.terms import swatch
from web.urls import changed_url, keeping_only, without_value

FINISH = "finish"  # the group whose choices show their colour
# Filters with one value a page: their chip removes the argument, not one of its values.
SINGLE_VALUED = (PRICE_BAND, IN_STOCK)
# The sign as an entity: a page of plain ASCII is joined and encoded without widening.
REMOVE = (
    '<span aria-hidden="true">&times;</span>'
    '<span class="visually-hidden">(remove this filter)</span>'
)


@site.app_template_global()
def filter_choices(sidebar: Sidebar) -> Markup:
    """The sidebar's fieldsets: a checkbox per facet value, the price bands as radio buttons
    (with "Any price"), and "In stock only"; each with how many results choosing it leaves."""
    parts = [_group(group) for group in sidebar.groups]
    if sidebar.price_bands:
        none_chosen = not any(band.selected for band in sidebar.price_bands)
        options = [_option("radio", "price-any", PRICE_BAND, "", none_chosen, "Any price")]
        options += [
            _option(
                "radio",
                f"price-{number}",
                PRICE_BAND,
                text(band.value),
                band.selected,
                _counted(band),
            )
            for number, band in enumerate(sidebar.price_bands, 1)
        ]
        parts.append(_fieldset("Price", options))
    stock = sidebar.in_stock
    if stock:
        option = _option(
            "checkbox", "in-stock", IN_STOCK, text(stock.value), stock.selected, _counted(stock)
        )
        parts.append(_fieldset("Availability", [option]))
    return Markup("\n".join(parts))  # noqa: S704 (every part escapes its values)


@site.app_template_global()
def filter_chips(sidebar: Sidebar) -> Markup:
    """A link per filter in use that removes it, and one that clears them all (nothing when no
    filter is in use)."""
    chosen = sidebar.chosen
    if not chosen:
        return Markup("")
    chips = [
        f'<li><a href="{text(_removing(name, value))}">{text(value.label)} {REMOVE}</a></li>'
        for name, value in chosen
    ]
    clear = text(keeping_only("q", "type", "compare"))
    chips.append(f'<li><a class="clear" href="{clear}">Clear all filters</a></li>')
    return Markup(  # noqa: S704 (each chip escapes its values)
        '<ul class="chosen" aria-label="Filters in use">\n' + "\n".join(chips) + "\n</ul>"
    )


def _removing(name: str, value: FacetValue) -> str:
    if name in SINGLE_VALUED:
        return changed_url(**{name: None})
    return without_value(name, value.value)


def _group(group: FacetGroup) -> str:
    name = text(group.name)
    coloured = group.name == FINISH
    options = []
    for value in group.values:
        escaped = text(value.value)
        label = _counted(value)
        if coloured:
            label = f"{swatch(value.value)} {label}"
        options.append(
            _option("checkbox", f"{name}-{escaped}", name, escaped, value.selected, label)
        )
    return _fieldset(group.title, options)


def _counted(value: FacetValue) -> str:
    return f'{text(value.label)} <span class="count">({value.count})</span>'


def _option(kind: str, field_id: str, name: str, value: str, checked: bool, label: str) -> str:
    """One choice; every argument but `kind` and `checked` comes escaped."""
    ticked = " checked" if checked else ""
    return (
        f'<div class="option">\n<input type="{kind}" id="{field_id}" name="{name}"'
        f' value="{value}"{ticked}>\n<label for="{field_id}">{label}</label>\n</div>'
    )


def _fieldset(legend: str, options: list[str]) -> str:
    return f"<fieldset>\n<legend>{text(legend)}</legend>\n" + "\n".join(options) + "\n</fieldset>"
