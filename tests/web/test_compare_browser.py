"""Shoppers pick faucets from the listing and compare them in a real browser, with and without
JavaScript, on a laptop and on a phone. Screenshots go to test-artifacts/screenshots/."""

import re

import pytest

from tests.web.browser import LAYOUT_SHIFT, needs_chromium, open_tab, screenshot

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'"
)
expect = playwright_api.expect
pytestmark = needs_chromium
SCREENS = pytest.mark.parametrize(
    ("device", "viewport"),
    [("desktop", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})],
    ids=["1366", "390"],
)
# How far the page itself scrolls sideways (0: everything fits the screen's width).
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def no_script_tab(chromium, server):
    """A browser tab with JavaScript off; the test fails if CSP refuses anything."""
    problems: list[str] = []
    tab = open_tab(chromium, server, problems, java_script_enabled=False)
    yield tab
    tab.context.close()
    assert problems == []


def images_on(tab) -> int:
    """How many <img> the page has, after checking each one loaded (naturalWidth > 0).

    Photo by photo from here: with JavaScript off the page has no timers, which the shared
    scroll-through script waits on.
    """
    images = tab.locator("img")
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("image => image.naturalWidth") > 0, image.get_attribute("src")
    tab.evaluate("() => window.scrollTo(0, 0)")
    return images.count()


def expect_tray(tray, names: list[str]) -> None:
    """The tray lists `names`, in the order they were added."""
    expect(tray.locator(".compare-tray-title")).to_have_text(f"Compare ({len(names)} of 4):")
    expect(tray.locator("li")).to_have_text([re.compile(f"^{re.escape(n)}") for n in names])


def card_names(tab, count: int) -> list[str]:
    return [tab.locator(".product-card h3").nth(index).inner_text() for index in range(count)]


def check_the_comparison(tab, names: list[str], device: str, shot: str) -> None:
    """The comparison shows `names` in order with some rows marked as differing, every photo
    loaded and, on a phone, the table scrolling inside its box with the row names kept."""
    expect(tab.locator(".compare-name")).to_have_text(names)
    differing = tab.locator("tr.differs th")
    assert differing.count() > 0
    for label in differing.all_inner_texts():
        assert label.lower().endswith("differs")
    assert images_on(tab) == len(names)
    assert tab.evaluate(PAGE_OVERFLOW) == 0
    if device == "phone":
        box = tab.locator(".compare-scroll")
        assert box.evaluate("box => box.scrollWidth > box.clientWidth")
        row_name = tab.locator("tbody th").first
        before = row_name.bounding_box()
        box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
        assert row_name.bounding_box() == before, "the row names stay in view"
        box.evaluate("box => { box.scrollLeft = 0; }")
    screenshot(tab, shot, full_page=device == "desktop")


@SCREENS
def test_without_javascript_a_shopper_adds_two_cards_compares_and_removes_one(
    no_script_tab, device, viewport
):
    tab = no_script_tab
    tab.set_viewport_size(viewport)
    tab.goto("/products?sort=name")
    names = card_names(tab, 2)
    for index in range(2):
        card = tab.locator(".product-card").nth(index)
        card.get_by_role("link", name="Add to compare").click()
        expect(tab.locator(".product-card").nth(index)).to_contain_text("Remove from compare")
    expect(tab).to_have_url(re.compile(r"/products\?sort=name&compare=[a-z0-9-]+%2C[a-z0-9-]+$"))
    tray = tab.get_by_role("complementary", name="Faucets to compare")
    expect_tray(tray, names)
    assert images_on(tab) > 0
    assert tab.evaluate(PAGE_OVERFLOW) == 0
    screenshot(tab, f"compare-picking-no-js-{device}", full_page=False)

    tray.get_by_role("link", name="Compare 2 faucets").click()
    expect(tab).to_have_url(re.compile(r"/compare\?products=[a-z0-9-]+,[a-z0-9-]+$"))
    check_the_comparison(tab, names, device, f"compare-no-js-{device}")

    tab.get_by_role("link", name=f"Remove {names[0]}").click()
    expect(tab.locator(".compare-name")).to_have_text([names[1]])
    expect(tab.get_by_text("Add another faucet to see where they differ.")).to_be_visible()
    tab.get_by_role("link", name="Add another faucet").click()
    expect(tab).to_have_url(re.compile(r"/products\?compare=[a-z0-9-]+$"))
    expect_tray(tray, names[1:])


@SCREENS
def test_with_javascript_the_selection_follows_the_shopper_without_reloads(page, device, viewport):
    page.set_viewport_size(viewport)
    page.goto("/products?sort=name")
    tray = page.get_by_role("complementary", name="Faucets to compare")
    expect(tray).to_be_hidden()
    names = card_names(page, 2)
    page.evaluate("window.stayedOnPage = true")
    for index in range(2):
        page.locator(".product-card").nth(index).get_by_role(
            "button", name="Add to compare"
        ).click()
    expect_tray(tray, names)
    expect(page.locator(".product-card").first.get_by_role("button")).to_have_text(
        re.compile("^Remove from compare")
    )
    assert page.evaluate("window.stayedOnPage") is True, "added without a reload"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    screenshot(page, f"compare-picking-js-{device}", full_page=False)

    # The tray comes along to another page, kept in the browser, and appearing there moves
    # nothing on the page (it floats at the screen's foot).
    page.goto("/search?q=faucet")
    expect_tray(tray, names)
    assert page.evaluate(LAYOUT_SHIFT) < 0.1
    # Scrolled to its end, the page's foot shows above the floating tray, not under it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = page.locator(".site-footer").bounding_box()
    assert footer["y"] + footer["height"] <= tray.bounding_box()["y"] + 1
    tray.get_by_role("link", name="Compare 2 faucets").click()
    expect(page).to_have_url(re.compile(r"/compare\?products=[a-z0-9-]+,[a-z0-9-]+$"))
    check_the_comparison(page, names, device, f"compare-js-{device}")

    page.get_by_role("link", name=f"Remove {names[0]}").click()
    expect(page.locator(".compare-name")).to_have_text([names[1]])
    page.goto("/products?sort=name")
    expect_tray(tray, names[1:])
    tray.get_by_role("button", name=f"Remove {names[1]} from compare").click()
    expect(tray).to_be_hidden()
