"""The search page: products and articles together, with snippets, facets and "did you mean"."""

from flask import current_app, redirect, render_template, request

from core.pagination import page_meta
from search import service as search_service
from search.registry import document_type
from web.facets import IN_STOCK, build_sidebar, filters_of, load_arguments
from web.markets import market_choice, with_market
from web.site import PageMeta, site
from web.terms import filter_labels
from web.urls import canonical_url

PER_PAGE = 20
NOT_FILTERS = ("q", "exact", "type", "sort", "page", "per_page", "status")
TYPES = (("", "Everything"), ("product", "Products"), ("article", "Articles"))
SORTS = (
    ("relevance", "Best match"),
    ("newest", "Newest first"),
    ("price", "Price, low to high"),
    ("-price", "Price, high to low"),
)


@site.route("/search")
def search():
    """Search products and articles; every filter, sort and page is a query argument."""
    schema = current_app.extensions["search"].search_args()
    args = load_arguments(schema, request.args, set(schema.load_fields) - {"per_page", "status"})
    text, kind, sort = args["q"], args.get("type"), args.get("sort")
    types = [kind] if kind else None
    filters = filters_of(args, NOT_FILTERS)
    if kind:
        # Switching to articles keeps product filters and sorts in the address, unused.
        chosen = document_type(kind)
        filters = {n: v for n, v in filters.items() if n in chosen.filter_args()}
        sort = sort if sort in ("relevance", "newest", *chosen.sorts) else None
    results = search_service.search(
        text,
        types=types,
        filters=filters,
        # The remembered market narrows the products found; articles stay.
        applicable_filters=with_market({}) if kind != "article" else {},
        sort=sort,
        page=args["page"],
        per_page=PER_PAGE,
        correct=not args["exact"],
        observed=True,
    )
    if results.redirect:  # staff send this query straight to a page (still logged)
        return redirect(request.script_root + results.redirect, 303)
    stock_count = None if kind == "article" else results.flags.get(IN_STOCK)
    # Corrected, the results are for the corrected words: the page names those.
    shown_for = results.suggestion or text
    meta = PageMeta(
        title=f"Search: {shown_for}" if text.strip() else "Search",
        description="Search faucets and industry news.",
        canonical=canonical_url(ignoring=("page", "compare")),
        indexable=False,
    )
    return render_template(
        "search.html",
        meta=meta,
        text=text,
        shown_for=shown_for,
        exact=args["exact"],
        kind=kind or "",
        types=TYPES,
        sorts=SORTS,
        sort=sort or ("relevance" if text.strip() else "newest"),
        results=search_service.present(results),
        chosen_finishes=args.get("finish", []),
        suggestion=results.suggestion,
        matched=results.matched,
        page=page_meta(args["page"], PER_PAGE, results.total),
        sidebar=build_sidebar(results.facets, filters, stock_count, filter_labels()),
        market_choice=market_choice(),
        search_id=results.search_id,
    )
