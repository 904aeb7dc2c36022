"""HTML fragments every listing repeats per item, built in Python: at 24 cards a page, a Jinja
macro call costs more than the markup it writes."""

from markupsafe import Markup

from web.site import money, site

NO_IMAGE = Markup('<span class="no-image">No photo yet</span>')


@site.app_template_global()
def frame(image: dict | None, class_name: str = "frame", lazy: bool = True) -> Markup:
    """A photo in its fixed-ratio frame (or a placeholder), lazily loaded unless said otherwise."""
    if not image:
        return Markup('<div class="{}">{}</div>').format(class_name, NO_IMAGE)
    loading = Markup(' loading="lazy"') if lazy else ""
    return Markup(
        '<div class="{}"><img src="{}" alt="{}" width="400" height="300"{} decoding="async"></div>'
    ).format(class_name, image["url"], image["alt"], loading)


@site.app_template_global()
def price_from(product: dict) -> str:
    """The lowest price of a product, "From …" when its variants differ in price."""
    prices = product.get("price_range")
    if not prices:
        return ""
    low, high = prices["min"], prices["max"]
    shown = money(low["amount"], low["currency"])
    return shown if low["amount"] == high["amount"] else f"From {shown}"
