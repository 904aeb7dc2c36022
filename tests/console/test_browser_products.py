"""Staff at the console in a real browser: a new faucet from sign-in to the storefront."""

import re
import time

from core.auth.models import Role
from tests.conftest import ADMIN_PASSWORD, EDITOR_PASSWORD, create_user
from tests.console.browser import BROWSER_MARKS, expect, shot, sign_in
from tests.media.images import jpeg, png
from tests.web.test_browser_stories import images_on

pytestmark = BROWSER_MARKS
ADMIN = "ada@example.com"


def test_an_admin_adds_a_gunmetal_twin_handle_faucet_and_shoppers_find_it(
    app, taxonomy, tabs, tmp_path
):
    create_user(app, ADMIN, ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    tab = tabs()
    tab.goto("/admin")
    expect(tab).to_have_url(re.compile(r"/admin/sign-in\?next=/admin$"))
    shot(tab, "sign-in")
    sign_in(tab, ADMIN, ADMIN_PASSWORD)
    shot(tab, "dashboard")

    tab.get_by_role("link", name="Products", exact=True).click()
    tab.get_by_role("link", name="New product").click()
    tab.get_by_label("Name").fill("Foundry Twin-Handle Bridge Faucet")
    tab.get_by_label("Brand").select_option("jenor")
    tab.get_by_label("Category").select_option("kitchen-twin-handle")
    tab.get_by_label("Summary").fill("A bridge faucet with cross handles.")
    tab.get_by_label("Handle type").select_option("twin")
    tab.get_by_label("Mounting").select_option("deck")
    tab.get_by_label("Spout type").select_option("swivel")
    tab.get_by_label("Flow rate", exact=True).fill("1.8")
    tab.get_by_label("Flow unit").select_option("gpm")
    tab.get_by_label("Spout height").fill("9")
    tab.get_by_label("Length unit").select_option("in")
    tab.get_by_label("NSF/ANSI 61").check()
    for row, (finish, sku, price) in enumerate(
        [("gunmetal", "FDY-GM", "329.00"), ("chrome", "FDY-CH", "299.00")], start=1
    ):
        tab.get_by_label(f"Finish, row {row}").select_option(finish)
        tab.get_by_label(f"SKU, row {row}").fill(sku)
        tab.get_by_label(f"Price, row {row}", exact=True).fill(price)
        tab.get_by_label(f"Stock, row {row}").fill("5")
    # A third row appears without a reload (JavaScript enhances; the form works without it).
    tab.get_by_role("button", name="Add a row").click()
    expect(tab.get_by_label("Finish, row 4")).to_be_focused()
    shot(tab, "product-new")
    tab.get_by_role("button", name="Save draft").click()
    expect(tab.get_by_role("status")).to_contain_text("Created Foundry Twin-Handle Bridge Faucet")
    edit_url = tab.url

    tab.get_by_role("link", name=re.compile(r"^Photos")).click()
    front, side = tmp_path / "front.jpg", tmp_path / "side.png"
    front.write_bytes(jpeg(color=(90, 92, 96)))
    side.write_bytes(png(color=(200, 200, 210)))
    tab.get_by_label("Photo 1", exact=True).set_input_files(str(front))
    tab.get_by_label("What photo 1 shows (alt text)").fill("Foundry faucet in gunmetal")
    tab.get_by_label("Photo 2", exact=True).set_input_files(str(side))
    tab.get_by_label("What photo 2 shows (alt text)").fill("Foundry faucet in chrome")
    tab.get_by_role("button", name="Upload").click()
    expect(tab.get_by_role("status")).to_contain_text("Added 2 photos")
    cards = tab.locator(".photo-card")
    cards.nth(0).get_by_label("Gunmetal").check()
    cards.nth(1).get_by_label("Chrome").check()
    tab.get_by_role("button", name="Save photos").click()
    expect(tab.get_by_role("status")).to_contain_text("Saved the photos.")
    assert images_on(tab) == 2
    shot(tab, "product-photos")

    tab.get_by_role("link", name="Preview").click()
    expect(tab.get_by_role("note")).to_contain_text("It is not public yet.")
    expect(tab.locator("h1")).to_have_text("Foundry Twin-Handle Bridge Faucet")
    assert images_on(tab) >= 1
    shot(tab, "product-preview")

    tab.goto(edit_url)
    tab.get_by_role("button", name="Publish now").click()
    expect(tab.get_by_role("status")).to_contain_text("(published)")
    shot(tab, "product-edit")
    published_at = time.monotonic()

    shopper = tabs()
    shopper.goto("/search?q=foundry+gunmetal")
    while not shopper.get_by_role("link", name="Foundry Twin-Handle Bridge Faucet").count():
        assert time.monotonic() - published_at < 1.0, "not searchable within a second"
        shopper.reload()
    shopper.get_by_role("link", name="Foundry Twin-Handle Bridge Faucet").first.click()
    expect(shopper.locator("h1")).to_have_text("Foundry Twin-Handle Bridge Faucet")
    expect(shopper.locator(".gallery .frame-main img")).to_have_attribute(
        "alt", "Foundry faucet in gunmetal"
    )

    tab.goto(edit_url)
    tab.get_by_role("link", name="History").click()
    expect(tab.locator(".history > li").first).to_contain_text(ADMIN)
    shot(tab, "product-history")
    tab.get_by_role("link", name="Products", exact=True).click()
    expect(tab.locator("table.list")).to_contain_text("Foundry Twin-Handle Bridge Faucet")
    shot(tab, "products")


def test_two_people_edit_one_product_and_the_second_keeps_their_input(app, make_product, tabs):
    create_user(app, ADMIN, ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    create_user(app, "eddie@example.com", EDITOR_PASSWORD, Role.EDITOR, "Eddie Editor")
    make_product()
    first, second = tabs(), tabs()
    sign_in(first, ADMIN, ADMIN_PASSWORD)
    sign_in(second, "eddie@example.com", EDITOR_PASSWORD)
    for tab in (first, second):
        tab.goto("/admin/products")
        tab.get_by_role("link", name="Heritage Twin-Handle Kitchen Faucet").click()

    first.get_by_label("Name").fill("Heritage Bridge Faucet")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.get_by_role("status")).to_contain_text("Saved Heritage Bridge Faucet")

    second.get_by_label("Summary").fill("Typed while someone else saved.")
    second.get_by_role("button", name="Save", exact=True).click()
    conflict = second.locator("#conflict")
    expect(conflict).to_be_focused()
    expect(conflict).to_contain_text("Someone else saved this product while you were editing")
    expect(conflict).to_contain_text(ADMIN)
    expect(second.get_by_label("Name")).to_have_value("Heritage Bridge Faucet")
    expect(second.get_by_label("Summary")).to_have_value("Typed while someone else saved.")
    shot(second, "conflict")
    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.get_by_role("status")).to_contain_text("Saved Heritage Bridge Faucet")
    expect(second.get_by_label("Summary")).to_have_value("Typed while someone else saved.")
