"""Comparing faucets: the comparison page (/compare?products=a,b) and the selection shoppers
carry while browsing (compare=a,b on listings, search and product pages), both plain URLs."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote_plus

from flask import g, render_template, request, url_for
from markupsafe import Markup, escape

from catalog.comparison import COMPARED, comparison, selected_products
from catalog.comparison_schemas import MAX_COMPARED, ComparisonSchema, split_selection
from core.slugs import SLUG_PATTERN
from web.site import PageMeta, site
from web.urls import canonical_url, query_without, with_query

SELECTION = "compare"  # the argument browsing pages carry the selection in
ONLY_DIFFERENCES = "differences"  # only=differences hides the rows that are the same
ROW_LABELS = dict(
    zip(
        COMPARED,
        (
            "Price",
            "Finishes",
            "Flow rate",
            "Spout height",
            "Spout reach",
            "Installation holes",
            "Mounting",
            "Handles",
            "Spout",
            "Valve",
            "Body",
            "Certifications",
            "Approved for",
            "Availability",
        ),
        strict=True,
    )
)
site.add_app_template_global(MAX_COMPARED, "max_compared")  # type: ignore[arg-type]


@site.route("/compare")
def compare():
    """Up to four faucets side by side, the rows that differ marked; kept out of search engines."""
    asked = split_selection(",".join(request.args.getlist("products")))
    kept = asked[:MAX_COMPARED]
    slugs = [slug for slug in kept if re.fullmatch(SLUG_PATTERN, slug)]
    shown = ComparisonSchema().dump(comparison(slugs, staff=False))
    products = shown["products"]
    differences = set(shown["differences"])
    only = request.args.get("only") == ONLY_DIFFERENCES and len(products) > 1
    rows = [
        {"name": name, "label": label, "differs": name in differences}
        for name, label in ROW_LABELS.items()
        if name in differences or not only
    ]
    current = [product["slug"] for product in products]
    meta = PageMeta(
        title="Compare faucets",
        description="Faucets side by side: prices per finish, flow rate, spout, valve, body.",
        canonical=canonical_url(ignoring=("only",)),
        indexable=False,
    )
    return render_template(
        "compare.html",
        meta=meta,
        products=products,
        rows=rows,
        only=only,
        missing=[slug for slug in kept if slug not in slugs] + shown["missing"],
        left_out=len(asked) - len(kept),
        selection=[{"slug": product["slug"], "name": product["name"]} for product in products],
        removing={
            slug: comparison_url([other for other in current if other != slug], only=only)
            for slug in current
        },
        add_more=with_query(url_for("web.products"), (), selection_query(current)),
        all_rows=comparison_url(current),
        only_differences=comparison_url(current, only=True),
    )


def comparison_url(slugs: list[str], *, only: bool = False) -> str:
    """The address of the comparison of `slugs` (with only the rows that differ, if `only`)."""
    if not slugs:
        return url_for("web.compare")
    return url_for("web.compare", products=",".join(slugs), only=ONLY_DIFFERENCES if only else None)


@site.app_template_global()
def compare_selection() -> list[dict]:
    """The faucets the current page's `compare` argument carries (slug and name), at most four
    that shoppers may see, read once per request."""
    if "compare_selection" not in g:
        asked = split_selection(request.args.get(SELECTION, ""))[:MAX_COMPARED]
        slugs = [slug for slug in asked if re.fullmatch(SLUG_PATTERN, slug)]
        found = {p.id: p for p in selected_products(slugs, staff=False).values()}.values()
        g.compare_selection = [{"slug": p.slug, "name": p.name} for p in found]
    return g.compare_selection


@dataclass(frozen=True)
class SelectionLinks:
    """The current page's selection and what every link carrying it needs, worked out once per
    request: a listing links each of its cards to the page with that card toggled."""

    slugs: tuple[str, ...]
    path: str
    other_arguments: str  # the page's query less the selection, encoded

    @property
    def argument(self) -> str | None:
        """The selection as the `compare` argument a link carries on (None without one)."""
        return ",".join(self.slugs) or None

    def toggled(self, slug: str) -> str:
        """This page (its page number kept) with `slug` added to or taken from the selection."""
        if slug in self.slugs:
            chosen = [each for each in self.slugs if each != slug]
        else:
            chosen = [*self.slugs, slug]
        return with_query(self.path, (), self.other_arguments, selection_query(chosen))

    def control(self, product: dict) -> Markup:
        """A product's "Add to compare" (or "Remove from compare") link, or why it cannot be
        added."""
        return Markup(self.control_of(product["slug"], escape(product["name"])))  # noqa: S704

    def control_of(self, slug: str, name: str) -> str:
        """`control` for the product at `slug`, its `name` given escaped."""
        if slug in self.slugs or len(self.slugs) < MAX_COMPARED:
            action = "Remove from compare" if slug in self.slugs else "Add to compare"
            control = (
                f'<a href="{escape(self.toggled(slug))}" rel="nofollow">{action}'
                f'<span class="visually-hidden">: {name}</span></a>'
            )
        else:
            control = f'<span class="compare-full">Compare holds {MAX_COMPARED} faucets</span>'
        return (
            f'<p class="compare-control" data-compare-control data-slug="{escape(slug)}"'
            f' data-name="{name}">\n{control}\n</p>'
        )


def selection_query(slugs: Iterable[str]) -> str:
    """The `compare` argument carrying `slugs`, encoded ("" when there are none)."""
    chosen = ",".join(slugs)  # one argument, so quoted directly (a listing asks for ~50)
    return f"{SELECTION}={quote_plus(chosen)}" if chosen else ""


def selection_links() -> SelectionLinks:
    """The current page's `SelectionLinks`."""
    if "selection_links" not in g:
        g.selection_links = SelectionLinks(
            tuple(item["slug"] for item in compare_selection()),
            request.path,
            query_without(frozenset((SELECTION,))),
        )
    return g.selection_links


@site.app_template_global()
def selection_argument() -> str | None:
    """The selection as the `compare` argument a link carries on (None without one)."""
    return selection_links().argument


@site.app_template_global()
def toggled_selection_url(slug: str) -> str:
    """The current page (its page number kept) with `slug` added to or taken from the selection."""
    return selection_links().toggled(slug)


@site.app_template_global()
def compare_control(product: dict) -> Markup:
    """A product's "Add to compare" (or "Remove from compare") link, or why it cannot be added."""
    return selection_links().control(product)


@site.app_template_global()
def compare_page_url() -> str:
    """The comparison of the faucets the current page carries."""
    return comparison_url([item["slug"] for item in compare_selection()])
