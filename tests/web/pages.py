"""Reading a page the way the tests need it: parsed HTML, visible text, links and meta tags."""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html


def parse(response):
    """The response body as an lxml document (after checking it is a page)."""
    assert response.mimetype == "text/html", response.data[:300]
    return lxml.html.fromstring(response.get_data(as_text=True))


def text(element) -> str:
    """The visible words of `element`, whitespace collapsed."""
    return " ".join(element.text_content().split())


def texts(page, xpath: str) -> list[str]:
    """The visible words of every element `xpath` selects."""
    return [text(element) for element in page.xpath(xpath)]


def meta(page, key: str) -> str | None:
    """The content of <meta name=key> or <meta property=key>."""
    found = page.xpath("//meta[@name=$key or @property=$key]/@content", key=key)
    return found[0] if found else None


def link_to(page, label: str) -> str:
    """The href of the first link whose text contains `label`."""
    hrefs = page.xpath("//a[contains(normalize-space(.), $label)]/@href", label=label)
    assert hrefs, f"no link labelled {label!r}"
    return hrefs[0]


def query_of(url: str) -> dict[str, list[str]]:
    """The query arguments of `url`."""
    return parse_qs(urlsplit(url).query)


# The demo catalogue as its file holds it: an oracle the app's code does not compute.
DEMO = json.loads(
    (Path(__file__).parents[2] / "catalog/demo_content/catalogue.json").read_text("utf-8")
)
HERITAGE = "/p/jenor-heritage-twin-handle-bridge-kitchen-faucet"
FULTON = "/p/norrbrook-fulton-pressure-balance-shower-trim"
RARE_EARTHS = "/news/rare-earth-export-quotas-after-the-wto-ruling"
# One address of each kind of page, for the checks every page must pass.
PAGE_TYPES = {
    "home": "/",
    "listing": "/products",
    "category": "/c/kitchen-faucets?finish=gunmetal",
    "product": HERITAGE,
    "search": "/search?q=gunmetal",
    "news": "/news",
    "article": RARE_EARTHS,
    "tag": "/news/tag/rare-earths",
    "author": "/news/author/newsroom",
    "compare": f"/compare?products={HERITAGE[3:]},{FULTON[3:]}",
}
