"""Shoppers and readers in a real browser: the system Chromium driven by Playwright.

The demo site is served over HTTP from a thread, its photos included; any request leaving it is
refused at once (the demo links no outside image). Screenshots of each kind of page go to
test-artifacts/screenshots/.
"""

import re

import pytest

from tests.web.browser import (
    DEVICES,
    LAYOUT_SHIFT,
    images_on,
    needs_chromium,
    open_tab,
    screenshot,
)
from tests.web.pages import PAGE_TYPES, RARE_EARTHS

# Each visible element holding text, with its colour and the first opaque background behind it.
TEXT_COLOURS = """() => {
  const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const behind = (element) => {
    for (; element; element = element.parentElement) {
      const colour = rgb(getComputedStyle(element).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const ownText = (element) =>
    [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
  return [...document.querySelectorAll("body *")]
    .filter(ownText)
    .filter((element) => element.getBoundingClientRect().width > 1 && element.checkVisibility())
    .map((element) => [element.textContent.trim().slice(0, 40),
                       rgb(getComputedStyle(element).color).slice(0, 3), behind(element)]);
}"""

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'"
)
expect = playwright_api.expect
pytestmark = needs_chromium


def contrast(first: list[float], second: list[float]) -> float:
    """The WCAG contrast ratio of two sRGB colours."""

    def luminance(colour: list[float]) -> float:
        channels = [c / 255 for c in colour]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


PAGES_WITH_PHOTOS = {
    "home",
    "listing",
    "category",
    "product",
    "search",
    "news",
    "article",
    "tag",
    "author",
    "compare",
    "market-listing",
    "search-corrected",
}
# Pages a shopper reaches in other states of the same templates, each with its status.
PAGE_STATES = {
    "market-listing": ("/products?market=united-kingdom", 200),
    "search-corrected": ("/search?q=gunmetl", 200),
    "search-empty": ("/search?q=zzxqv", 200),
    "past-the-end": ("/products?page=99", 200),
    "compare-empty": ("/compare", 200),
    "bad-filter": ("/products?handle_type=seven", 400),
    "not-found": ("/no/such/page", 404),
}


def test_a_shopper_filters_to_gunmetal_twin_handle_kitchen_faucets_and_switches_finish(page):
    page.goto("/")
    page.get_by_role("link", name="Kitchen faucets", exact=True).click()
    page.get_by_label("Gunmetal").check()
    page.get_by_label("Twin handle").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(
        re.compile(r"/c/kitchen-faucets\?finish=gunmetal&handle_type=twin&sort=newest$")
    )
    count = page.locator("#results-count")
    expect(count).to_have_text("7 products")
    expect(page.locator(".product-card")).to_have_count(7)
    # Every card shows its gunmetal photo and price, and links to that finish.
    assert images_on(page) >= 7
    for alt in page.locator(".product-card img").evaluate_all("all => all.map(i => i.alt)"):
        assert "in gunmetal" in alt
    for href in page.locator(".product-card h3 a").evaluate_all("all => all.map(a => a.href)"):
        assert href.endswith("?finish=gunmetal")
    screenshot(page, "listing-filtered")

    page.locator(".product-card h3 a").first.click()
    expect(page.locator("h1")).to_be_visible()
    main_photo = page.locator(".gallery .frame-main img")
    expect(main_photo).to_have_attribute("alt", re.compile("in gunmetal"))
    price = page.locator("[data-show=price]")
    before = price.inner_text()
    other = page.locator(f"input[name=finish]:not([data-price='{before}'])").first
    finish, target = other.get_attribute("value"), other.get_attribute("data-price")
    page.evaluate("window.stayedOnPage = true")
    page.locator(f"label[for=finish-{finish}]").click()
    expect(price).to_have_text(target)
    expect(page).to_have_url(re.compile(rf"\?finish={finish}$"))
    finish_name = page.locator(f"label[for=finish-{finish}] .finish-name").inner_text()
    expect(main_photo).to_have_attribute("alt", re.compile(f"in {finish_name.lower()}"))
    assert images_on(page) >= 1
    assert page.evaluate("window.stayedOnPage") is True, "the price changed without a reload"
    screenshot(page, "product")


def test_without_javascript_the_finish_picker_reloads_with_the_chosen_price(chromium, server):
    tab = open_tab(chromium, server, [], java_script_enabled=False)
    tab.goto(PAGE_TYPES["product"])
    expect(tab.locator("[data-show=price]")).to_have_text("$289.00")
    tab.locator("label[for=finish-gunmetal]").click()
    tab.get_by_role("button", name="Show this finish").click()
    expect(tab).to_have_url(re.compile(r"\?finish=gunmetal$"))
    expect(tab.locator("[data-show=price]")).to_have_text("$339.00")
    main_photo = tab.locator(".gallery .frame-main img")
    expect(main_photo).to_have_attribute("alt", re.compile("in gunmetal"))
    tab.context.close()


def test_a_shopper_misspells_a_search_and_follows_did_you_mean(page):
    page.goto("/")
    box = page.get_by_label("Search faucets and news")
    box.press_sequentially("gunm", delay=30)
    expect(page.get_by_role("option", name="gunmetal", exact=True)).to_have_count(1)
    box.fill("gunmetl")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=gunmetl$"))
    page.get_by_role("link", name="gunmetal", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search\?q=gunmetal$"))
    expect(page.locator(".did-you-mean")).to_have_count(0)
    expect(page.locator(".search-results mark").first).to_have_text(re.compile("gunmetal", re.I))
    screenshot(page, "search")


def test_a_reader_opens_the_rare_earth_article_and_follows_a_tag(page):
    page.goto("/news")
    page.get_by_role("link", name=re.compile("^Rare-earth export quotas")).click()
    expect(page).to_have_url(re.compile(f"{RARE_EARTHS}$"))
    expect(page.locator("h1")).to_contain_text("after the WTO ruling")
    screenshot(page, "article")
    page.locator(".article-head").get_by_role("link", name="Rare earths").click()
    expect(page).to_have_url(re.compile(r"/news/tag/rare-earths$"))
    expect(page.locator("h1")).to_have_text("News about Rare earths")
    expect(page.get_by_role("link", name=re.compile("^Rare-earth export quotas"))).to_be_visible()
    screenshot(page, "news-tag")


def test_a_keyboard_user_can_skip_straight_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_all_text_has_at_least_aa_contrast_on_every_kind_of_page(page):
    for url in PAGE_TYPES.values():
        page.goto(url)
        faint = [
            (words, round(contrast(colour, background), 2))
            for words, colour, background in page.evaluate(TEXT_COLOURS)
            if contrast(colour, background) < 4.5
        ]
        assert faint == [], url


@pytest.mark.parametrize("device", list(DEVICES))
def test_screenshots_of_every_kind_of_page(page, device):
    """Each kind of page at 1366 and 390 px: every image loads and nothing moves as it does
    (cumulative layout shift under 0.1, as the Layout Instability API measures it)."""
    page.set_viewport_size(DEVICES[device])
    pages = {name: (url, 200) for name, url in PAGE_TYPES.items()} | PAGE_STATES
    for name, (url, status) in pages.items():
        response = page.goto(url)
        assert response.status == status, url
        shown = images_on(page)
        assert (shown > 0) == (name in PAGES_WITH_PHOTOS), (url, shown)
        assert page.evaluate(LAYOUT_SHIFT) < 0.1, (url, device)
        # A phone screenshot shows what fits on the screen: whether the page starts well.
        screenshot(page, f"{name}-{device}", full_page=device == "desktop")


@pytest.mark.parametrize("device", list(DEVICES))
def test_the_api_docs_work_without_internet_access(page, device):
    """Every request off the site is refused (see open_tab): Swagger UI comes from the app."""
    page.set_viewport_size(DEVICES[device])
    page.goto("/api/docs")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible(timeout=15_000)
    assert operations.count() > 20
    expect(page.locator(".info .title")).to_contain_text("Sanitary")
    assert page.evaluate("document.documentElement.scrollWidth") <= DEVICES[device]["width"]
    screenshot(page, f"api-docs-{device}")
