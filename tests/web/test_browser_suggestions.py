"""Search as you type in the system Chromium: words, products and articles from one request,
chosen with the keyboard or the mouse, announced to screen readers."""

import re

from tests.console.browser import expect
from tests.web import browser

pytestmark = browser.needs_chromium


def typed(page, words: str):
    """The masthead's search box after `words` were typed into it on the home page."""
    page.goto("/")
    box = page.get_by_role("combobox", name="Search faucets and news")
    box.press_sequentially(words, delay=30)
    expect(page.locator("#site-q-suggestions")).to_be_visible()
    return box


def test_typing_lists_words_products_and_articles_with_pictures_and_prices(page):
    with page.expect_response(re.compile(r"/api/v1/search/suggest\?q=gunm$")):
        box = typed(page, "gunm")
    expect(box).to_have_attribute("aria-expanded", "true")
    searches = page.get_by_role("group", name="Searches").get_by_role("option")
    expect(searches.first).to_have_text("gunmetal")
    products = page.get_by_role("group", name="Products").get_by_role("option")
    assert products.count() >= 1
    for index in range(products.count()):
        expect(products.nth(index)).to_contain_text(re.compile(r"\$\d+\.\d\d"))
    assert browser.images_on(page) > 0  # every thumbnail loaded
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\d+ suggestions: "))
    for device in browser.DEVICES:
        page.set_viewport_size(browser.DEVICES[device])
        browser.screenshot(page, f"suggestions-{device}", full_page=False)


def test_the_keyboard_moves_through_the_list_and_follows_a_product(page):
    box = typed(page, "gunm")
    options = page.locator("#site-q-suggestions [role=option]")
    box.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("ArrowUp")  # wraps to the last option
    expect(options.last).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    product = page.get_by_role("group", name="Products").get_by_role("option").first
    title = product.locator(".suggestion-title").inner_text()
    while product.get_attribute("aria-selected") != "true":
        box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/p/[a-z0-9-]+$"))
    expect(page.locator("h1")).to_have_text(title)


def test_a_word_searches_for_it_and_escape_closes_the_list(page):
    box = typed(page, "gunm")
    box.press("Escape")
    expect(page.locator("#site-q-suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("gunm")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=gunmetal$"))


def test_articles_come_with_their_date_and_open_with_a_click(page):
    typed(page, "rare ea")
    article = page.get_by_role("group", name="Articles").get_by_role("option").first
    expect(article).to_contain_text(re.compile(r"Rare-earth"))
    expect(article).to_contain_text(re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}"))
    article.click()
    expect(page).to_have_url(re.compile(r"/news/[a-z0-9-]+$"))


def test_without_javascript_the_box_is_a_plain_search(chromium, server):
    tab = browser.open_tab(chromium, server, [], java_script_enabled=False)
    tab.goto("/")
    box = tab.get_by_label("Search faucets and news")
    expect(box).not_to_have_attribute("role", "combobox")
    box.fill("gunmetal")
    box.press("Enter")
    expect(tab).to_have_url(re.compile(r"/search\?q=gunmetal$"))
    tab.context.close()
