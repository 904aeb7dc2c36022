"""Markets and approvals: which markets a product may be sold in, by the certifications it holds.

A market requires a set of certifications (staff edit it as data); a product is approved for
the market when it holds every one of them. A market that requires none approves everything.
This is the one place that rule lives: the search documents, the product page and the API read
it from here.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from catalog.models import Certification, Market, Product, product_certifications
from core.extensions import db


@dataclass(frozen=True)
class MarketApproval:
    """One market as a product stands there: approved, or which certifications it lacks."""

    market: Market
    missing: tuple[Certification, ...]

    @property
    def approved(self) -> bool:
        """Whether the product holds every certification the market requires."""
        return not self.missing


def live_markets(session: Session | None = None) -> list[Market]:
    """The markets shoppers can choose (not archived), by name, with their requirements."""
    session = session or db.session()
    statement = (
        select(Market)
        .where(Market.archived_at.is_(None))
        .options(selectinload(Market.certifications))
        .order_by(Market.name)
    )
    return list(session.scalars(statement))


def approvals(held: Iterable[Certification], markets: Sequence[Market]) -> list[MarketApproval]:
    """How a product holding the `held` certifications stands in each of `markets`."""
    held_ids = {certification.id for certification in held}
    return [
        MarketApproval(
            market,
            tuple(c for c in market.certifications if c.id not in held_ids),
        )
        for market in markets
    ]


def approved_markets(
    held: Iterable[Certification], markets: Sequence[Market] | None = None
) -> list[Market]:
    """The `markets` (default: every live one) a product holding the `held` certifications
    is approved for."""
    chosen = live_markets() if markets is None else markets
    return [entry.market for entry in approvals(held, chosen) if entry.approved]


def products_a_market_change_affects(market: Market):
    """The products whose approval for `market` may differ after its change: those holding one
    of its old or new certifications, or every product when either set is empty (a market
    without requirements approves everything). Run from the search outbox's after-flush hook,
    while the change's history is still there."""
    state = inspect(market)
    history = state.attrs.certifications.history
    before = {c.id for c in (*history.unchanged, *history.deleted)}
    after = {c.id for c in (*history.unchanged, *history.added)}
    # Called after a flush, while the session still lists what it inserted: a new market had
    # no "before" to compare with.
    new = state.session is not None and market in state.session.new
    if (not before and not new) or not after:
        return select(Product.id)
    return (
        select(product_certifications.c.product_id)
        .where(product_certifications.c.certification_id.in_(before | after))
        .distinct()
    )
