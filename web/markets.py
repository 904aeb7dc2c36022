"""The shopper's market: chosen once in the masthead, kept in a cookie, applied to listings.

A `market=` argument in the address filters a page as it filters the API; without one, the
market the shopper chose (the cookie) does, so listings, search and product pages speak for
where they buy. Choosing "all markets" forgets the cookie.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import g, redirect, request, url_for

from catalog.markets import live_markets
from core.public_urls import local_path
from web.site import site
from web.terms import MarketEntry, market_entries

MARKET = "market"  # the cookie's and the argument's name
REMEMBERED_FOR = timedelta(days=365)
CHOICE = "market_choice"


@dataclass(frozen=True)
class MarketChoice:
    """The markets a shopper can pick from and the one this page is for (by argument or cookie)."""

    markets: tuple[MarketEntry, ...]
    chosen: MarketEntry | None
    remembered: MarketEntry | None  # the cookie's, whether or not the address overrides it
    in_address: bool  # whether the address names a market (which then overrides the cookie)

    @property
    def from_cookie(self) -> bool:
        """Whether the page follows the shopper's remembered market."""
        return self.chosen is not None and not self.in_address


def market_choice() -> MarketChoice:
    """This request's markets and choice (read once; marks the response as varying by cookie)."""
    if CHOICE not in g:
        markets = market_entries()
        by_slug = {market.slug: market for market in markets}
        remembered = by_slug.get(request.cookies.get(MARKET, ""))
        asked = request.args.get(MARKET, "").strip()
        chosen = by_slug.get(asked) if asked else remembered
        setattr(g, CHOICE, MarketChoice(markets, chosen, remembered, bool(asked)))
    return getattr(g, CHOICE)


def with_market(args: dict) -> dict:
    """Listing arguments with the shopper's remembered market, unless the address names one."""
    choice = market_choice()
    if MARKET in args or not choice.from_cookie or choice.chosen is None:
        return args
    return {**args, MARKET: [choice.chosen.slug]}


@site.route("/market", methods=["POST"])
def choose_market():
    """Remember the market picked in the masthead (empty: every market) and go back."""
    wanted = request.form.get(MARKET, "").strip()
    back = local_path(request.form.get("next")) or url_for("web.home")
    response = redirect(back, 303)
    market = next((m for m in live_markets() if m.slug == wanted), None)
    if market is None:
        response.delete_cookie(MARKET)
    else:
        response.set_cookie(
            MARKET,
            market.slug,
            max_age=REMEMBERED_FOR,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response


@site.after_request
def _vary_by_market(response):
    if CHOICE in g:
        response.vary.add("Cookie")
    return response
