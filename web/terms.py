"""Catalogue terms the pages show beside facets and cards, read at most once per request."""

from flask import g

from catalog import queries as catalog_queries
from catalog.models import Certification, Finish
from core.pagination import paginate
from web.site import site

MAX_TERMS = 500


@site.app_template_global()
def swatch_colour(finish_slug: str) -> str | None:
    """The swatch colour of a finish (#53565a), if it has one."""
    if "finish_swatches" not in g:
        g.finish_swatches = {finish.slug: finish.swatch_hex for finish in _terms(Finish)}
    return g.finish_swatches.get(finish_slug)


def certification_codes() -> dict[str, str]:
    """Certification codes by slug: shoppers look for "WRAS", not the scheme's full name."""
    return {certification.slug: certification.code for certification in _terms(Certification)}


def _terms(model) -> list:
    listing = catalog_queries.term_listing(model, include_archived=False)
    return paginate(listing, 1, MAX_TERMS)["items"]
