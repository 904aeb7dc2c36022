"""Storefront pages: home, product listings (all, or one category) and product pages."""

from collections.abc import Sequence

from flask import redirect, render_template, request, url_for

from catalog import queries as catalog_queries
from catalog.markets import approvals, live_markets
from catalog.models import Category, Product
from catalog.schemas import ProductQueryArgs, ProductSchema
from core.problems import Problem
from core.public_urls import absolute_url, public_url
from news import queries as news_queries
from news.schemas import ArticleSummarySchema
from web.enquiry_form import EnquiryForm, enquiry_form
from web.facets import IN_STOCK, build_sidebar, filters_of, load_arguments
from web.markets import market_choice, with_market
from web.site import PageMeta, news_feeds, site
from web.structured_data import product_data
from web.terms import CategoryEntry, category_trail, category_tree, filter_labels
from web.urls import canonical_url, with_query

PER_PAGE = 24
NEWEST_ON_HOME = 8
ARTICLES_ON_HOME = 3
RELATED_PRODUCTS = 4
RELATED_ARTICLES = 3
LINKED_ARTICLES = 6  # articles an editor linked to a product, shown before related ones
LISTING_ARGUMENTS = {
    "finish",
    "handle_type",
    "mounting",
    "brand",
    "certification",
    "market",
    "in_stock",
    "sort",
    "page",
}
# Built once: a schema's construction costs more than loading a page's arguments with it.
LISTING_ARGUMENTS_SCHEMA = ProductQueryArgs()
SORTS = (
    ("newest", "Newest first"),
    ("price", "Price, low to high"),
    ("-price", "Price, high to low"),
    ("name", "Name, A to Z"),
)


@site.route("/")
def home():
    """Featured categories, the newest products and the latest articles."""
    newest = catalog_queries.listed_products(
        with_market({}), staff=False, page=1, per_page=NEWEST_ON_HOME, with_facets=True
    )
    meta = PageMeta(
        title="Faucets and industry news",
        description="Kitchen and bathroom faucets by finish, handle type and certification, "
        "with industry news on raw materials, trade rules and standards.",
        canonical=canonical_url(),
        feeds=news_feeds(),
    )
    return render_template(
        "home.html",
        meta=meta,
        categories=category_tree(),
        counts=_category_counts(newest["facets"]),
        products=newest["items"],
        articles=ArticleSummarySchema(many=True).dump(
            news_queries.newest_published(ARTICLES_ON_HOME)
        ),
        market_choice=market_choice(),
    )


@site.route("/products")
def products():
    """Every product, filtered, sorted and paged by plain query arguments."""
    return _listing([])


@site.route("/c/<slug:slug>")
def category(slug):
    """The products of one live category and the categories below it, filtered like /products."""
    trail = category_trail(slug)
    if trail is None:
        raise Problem(404, f"No category with slug '{slug}'.", kind="not-found")
    return _listing(trail)


@site.route("/p/<slug:slug>")
def product(slug):
    """A product: images, a finish picker with each variant's price, specs and related items."""
    found = catalog_queries.get_product(slug, staff=False, old_slugs=True)
    if found.slug != slug:  # renamed: the old address moves for good, the chosen finish kept
        moved = url_for("web.product", slug=found.slug)
        return redirect(with_query(moved, request.args.items(multi=True)), 301)
    return product_page(found)


def product_page(
    found: Product, *, preview: bool = False, enquiry: EnquiryForm | None = None
) -> str:
    """The page of `found` as shoppers see it; a `preview` (of a draft, for staff) says so and
    is kept out of search engines (and shows no enquiry form: drafts take no enquiries).
    `enquiry` is the enquiry form as a shopper sent it, with its messages."""
    shown = ProductSchema().dump(found)
    same_category = catalog_queries.listed_products(
        with_market({"category": [found.category.slug]}),
        staff=False,
        page=1,
        per_page=RELATED_PRODUCTS + 1,
    )["items"]
    # What editors linked to the product comes first; articles that mention it fill up.
    linked = news_queries.articles_about(found.id, LINKED_ARTICLES)
    mentioning = news_queries.searched_articles(
        {"q": found.name, "page": 1, "per_page": RELATED_ARTICLES + len(linked)}, staff=False
    )["items"]
    ids = {article.id for article in linked}
    articles = (
        linked
        + [a for a in mentioning if a.id not in ids][: max(RELATED_ARTICLES - len(linked), 0)]
    )
    chosen = _chosen_variant(shown["variants"], request.args.get("finish"))
    photos = {photo["id"]: photo for photo in shown["images"]}

    def gallery(finish: str | None) -> list[dict]:
        return [photos[image.id] for image in found.gallery_for(finish)]

    shown_photos = gallery(chosen["finish"]["slug"] if chosen else None)
    finish_galleries = {offer["slug"]: gallery(offer["slug"]) for offer in shown["finishes"]}
    address = public_url("web.product", slug=found.slug)
    meta = PageMeta(
        title=found.seo_title or found.name,
        description=found.seo_description or found.summary,
        canonical=canonical_url(),
        kind="product",
        image=absolute_url(shown_photos[0]["url"]) if shown_photos else None,
        indexable=not preview,
    )
    return render_template(
        "product.html",
        meta=meta,
        preview=preview,
        product=shown,
        chosen=chosen,
        gallery=shown_photos,
        finish_galleries=finish_galleries,
        structured=product_data(shown, address, finish_galleries),
        trail=_trail(catalog_queries.category_path(found.category)),
        related=[other for other in same_category if other["slug"] != found.slug][
            :RELATED_PRODUCTS
        ],
        articles=ArticleSummarySchema(many=True).dump(articles),
        approvals=approvals(found.certifications, live_markets()),
        market_choice=market_choice(),
        enquiry=None if preview else enquiry or enquiry_form(found),
    )


def _listing(trail: list[dict]):
    """The listing page of the category at the end of `trail`, the category tree's nodes from
    the top level down (with no trail: every product)."""
    category: CategoryEntry | None = trail[-1]["category"] if trail else None
    args = load_arguments(LISTING_ARGUMENTS_SCHEMA, request.args, LISTING_ARGUMENTS)
    if category is not None:
        args["category"] = [category.slug]
    args = with_market(args)
    found = catalog_queries.listed_products(
        args, staff=False, page=args["page"], per_page=PER_PAGE, with_facets=True, observed=True
    )
    filters = filters_of(args, catalog_queries.NOT_FILTERS)
    facets = found["facets"]
    title = category.name if category else "All faucets"
    if args["page"] > 1:
        title += f", page {args['page']}"
    meta = PageMeta(
        title=title,
        description=(category.description if category else None)
        or "Faucets filtered by finish, handle type, brand, certification, price and stock.",
        canonical=canonical_url(ignoring=("sort", "compare")),
    )
    return render_template(
        "listing.html",
        meta=meta,
        category=category,
        trail=_trail([node["category"] for node in trail]),
        subcategories=[
            child["category"] for child in (trail[-1]["children"] if trail else category_tree())
        ],
        counts=_category_counts(facets),
        products=found["items"],
        chosen_finishes=args.get("finish", []),
        page=found["meta"],
        sidebar=build_sidebar(
            facets,
            filters,
            found["flags"].get(IN_STOCK),
            filter_labels(),
        ),
        sorts=SORTS,
        sort=args.get("sort", "newest"),
        market_choice=market_choice(),
    )


def _chosen_variant(variants: list[dict], finish: str | None) -> dict | None:
    """The variant in the requested finish, else the first in stock, else the first."""
    for wanted in (
        lambda variant: variant["finish"]["slug"] == finish,
        lambda variant: variant["in_stock"],
        lambda variant: True,
    ):
        match = next((variant for variant in variants if wanted(variant)), None)
        if match:
            return match
    return None


def _category_counts(facets: dict) -> dict[str, int]:
    return {entry["value"]: entry["count"] for entry in facets.get("category", [])}


def _trail(path: Sequence[Category | CategoryEntry]) -> list[tuple[str, str]]:
    """Names and links of a category and its ancestors, top level first (the breadcrumb)."""
    return [(each.name, url_for("web.category", slug=each.slug)) for each in path]
