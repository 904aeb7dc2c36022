"""Catalogue terms the pages show beside facets and cards, read once per catalogue revision.

Every listing page shows finish swatches, certification codes, the category tree and the
market picker; a worker keeps them, as plain values, until the catalogue revision moves.
"""

from dataclasses import dataclass
from typing import Any

from flask import current_app, g
from markupsafe import Markup

from catalog import queries as catalog_queries
from catalog.markets import live_markets
from catalog.models import Brand, Certification, Finish
from catalog.revision import current_revision
from core.extensions import db
from web.site import site

CACHE_KEY = "web_catalogue_terms"
NO_COLOUR = "#d8dadc"
SWATCH = Markup(
    '<svg class="swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
    '<circle cx="8" cy="8" r="7" fill="{colour}"/></svg>'
)
NO_SWATCH = SWATCH.format(colour=NO_COLOUR)  # a finish without a colour is a grey dot


@dataclass(frozen=True)
class CategoryEntry:
    """What pages show of a category."""

    id: int
    slug: str
    name: str
    description: str | None


@dataclass(frozen=True)
class RequiredCertification:
    """What pages show of a certification a market requires."""

    slug: str
    code: str


@dataclass(frozen=True)
class MarketEntry:
    """What pages show of a market: the picker, and the notice of what it requires."""

    slug: str
    name: str
    certifications: tuple[RequiredCertification, ...]


@dataclass(frozen=True)
class Terms:
    """Finish swatches, certification codes, the category tree and the markets shoppers pick
    from, as of one revision."""

    revision: int
    swatches: dict[str, Markup]
    certification_codes: dict[str, str]
    category_tree: list[dict[str, Any]]
    trails: dict[str, list[dict[str, Any]]]  # each live category's nodes from the top level down
    names: dict[str, dict[str, str]]  # {"finish" or "brand": {slug: name}}
    markets: tuple[MarketEntry, ...]


@site.app_template_global()
def swatch(finish_slug: str) -> Markup:
    """A finish's colour swatch (a grey dot for a finish without one), as inline SVG."""
    return finish_swatches().get(finish_slug, NO_SWATCH)


def finish_swatches() -> dict[str, Markup]:
    """Each live finish's swatch by slug (see `swatch`)."""
    return _terms().swatches


def category_trail(slug: str) -> list[dict[str, Any]] | None:
    """The tree's nodes from the top level down to the live category at `slug` (None: no such
    live category); the last node holds its children."""
    return _terms().trails.get(slug)


def category_tree() -> list[dict[str, Any]]:
    """Live categories as nested {"category", "children"} dicts, siblings in display order."""
    return _terms().category_tree


def market_entries() -> tuple[MarketEntry, ...]:
    """The markets shoppers can pick, by name, with the certifications each requires."""
    return _terms().markets


def filter_labels() -> dict[str, dict[str, str]]:
    """What filter chips and facets call each term, by filter and slug: finish and brand names,
    certification codes (shoppers look for "WRAS", not the scheme's full name)."""
    terms = _terms()
    return {**terms.names, "certification": terms.certification_codes}


def _terms() -> Terms:
    """This worker's copy of the terms, read again once the catalogue revision has moved."""
    terms = g.get("catalogue_terms")
    if terms is None:
        revision = current_revision()
        terms = current_app.extensions.get(CACHE_KEY)
        if terms is None or terms.revision != revision:
            terms = current_app.extensions[CACHE_KEY] = _read_terms(revision)
        g.catalogue_terms = terms
    return terms


def _read_terms(revision: int) -> Terms:
    finishes = _live(Finish)
    tree = _plain(catalog_queries.category_tree(include_archived=False))
    return Terms(
        revision,
        {f.slug: SWATCH.format(colour=f.swatch_hex or NO_COLOUR) for f in finishes},
        {certification.slug: certification.code for certification in _live(Certification)},
        tree,
        _trails(tree, []),
        {
            "finish": {finish.slug: finish.name for finish in finishes},
            "brand": {brand.slug: brand.name for brand in _live(Brand)},
        },
        tuple(
            MarketEntry(
                market.slug,
                market.name,
                tuple(RequiredCertification(c.slug, c.code) for c in market.certifications),
            )
            for market in live_markets()
        ),
    )


def _trails(nodes: list[dict[str, Any]], above: list[dict[str, Any]]) -> dict[str, list]:
    """Each category's trail (see `category_trail`) by slug, for `nodes` and their subtrees."""
    trails: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        trail = [*above, node]
        trails[node["category"].slug] = trail
        trails.update(_trails(node["children"], trail))
    return trails


def _live(model) -> list:
    return list(db.session.scalars(catalog_queries.term_listing(model, include_archived=False)))


def _plain(nodes: list[dict]) -> list[dict[str, Any]]:
    return [
        {
            "category": CategoryEntry(
                node["category"].id,
                node["category"].slug,
                node["category"].name,
                node["category"].description,
            ),
            "children": _plain(node["children"]),
        }
        for node in nodes
    ]
