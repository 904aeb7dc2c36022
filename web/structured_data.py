"""schema.org JSON-LD for search engines: a product with an offer per finish, a news article, and
the breadcrumb trail every page shows, each built from what the page itself shows."""

from typing import Any

from flask import request, url_for

from core.public_urls import absolute_url, public_url
from web.site import SITE_NAME, site

CONTEXT = "https://schema.org"
IN_STOCK = "https://schema.org/InStock"
OUT_OF_STOCK = "https://schema.org/OutOfStock"
NEW = "https://schema.org/NewCondition"
HEADLINE_CHARS = 110  # what search engines show of a headline


def product_data(
    product: dict[str, Any], url: str, finish_galleries: dict[str, list[dict]]
) -> dict[str, Any]:
    """A Product (as `ProductSchema` dumps it, at `url`) with one Offer per finish."""
    photos = [photo for gallery in finish_galleries.values() for photo in gallery]
    images = list(dict.fromkeys(absolute_url(photo["url"]) for photo in photos))
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Product",
        "name": product["name"],
        "description": product["summary"],
        "url": url,
        "brand": {"@type": "Brand", "name": product["brand"]["name"]},
        "category": product["category"]["name"],
        "offers": [_offer(variant, url, finish_galleries) for variant in product["variants"]],
    }
    if images:
        data["image"] = images
    return data


def _offer(variant: dict[str, Any], url: str, finish_galleries: dict[str, list[dict]]) -> dict:
    finish = variant["finish"]
    offer = {
        "@type": "Offer",
        "name": finish["name"],
        "sku": variant["sku"],
        "price": str(variant["price"]["amount"]),
        "priceCurrency": variant["price"]["currency"],
        "availability": IN_STOCK if variant["in_stock"] else OUT_OF_STOCK,
        "itemCondition": NEW,
        "url": f"{url}?finish={finish['slug']}",
    }
    photos = finish_galleries.get(finish["slug"])
    if photos:
        offer["image"] = absolute_url(photos[0]["url"])
    return offer


def article_data(article: dict[str, Any], url: str) -> dict[str, Any]:
    """A NewsArticle (as `ArticleSchema` dumps it, at `url`)."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article["title"][:HEADLINE_CHARS],
        "description": article["summary"],
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article["published_at"],
        "dateModified": article["updated_at"],
        "author": [{"@type": "Person", "name": article["author"]["name"]}],
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": public_url("web.root_icon_png")},
        },
        "keywords": [tag["name"] for tag in article["tags"]],
    }
    if article.get("cover_image"):
        data["image"] = [absolute_url(article["cover_image"]["url"])]
    return data


@site.app_template_global()
def breadcrumb_data(links: list[tuple[str, str]], current: str) -> dict[str, Any]:
    """The BreadcrumbList of a page's breadcrumb: Home, `links`, then the page itself."""
    trail = [("Home", url_for("web.home")), *links, (current, request.path)]
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }
