"""A shopper requests a quote in the system Chromium, with and without JavaScript, on a wide
screen and a phone; staff then answer it in the console. Screenshots go to
test-artifacts/screenshots/."""

import pytest

from tests.conftest import EDITOR_PASSWORD
from tests.console.browser import BROWSER_MARKS, expect, sign_in
from tests.console.conftest import EDITOR_EMAIL
from tests.web import browser

pytestmark = BROWSER_MARKS
VIEWPORTS = {viewport["width"]: viewport for viewport in browser.DEVICES.values()}


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_shopper_fixes_a_mistake_and_sends_a_quote_request(
    tabs, faucet, client, editor, javascript, width
):
    name = f"enquiry-{'js' if javascript else 'no-js'}-{width}"
    tab = tabs(java_script_enabled=javascript, viewport=VIEWPORTS[width])
    tab.goto(f"/p/{faucet['slug']}")
    section = tab.locator("#enquiry")
    expect(section.get_by_role("heading", name="Request a quote")).to_be_visible()
    # The robots' trap is neither seen nor announced.
    expect(tab.get_by_role("textbox", name="Leave this empty")).to_have_count(0)
    assert tab.locator("#enquiry-website").bounding_box()["x"] < 0

    tab.get_by_label("Your name").fill("Grace Plumber")
    tab.get_by_label("Email").fill("grace at plumbing")
    tab.get_by_label("Company").fill("Grace & Sons Plumbing")
    section.get_by_label("Chrome").fill("40")
    tab.get_by_label("Message").fill("Do you deliver to Leeds?")
    section.scroll_into_view_if_needed()
    browser.screenshot(tab, f"{name}-form", full_page=False)
    tab.get_by_role("button", name="Send enquiry").click()

    summary = tab.get_by_role("alert")
    expect(summary).to_contain_text("Not a valid email address.")
    # The form's address ends in #enquiry-errors: the browser shows the list of mistakes first
    # (and, running scripts, focuses it for keyboard and screen reader users).
    expect(summary).to_be_in_viewport()
    if javascript:
        assert tab.evaluate("document.activeElement.id") == "enquiry-errors"
    expect(tab.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    expect(tab.get_by_label("Your name")).to_have_value("Grace Plumber")
    expect(section.get_by_label("Chrome")).to_have_value("40")
    expect(tab.get_by_label("Message")).to_have_value("Do you deliver to Leeds?")
    # The form sent back with its mistakes is a page of its own: nothing on it moves. (This
    # app's test faucet links its photo off the site, which the browser is refused.) The
    # measuring needs scripts: with them off the page runs no timers, which it waits on.
    if javascript:
        assert tab.evaluate(browser.LAYOUT_SHIFT) < 0.1
    summary.scroll_into_view_if_needed()
    browser.screenshot(tab, f"{name}-mistake", full_page=False)

    tab.get_by_label("Email").fill("grace@plumbing.example")
    tab.get_by_role("button", name="Send enquiry").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Thank you for your enquiry")
    expect(tab.locator("main")).to_contain_text(faucet["name"])
    if javascript:
        assert browser.images_on(tab) == 0  # and so none is broken
        assert tab.evaluate(browser.LAYOUT_SHIFT) < 0.1
    browser.screenshot(tab, f"{name}-sent")

    (item,) = client.get("/api/v1/enquiries", headers=editor).json["items"]
    assert [(q["finish"]["slug"], q["quantity"]) for q in item["quantities"]] == [("chrome", 40)]
    assert item["email"] == "grace@plumbing.example"


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_staff_answer_an_enquiry_in_the_console(tabs, staff, faucet, client, width):
    body = {"name": "Hal Builder", "email": "hal@example.com", "message": "Lead time for 200?"}
    assert client.post(f"/api/v1/products/{faucet['slug']}/enquiries", json=body).status_code == 202
    tab = tabs(viewport=VIEWPORTS[width])
    sign_in(tab, EDITOR_EMAIL, EDITOR_PASSWORD)
    if width < 500:
        tab.goto("/admin/enquiries")  # the phone's menu may wrap; the address is the same
    else:
        tab.get_by_role("link", name="Enquiries").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Enquiries")
    browser.screenshot(tab, f"console-enquiries-{width}")
    tab.get_by_role("link", name="E-").first.click()
    expect(tab.locator("#message")).to_have_text("Lead time for 200?")
    tab.get_by_role("button", name="Mark answered").click()
    expect(tab.get_by_role("status")).to_contain_text("is answered now")
    browser.screenshot(tab, f"console-enquiry-{width}")
