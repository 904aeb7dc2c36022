"""A checker for the JSON-LD pages emit, against the part of the schema.org vocabulary they use.

Transcribed from schema.org's definitions (https://schema.org/version/latest): each type's
parent, the properties each type declares (a type also takes its ancestors'), and each
property's expected types ("rangeIncludes"). Only the types the site emits are listed: a type
or property the site starts using must be added here from schema.org, not guessed.
"""

import re
from datetime import date, datetime
from urllib.parse import urlsplit

CONTEXT = "https://schema.org"
PARENTS = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Article": "CreativeWork",
    "NewsArticle": "Article",
    "MediaObject": "CreativeWork",
    "ImageObject": "MediaObject",
    "Product": "Thing",
    "Intangible": "Thing",
    "Offer": "Intangible",
    "Brand": "Intangible",
    "ItemList": "Intangible",
    "BreadcrumbList": "ItemList",
    "ListItem": "Intangible",
    "Person": "Thing",
    "Organization": "Thing",
}
PROPERTIES = {
    "Thing": {
        "name": {"Text"},
        "description": {"Text", "TextObject"},
        "url": {"URL"},
        "image": {"ImageObject", "URL"},
    },
    "CreativeWork": {
        "headline": {"Text"},
        "datePublished": {"Date", "DateTime"},
        "dateModified": {"Date", "DateTime"},
        "author": {"Organization", "Person"},
        "publisher": {"Organization", "Person"},
        "keywords": {"DefinedTerm", "Text", "URL"},
        "mainEntityOfPage": {"CreativeWork", "URL"},
    },
    "MediaObject": {"contentUrl": {"URL"}, "width": {"Distance", "QuantitativeValue"}},
    "Product": {
        "brand": {"Brand", "Organization"},
        "category": {"Text", "Thing", "URL", "CategoryCode", "PhysicalActivityCategory"},
        "offers": {"Offer", "Demand"},
        "sku": {"Text"},
    },
    "Offer": {
        "sku": {"Text"},
        "price": {"Number", "Text"},
        "priceCurrency": {"Text"},
        "availability": {"ItemAvailability"},
        "itemCondition": {"OfferItemCondition"},
    },
    "Organization": {"logo": {"ImageObject", "URL"}},
    "ItemList": {"itemListElement": {"ListItem", "Text", "Thing"}},
    # schema.org's data model takes a URL where a Thing is expected, as breadcrumbs use it.
    "ListItem": {"position": {"Integer", "Text"}, "item": {"Thing", "URL"}},
}
ENUMERATIONS = {
    "ItemAvailability": {
        f"{CONTEXT}/{member}"
        for member in (
            "BackOrder",
            "Discontinued",
            "InStock",
            "InStoreOnly",
            "LimitedAvailability",
            "OnlineOnly",
            "OutOfStock",
            "PreOrder",
            "PreSale",
            "SoldOut",
        )
    },
    "OfferItemCondition": {
        f"{CONTEXT}/{member}"
        for member in ("DamagedCondition", "NewCondition", "RefurbishedCondition", "UsedCondition")
    },
}
CURRENCY = re.compile(r"^[A-Z]{3}$")  # ISO 4217, as schema.org asks of priceCurrency
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")  # schema.org prices use a dot, no grouping


def problems(blocks: list[dict]) -> list[str]:
    """What in a page's JSON-LD blocks schema.org does not define or allow (empty: valid)."""
    found = []
    for block in blocks:
        if block.get("@context") != CONTEXT:
            found.append(f"@context is {block.get('@context')!r}, not {CONTEXT!r}")
        found.extend(_node_problems(block, "top level"))
    return found


def _ancestry(kind: str) -> list[str]:
    chain: list[str] = []
    current: str | None = kind
    while current is not None:
        chain.append(current)
        current = PARENTS[current]
    return chain


def _node_problems(node: dict, where: str) -> list[str]:
    kind = node.get("@type")
    if kind not in PARENTS:
        return [f"{where}: unknown type {kind!r}"]
    declared = {
        name: ranges
        for each in _ancestry(kind)
        for name, ranges in PROPERTIES.get(each, {}).items()
    }
    found = []
    for name, value in node.items():
        if name in ("@context", "@type"):
            continue
        if name not in declared:
            found.append(f"{kind}.{name}: not a property of {kind}")
            continue
        for item in value if isinstance(value, list) else [value]:
            found.extend(_value_problems(item, declared[name], f"{kind}.{name}"))
    if kind == "Offer":
        # schema.org also allows Text here; search engines read only these forms.
        if not CURRENCY.match(str(node.get("priceCurrency", ""))):
            found.append(f"Offer.priceCurrency: {node.get('priceCurrency')!r} is not ISO 4217")
        if not NUMBER.match(str(node.get("price", ""))):
            found.append(f"Offer.price: {node.get('price')!r} is not a number with a dot")
    return found


def _value_problems(value, ranges: set[str], where: str) -> list[str]:
    if isinstance(value, dict):
        kind = value.get("@type")
        if kind in PARENTS and ranges & set(_ancestry(kind)):
            return _node_problems(value, where)
        return [f"{where}: a {kind!r} where schema.org expects {sorted(ranges)}"]
    if any(_is_literal(value, expected) for expected in ranges):
        return []
    return [f"{where}: {value!r} is none of {sorted(ranges)}"]


def _is_literal(value, expected: str) -> bool:
    if expected in ENUMERATIONS:
        return value in ENUMERATIONS[expected]
    if expected == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if not isinstance(value, str) or not value.strip():
        return False
    if expected == "URL":
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    if expected == "Number":
        return bool(NUMBER.match(value))
    if expected in ("Date", "DateTime"):
        parse = date.fromisoformat if expected == "Date" else datetime.fromisoformat
        try:
            parse(value)
        except ValueError:
            return False
        return True
    return expected == "Text"
