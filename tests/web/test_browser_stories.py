"""Shoppers and readers in a real browser: the system Chromium driven by Playwright.

The demo site is served over HTTP from a thread; requests leaving it (product photos on
images.example.com) are refused at once, as they would fail here anyway. Screenshots of each
kind of page go to test-artifacts/screenshots/.
"""

import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.web.pages import PAGE_TYPES, RARE_EARTHS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
OFF_SITE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'"
)
expect = playwright_api.expect
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: install the Debian package (.ci/run does)",
    ),
]


@pytest.fixture(scope="module")
def server(site):
    """The demo site over HTTP on a free loopback port."""
    http = make_server("127.0.0.1", 0, site, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def chromium():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_tab(chromium, server, **options):
    """A fresh browser tab on the site that records script errors and CSP refusals."""
    context = chromium.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, **options
    )
    context.route(OFF_SITE, lambda route: route.abort())
    tab = context.new_page()
    tab.problems = []
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and tab.problems.append(message.text)
        ),
    )
    return tab


@pytest.fixture
def page(chromium, server):
    """A browser tab with JavaScript; the test fails if a script breaks or CSP refuses anything."""
    tab = open_tab(chromium, server)
    yield tab
    tab.context.close()
    assert tab.problems == []


def screenshot(tab, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


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
    screenshot(page, "listing-filtered")

    page.locator(".product-card h3 a").first.click()
    expect(page.locator("h1")).to_be_visible()
    price = page.locator("[data-show=price]")
    before = price.inner_text()
    other = page.locator(f"input[name=finish]:not([data-price='{before}'])").first
    finish, target = other.get_attribute("value"), other.get_attribute("data-price")
    page.evaluate("window.stayedOnPage = true")
    page.locator(f"label[for=finish-{finish}]").click()
    expect(price).to_have_text(target)
    expect(page).to_have_url(re.compile(rf"\?finish={finish}$"))
    assert page.evaluate("window.stayedOnPage") is True, "the price changed without a reload"
    screenshot(page, "product")


def test_without_javascript_the_finish_picker_reloads_with_the_chosen_price(chromium, server):
    tab = open_tab(chromium, server, java_script_enabled=False)
    tab.goto(PAGE_TYPES["product"])
    expect(tab.locator("[data-show=price]")).to_have_text("$289.00")
    tab.locator("label[for=finish-gunmetal]").click()
    tab.get_by_role("button", name="Show this finish").click()
    expect(tab).to_have_url(re.compile(r"\?finish=gunmetal$"))
    expect(tab.locator("[data-show=price]")).to_have_text("$339.00")
    tab.context.close()


def test_a_shopper_misspells_a_search_and_follows_did_you_mean(page):
    page.goto("/")
    box = page.get_by_label("Search faucets and news")
    box.press_sequentially("gunm", delay=30)
    expect(page.locator("#site-q-suggestions option[value='gunmetal']")).to_have_count(1)
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


@pytest.mark.parametrize(
    ("device", "viewport"),
    [("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})],
)
def test_screenshots_of_every_kind_of_page(page, device, viewport):
    page.set_viewport_size(viewport)
    for name, url in {**PAGE_TYPES, "not-found": "/no/such/page"}.items():
        response = page.goto(url)
        assert response.status == (404 if name == "not-found" else 200), url
        # A phone screenshot shows what fits on the screen: whether the page starts well.
        screenshot(page, f"{name}-{device}", full_page=device == "desktop")
