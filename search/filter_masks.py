"""A type's filters as masks over an index view: keyword values, number ranges and flags."""

from typing import Any

import numpy as np

from search.registry import Keyword, Number
from search.tables import IndexView, between, unpacked


def filter_masks(view: IndexView, filters: dict[str, Any]) -> dict[str, np.ndarray]:
    """A mask per filter given in `filters` (by argument name) that the view's type declares."""
    masks = {}
    for keyword in view.document_type.declared(Keyword):
        values = filters.get(keyword.name)
        if values:
            masks[keyword.name] = having(view, keyword.name, values)
    for number in view.document_type.declared(Number):
        values = view.numbers[number.name]
        low, high = (filters.get(arg) for arg in (number.range_args or ("", "")))
        if low is not None or high is not None:
            masks[number.name] = between(values, low, high)
        flag = filters.get(number.flag_arg) if number.flag_arg else None
        if flag is not None:
            masks[number.flag_arg] = flagged(values, flag)
    return masks


def having(view: IndexView, name: str, values) -> np.ndarray:
    """Which documents have any of `values` in keyword column `name`."""
    column = view.column(name)
    wanted = np.flatnonzero(np.isin(column.vocabulary, [value.encode() for value in values]))
    masks = view.value_masks(name)
    if masks is None:
        mask = np.zeros(view.size, dtype=bool)
        mask[column.documents[np.isin(column.ordinals, wanted)]] = True
        return mask
    if not len(wanted):
        return np.zeros(view.size, dtype=bool)
    return unpacked(np.bitwise_or.reduce(masks[wanted], axis=0), view.size)


def flagged(values: np.ndarray, flag: bool) -> np.ndarray:
    """Which documents a flag (in stock …) holds for: a positive number, or not."""
    return values > 0 if flag else values <= 0
