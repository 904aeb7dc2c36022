"""Staff's rules in a ranking: boosted documents' relevance raised, pinned documents first."""

from collections.abc import Mapping
from datetime import datetime

import numpy as np

from search.filter_masks import flagged, having
from search.registry import Keyword
from search.rules import RECENT, Boost, Pins
from search.tables import IndexView

PIN_TIER = 1e12  # above every tier of `search.querying`'s rank
PIN_PLACES = 1000  # more than any rule pins: place 0 ranks highest
BOOST_SETS = 4  # sets of boosts a view keeps factors for (the live ones, a preview's, …)


def boost_factors(view: IndexView, boosts: tuple[Boost, ...], now: datetime) -> np.ndarray:
    """What each document's text relevance is multiplied by under `boosts` (1 for most), once
    per generation, set of boosts and day."""
    key = (boosts, now.date())
    found = view.boost_factors.get(key)
    if found is None:
        found = np.ones(view.size)
        for boost in boosts:
            if boost.type == view.document_type.name:
                found += boost.weight / 10 * _boosted(view, boost, now)
        if len(view.boost_factors) >= BOOST_SETS:
            view.boost_factors.clear()
        view.boost_factors[key] = found
    return found


def _boosted(view: IndexView, boost: Boost, now: datetime) -> np.ndarray:
    """Which documents `boost` raises."""
    if boost.name == RECENT:
        return view.published >= now.timestamp() - int(boost.value or 0) * 86_400
    if boost.name in view.numbers:
        return flagged(view.numbers[boost.name], True)
    keywords = {keyword.name for keyword in view.document_type.declared(Keyword)}
    if boost.name in keywords and boost.value:
        return having(view, boost.name, [boost.value])
    return np.zeros(view.size, dtype=bool)


def pin(view: IndexView, places: Mapping[int, int], match: np.ndarray, rank: np.ndarray) -> None:
    """Put the pinned documents first, in their places, whether they match the words or not."""
    docnums = np.flatnonzero(np.isin(view.keys, list(places)))
    for docnum in docnums.tolist():
        match[docnum] = True
        rank[docnum] = PIN_TIER * (PIN_PLACES - places[int(view.keys[docnum])])


def pins_by_type(pins: Pins | None) -> dict[str, dict]:
    """A rule's pins as the engine's request takes them per type: the places of the pinned
    documents (0 first, across types) and the hidden ones."""
    pinned: dict[str, dict[int, int]] = {}
    unpinned: dict[str, list[int]] = {}
    for place, (name, key) in enumerate(pins.first if pins else ()):
        pinned.setdefault(name, {})[key] = place
    for name, key in pins.hidden if pins else ():
        unpinned.setdefault(name, []).append(key)
    return {"pinned": pinned, "unpinned": unpinned}
