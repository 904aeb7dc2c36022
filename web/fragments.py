"""HTML fragments every listing repeats per item, built in Python: at 24 cards a page, a Jinja
macro call costs more than the markup it writes."""

import html
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import quote_plus

from flask import url_for
from markupsafe import Markup, escape

from web.compare_pages import SelectionLinks, selection_links, selection_query
from web.site import money, site
from web.terms import NO_SWATCH, finish_swatches
from web.urls import with_query

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
        return Markup(f'<div class="{escape(class_name)}">{NO_IMAGE}</div>')  # noqa: S704
    loading = ' loading="lazy"' if lazy else ' fetchpriority="high"'
    renditions = image.get("sizes") or []
    if renditions:
        sizes = FRAME_SIZES[size]
        width, height = image["width"], image["height"]
        webp, jpeg = _srcsets(renditions)
        source = f'<source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        choices = f' srcset="{jpeg}" sizes="{sizes}"'
    else:
        (width, height), source, choices = LINKED_SIZE, "", ""
    picture = (
        f'<img src="{text(image["url"])}"{choices} alt="{text(image["alt"])}"'
        f' width="{int(width)}" height="{int(height)}"{loading} decoding="async">'
    )
    if source:
        picture = f"<picture>{source}{picture}</picture>"
    # Built with f-strings: at 24 cards a page, Markup.format's escaping formatter costs more.
    return Markup(f'<div class="{text(class_name)}">{picture}</div>')  # noqa: S704


def _srcsets(renditions: list[dict]) -> tuple[str, str]:
    """The WebP and the JPEG `srcset` of a photo's renditions, escaped."""
    webp: list[str] = []
    jpeg: list[str] = []
    for rendition in renditions:
        chosen = webp if rendition["type"] == "image/webp" else jpeg
        chosen.append(f"{rendition['url']} {rendition['width']}w")
    return text(", ".join(webp)), text(", ".join(jpeg))


def text(value: str) -> str:
    """`value` escaped for HTML text and attributes, as a plain string: the fragments here
    escape each value once, and the standard library's escape is twice as fast as Markup's."""
    return html.escape(value, quote=True)


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


@site.app_template_global()
def product_cards(products: list[dict], finishes: Iterable[str] = (), eager: int = 0) -> Markup:
    """The cards of `products`: photo, brand, name linked to its page, price, finishes, stock
    and the compare control. Under a finish filter (`finishes`), the first of them a product
    comes in gives its card the photo and price, and the link chooses it. The first `eager`
    photos load at once (those in view when the page opens), the others lazily."""
    wanted = set(finishes)
    links = selection_links()
    address = _product_address(links.slugs)
    dots = _FinishDots(finish_swatches())
    return Markup(  # noqa: S704 (each card escapes its values)
        "".join(
            _card(product, wanted, index >= eager, links, address, dots)
            for index, product in enumerate(products)
        )
    )


class _FinishDots(dict):
    """Each finish's dot (its swatch, named for screen readers), made once per grid."""

    def __init__(self, paints: Mapping[str, Markup]) -> None:
        super().__init__()
        self.paints = paints

    def __missing__(self, finish: tuple[str, str]) -> str:
        slug, name = finish
        named = text(name)
        self[finish] = dot = (
            f'<span class="finish-dot" title="{named}">{self.paints.get(slug, NO_SWATCH)}'
            f'<span class="visually-hidden">{named}</span></span>'
        )
        return dot


def _card(
    product: dict,
    finishes: set[str],
    lazy: bool,
    links: SelectionLinks,
    address: Callable[[str, str | None], str],
    dots: _FinishDots,
) -> str:
    offer = finish_offer(product, finishes) if finishes else None
    if offer:
        note = f'<span class="finish-note">in {text(offer["name"])}</span>'
        price = f"{text(offer_price(offer))} {note}"
    else:
        price = text(price_from(product))
    shown = "".join(dots[finish["slug"], finish["name"]] for finish in product["finishes"])
    stock = '"in-stock">In stock' if product["in_stock"] else '"out-of-stock">Out of stock'
    link = address(product["slug"], offer["slug"] if offer else None)
    name = text(product["name"])
    return (
        '<article class="card product-card">\n'
        f"{frame(offer['image'] if offer else product.get('image'), lazy=lazy)}\n"
        '<div class="card-body">\n'
        f'<p class="eyebrow">{text(product["brand"]["name"])}</p>\n'
        f'<h3 class="card-title"><a href="{text(link)}">{name}</a></h3>\n'
        f'<p class="price">{price}</p>\n'
        f'<p class="meta-line"><span class="finishes" aria-label="Finishes">{shown}</span>'
        f" <span class={stock}</span></p>\n"
        f"{links.control_of(product['slug'], name)}\n"
        "</div>\n</article>"
    )


# No slug can be this (slugs do not start with a hyphen): the product route is built once per
# grid with it, and each card puts its own slug in its place.
SLUG_MARK = "-slug-"


def _product_address(selection: Iterable[str]) -> Callable[[str, str | None], str]:
    """A function of (slug, finish) giving a product page's address, carrying `selection`."""
    head, _, tail = url_for("web.product", slug=SLUG_MARK).rpartition(SLUG_MARK)
    carried = selection_query(selection)

    def address(slug: str, finish: str | None) -> str:
        chosen = f"finish={quote_plus(finish)}" if finish else ""
        return with_query(f"{head}{slug}{tail}", (), chosen, carried)

    return address
