"""Two people edit one product: nothing is silently overwritten and nothing typed is lost."""

from tests.console.conftest import ADMIN_EMAIL
from tests.console.console import location_path, replaced, text_of
from tests.console.test_product_editor import _id_of


def open_both(admin_console, editor_console, make_product):
    product = make_product(status="draft")
    product_id = _id_of(admin_console, product["slug"])
    path = f"/admin/products/{product_id}"
    return product, path, admin_console.form_values(path), editor_console.form_values(path)


def test_the_second_save_shows_who_changed_what_and_merges_the_rest(
    admin_console, editor_console, make_product, client, editor
):
    product, path, admins_form, editors_form = open_both(
        admin_console, editor_console, make_product
    )
    admin_console.post(path, replaced(admins_form, name="Heritage Bridge Faucet"), expect=303)

    mine = replaced(editors_form, summary="Now with a longer swivel spout.", action="save")
    response = editor_console.post(path, mine, expect=409)
    page = response.page
    words = text_of(page)
    assert "Someone else saved this product while you were editing" in words
    assert ADMIN_EMAIL in words
    assert "name from “Heritage Twin-Handle Kitchen Faucet” to “Heritage Bridge Faucet”" in words
    # Their name and my summary are both in the form, which now edits the newer version.
    assert page.xpath("//input[@name='name']/@value") == ["Heritage Bridge Faucet"]
    assert page.xpath("//input[@name='summary']/@value") == ["Now with a longer swivel spout."]
    shown = client.get(f"/api/v1/products/{product['slug']}", headers=editor).json
    assert shown["summary"] == product["summary"]  # nothing of mine saved yet

    merged = page.xpath("//form[@class='editor']")[0].form_values()
    response = editor_console.post(path, replaced(merged, action="save"), expect=303)
    assert location_path(response) == path
    shown = client.get(f"/api/v1/products/{product['slug']}", headers=editor).json
    assert (shown["name"], shown["summary"]) == (
        "Heritage Bridge Faucet",
        "Now with a longer swivel spout.",
    )


def test_when_both_change_one_field_the_page_says_so_and_keeps_my_value(
    admin_console, editor_console, make_product, client, editor
):
    product, path, admins_form, editors_form = open_both(
        admin_console, editor_console, make_product
    )
    admin_console.post(path, replaced(admins_form, name="Admin's name"), expect=303)
    page = editor_console.post(
        path, replaced(editors_form, name="Editor's name", action="save"), expect=409
    ).page
    assert "You both changed: name." in text_of(page)
    assert page.xpath("//input[@name='name']/@value") == ["Editor's name"]
    shown = client.get(f"/api/v1/products/{product['slug']}", headers=editor).json
    assert shown["name"] == "Admin's name"


def test_a_variant_row_added_by_one_and_a_price_changed_by_the_other_both_survive(
    admin_console, editor_console, make_product, client, editor
):
    product, path, admins_form, editors_form = open_both(
        admin_console, editor_console, make_product
    )
    admin_console.post(path, replaced(admins_form, seo_title="Heritage faucet"), expect=303)
    added = replaced(
        editors_form,
        **{
            "variants-2-finish": "matte-black",
            "variants-2-sku": "HER-MB",
            "variants-2-price": "239",
        },
        action="save",
    )
    page = editor_console.post(path, added, expect=409).page
    merged = page.xpath("//form[@class='editor']")[0].form_values()
    editor_console.post(path, replaced(merged, action="save"), expect=303)
    shown = client.get(f"/api/v1/products/{product['slug']}", headers=editor).json
    assert shown["seo_title"] == "Heritage faucet"
    assert [v["sku"] for v in shown["variants"]] == ["HER-CH", "HER-GM", "HER-MB"]
