"""The garbage collector's settings for a serving process (`wsgi.py`).

A listing page builds thousands of short-lived containers (each product's stored listing is
parsed into a tree of dicts), so at CPython's default threshold, a young-generation collection
every 700 allocations, one page sets off several collections, and every tenth of them scans the
middle generation too: about 6% of a cold listing page's instructions (counted with callgrind).
What start-up made lives as long as the process, so it is frozen out of every later scan.
"""

import gc

YOUNG_THRESHOLD = 10_000  # allocations between young collections (CPython's default: 700)


def tune_for_serving() -> None:
    """Freeze what start-up made and collect the young generation less often."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
