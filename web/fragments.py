"""HTML fragments every listing repeats per item, built in Python: at 24 cards a page, a Jinja
macro call costs more than the markup it writes."""

from collections.abc import Iterable

from markupsafe import Markup

from web.site import money, site

NO_IMAGE = Markup('<span class="no-image">No photo yet</span>')
# How wide each kind of frame is drawn, so the browser fetches the smallest derivative that fits.
FRAME_SIZES = {
    "card": "(min-width: 64rem) 17rem, (min-width: 40rem) 45vw, 100vw",
    "main": "(min-width: 48rem) 34rem, 100vw",
    "thumb": "(min-width: 48rem) 8rem, 25vw",
    "compare": "12rem",
    "wide": "(min-width: 64rem) 60rem, 100vw",
}
LINKED_SIZE = (400, 300)  # a linked photo's size is unknown; the frame's ratio holds it


@site.app_template_global()
def frame(
    image: dict | None, class_name: str = "frame", lazy: bool = True, size: str = "card"
) -> Markup:
    """A photo in its fixed-ratio frame (or a placeholder), lazily loaded unless said otherwise.

    Uploaded photos offer every derivative, WebP first, with their real width and height.
    """
    if not image:
        return Markup('<div class="{}">{}</div>').format(class_name, NO_IMAGE)
    loading = Markup(' loading="lazy"') if lazy else Markup(' fetchpriority="high"')
    renditions = image.get("sizes") or []
    if not renditions:
        width, height = LINKED_SIZE
        return Markup(
            '<div class="{}"><img src="{}" alt="{}" width="{}" height="{}"{} decoding="async">'
            "</div>"
        ).format(class_name, image["url"], image["alt"], width, height, loading)
    sizes = FRAME_SIZES[size]
    return Markup(
        '<div class="{}"><picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{} decoding="async">'
        "</picture></div>"
    ).format(
        class_name,
        _srcset(renditions, "image/webp"),
        sizes,
        image["url"],
        _srcset(renditions, "image/jpeg"),
        sizes,
        image["alt"],
        image["width"],
        image["height"],
        loading,
    )


def _srcset(renditions: list[dict], media_type: str) -> str:
    return ", ".join(f"{r['url']} {r['width']}w" for r in renditions if r["type"] == media_type)


@site.app_template_global()
def price_from(product: dict) -> str:
    """The lowest price of a product, "From …" when its variants differ in price."""
    prices = product.get("price_range")
    if not prices:
        return ""
    low, high = prices["min"], prices["max"]
    shown = money(low["amount"], low["currency"])
    return shown if low["amount"] == high["amount"] else f"From {shown}"


@site.app_template_global()
def finish_offer(product: dict, chosen: Iterable[str]) -> dict | None:
    """The product's offer in the first of its finishes that the shopper filtered by, if any."""
    wanted = set(chosen)
    return next((offer for offer in product["finishes"] if offer["slug"] in wanted), None)


@site.app_template_global()
def offer_price(offer: dict) -> str:
    """The lowest price in one finish."""
    return money(offer["price"]["amount"], offer["price"]["currency"])
