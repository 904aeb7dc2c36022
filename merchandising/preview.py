"""A query run twice, with the live rules and with the drafts too, as shoppers would see it."""

from merchandising.engine_rules import draft_rules, live_rules
from search.listings import current_listings
from search.rules import QueryRules
from search.service import search

PREVIEW_HITS = 10


def preview(text: str) -> dict:
    """`text`'s first results with the live rules beside those with the draft rules too."""
    return {"q": text, "live": _side(text, live_rules()), "draft": _side(text, draft_rules())}


def _side(text: str, rules: QueryRules) -> dict:
    page = search(text, per_page=PREVIEW_HITS, with_snippets=False, with_facets=False, rules=rules)
    listings = current_listings(page)
    hits = []
    for hit in page.hits:
        listing = listings.get((hit.type, hit.id), {})
        title = listing.get("name") or listing.get("title") or f"{hit.type} {hit.id}"
        hits.append({"type": hit.type, "id": hit.id, "title": title})
    return {"total": page.total, "hits": hits, "redirect": page.redirect}
