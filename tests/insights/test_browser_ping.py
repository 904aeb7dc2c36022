"""In the system Chromium, with and without JavaScript, opening a search result reports which
one it was (the link's `ping`), and the result still opens at once."""

import time

import pytest
from sqlalchemy import select

from catalog.models import Product
from core.extensions import db
from tests.console.browser import BROWSER_MARKS, expect
from tests.insights.conftest import logged

pytestmark = BROWSER_MARKS


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_opening_a_search_result_reports_its_position(app, tabs, faucets, javascript):
    tab = tabs(java_script_enabled=javascript)
    tab.goto("/search?q=mixer+tap")
    result = tab.get_by_role("link", name="Chrome Basin Mixer Tap", exact=True)
    result.click()
    expect(tab.get_by_role("heading", level=1, name="Chrome Basin Mixer Tap")).to_be_visible()

    deadline = time.monotonic() + 5  # the browser sends the ping beside the navigation
    while not (clicks := logged(app)[1]) and time.monotonic() < deadline:
        time.sleep(0.05)
    searches = logged(app)[0]
    assert [(row.query, row.source) for row in searches] == [("mixer tap", "page")]
    with app.app_context():
        opened = db.session.scalar(select(Product.id).where(Product.slug == faucets[1]["slug"]))
    assert [(c.search_id, c.doc_type, c.doc_id, c.position) for c in clicks] == [
        (searches[0].id, "product", opened, 1)
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_asking_for_the_words_as_typed_reports_the_correction_refused(
    app, tabs, faucets, javascript
):
    tab = tabs(java_script_enabled=javascript)
    tab.goto("/search?q=gunmetl")
    tab.get_by_role("link", name="gunmetl", exact=True).click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text("gunmetl")

    deadline = time.monotonic() + 5
    while not any(row.correction_declined for row in logged(app)[0]):
        assert time.monotonic() < deadline, "the refusal was not reported"
        time.sleep(0.05)
    first, second = logged(app)[0]
    assert (first.query, first.correction, first.correction_declined) == (
        "gunmetl",
        "gunmetal",
        True,
    )
    assert (second.query, second.correction) == ("gunmetl", None)  # the words as typed
