"""Phone and desktop layouts in the system Chromium: what a shopper sees first, and that it
stays put while the page loads (cumulative layout shift, by the Layout Instability API)."""

import pytest

from tests.web import browser

pytestmark = browser.needs_chromium
PHONE = browser.DEVICES["phone"]
DESKTOP = browser.DEVICES["desktop"]
LISTINGS = ("/products", "/c/kitchen-faucets?finish=gunmetal", "/search?q=gunmetal")


@pytest.mark.parametrize("scripts", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("url", LISTINGS)
def test_on_a_phone_the_filters_start_folded_and_nothing_shifts(chromium, server, url, scripts):
    problems: list[str] = []
    tab = browser.open_tab(chromium, server, problems, java_script_enabled=scripts)
    tab.set_viewport_size(PHONE)
    tab.goto(url)
    if scripts:  # the measuring needs scripts; without them the same CSS lays the page out
        assert tab.evaluate(browser.LAYOUT_SHIFT) < 0.1
    assert not tab.locator("#filters").is_visible()
    assert tab.locator(".results").first.bounding_box()["y"] < PHONE["height"]

    tab.locator("details.filters > summary").click()
    assert tab.locator("#filters button[type='submit']").is_visible()
    tab.context.close()
    assert problems == []


@pytest.mark.parametrize("url", LISTINGS)
def test_on_a_desktop_the_filters_show_from_the_start_beside_the_results(page, url):
    page.set_viewport_size(DESKTOP)
    page.goto(url)
    assert page.evaluate(browser.LAYOUT_SHIFT) < 0.1
    assert page.locator("#filters").is_visible()
    assert not page.locator("details.filters > summary").is_visible()
    filters = page.locator("#filters").bounding_box()
    results = page.locator(".results").first.bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]


def test_on_a_phone_the_news_topics_come_after_the_first_articles(page):
    page.set_viewport_size(PHONE)
    page.goto("/news")
    topics = page.locator("#topics-title").bounding_box()
    cards = page.locator("main article.article-card")
    assert cards.count() > 3
    third, fourth = (cards.nth(index).bounding_box() for index in (2, 3))
    assert third["y"] < topics["y"] < fourth["y"]

    page.set_viewport_size(DESKTOP)
    topics = page.locator("#topics-title").bounding_box()
    first = cards.first.bounding_box()
    assert topics["x"] > first["x"] + first["width"]  # beside the articles, at the top
    assert topics["y"] < first["y"] + first["height"]
