"""Staff add and maintain listings in the console; every write is the API's own write."""

import pytest

from catalog.models import Product
from tests.console.conftest import EDITOR_EMAIL
from tests.console.console import count_rows, field_error, location_path, replaced, text_of
from tests.console.editing import new_faucet_form


def created_id(response) -> int:
    path = location_path(response)
    assert path.startswith("/admin/products/"), path
    return int(path.rsplit("/", 1)[1])


def test_an_editor_creates_a_faucet_entered_in_us_units(editor_console, taxonomy, client):
    editor_console.get("/admin/products/new")
    response = editor_console.post("/admin/products/new", new_faucet_form("publish"), expect=303)
    page = editor_console.get(location_path(response)).page
    assert "Created Foundry Twin-Handle Bridge Faucet (published)." in text_of(page)

    shown = client.get("/api/v1/products/foundry-twin-handle-bridge-faucet").json
    assert shown["status"] == "published"
    # 1.8 US gallons a minute is 6.81 L/min; 9 in is 228.6 mm, 8.25 in is 209.55 mm.
    assert shown["specs"]["flow_rate"]["l_per_min"] == "6.81"
    assert shown["specs"]["spout_height"]["mm"] == 229
    assert shown["specs"]["spout_reach"]["mm"] == 210
    assert [
        (v["sku"], v["finish"]["slug"], v["price"]["amount"], v["stock"]) for v in shown["variants"]
    ] == [("FDY-GM", "gunmetal", "329.00", 7), ("FDY-CH", "chrome", "299.00", 0)]
    assert shown["variants"][0]["compare_at_price"]["amount"] == "359.00"
    assert [c["slug"] for c in shown["certifications"]] == ["nsf-ansi-61"]
    assert shown["seo_title"] == "Foundry twin-handle faucet in gunmetal"


def test_the_audit_log_names_the_console_user(editor_console, taxonomy, client, admin):
    response = editor_console.post("/admin/products/new", new_faucet_form(), expect=303)
    product_id = created_id(response)
    log = client.get(
        f"/api/v1/audit?object_type=product&object_id={product_id}", headers=admin
    ).json["items"]
    assert [(entry["action"], entry["actor"]) for entry in log] == [("create", EDITOR_EMAIL)]


def test_invalid_fields_show_the_apis_messages_beside_them_and_keep_the_input(
    editor_console, taxonomy, client, editor
):
    form = replaced(
        new_faucet_form(),
        name="",
        **{"variants-1-price": "twelve", "variants-0-sku": "has spaces"},
    )
    response = editor_console.post("/admin/products/new", form, expect=422)
    page = response.page
    api = client.post(
        "/api/v1/products",
        json={
            "name": "",
            "variants": [
                {"sku": "has spaces", "finish": "gunmetal", "price": {"amount": "1"}},
                {"sku": "OK", "finish": "chrome", "price": {"amount": "twelve"}},
            ],
        },
        headers=editor,
    ).json["errors"]
    assert field_error(page, "name") == " ".join(api["name"])
    assert field_error(page, "variants-1-price") == " ".join(api["variants.1.price.amount"])
    assert field_error(page, "variants-0-sku") == " ".join(api["variants.0.sku"])
    assert page.xpath("//input[@name='variants-1-price']/@value") == ["twelve"]
    assert page.xpath("//input[@name='summary']/@value") == [
        "A bridge faucet with cross handles, in gunmetal or chrome."
    ]
    assert page.xpath("//input[@id='name']/@aria-invalid") == ["true"]
    assert "Nothing was saved" in text_of(page)
    assert count_rows(editor_console.client.application, Product) == 0


def test_a_sku_another_product_uses_is_refused_on_its_row(editor_console, make_product, taxonomy):
    make_product()  # owns HER-CH
    form = replaced(new_faucet_form(), **{"variants-1-sku": "HER-CH"})
    response = editor_console.post("/admin/products/new", form, expect=422)
    assert field_error(response.page, "variants-1-sku") == "Already used by another product."


def test_sending_the_create_form_twice_makes_one_product(editor_console, taxonomy):
    form = new_faucet_form()
    first = editor_console.post("/admin/products/new", form, expect=303)
    again = editor_console.post("/admin/products/new", form, expect=303)
    assert location_path(again) == location_path(first)
    assert count_rows(editor_console.client.application, Product) == 1


def test_a_new_form_after_a_refusal_gets_a_fresh_submission_key(editor_console, taxonomy):
    refused = editor_console.post(
        "/admin/products/new", replaced(new_faucet_form(), name=""), expect=422
    )
    key = refused.page.xpath("//input[@name='submission']/@value")[0]
    fixed = replaced(new_faucet_form(), submission=key)
    editor_console.post("/admin/products/new", fixed, expect=303)


def test_inches_and_gallons_are_checked_by_the_apis_rules(editor_console, taxonomy):
    form = replaced(new_faucet_form(), spout_height="ninety", flow_rate="40")
    page = editor_console.post("/admin/products/new", form, expect=422).page
    assert field_error(page, "spout_height") == "Not a valid integer."
    assert "less than or equal to 26" in field_error(page, "flow_rate")


def test_a_ten_thousand_row_variants_table_is_refused_whole(editor_console, taxonomy):
    rows = [
        (f"variants-{n}-{column}", value)
        for n in range(10_000)
        for column, value in (("finish", "chrome"), ("sku", f"S{n}"), ("price", "1"))
    ]
    response = editor_console.post("/admin/products/new", new_faucet_form()[:20] + rows, expect=422)
    assert "Longer than maximum length 100." in text_of(response.page)
    assert count_rows(editor_console.client.application, Product) == 0


def test_more_variants_than_the_api_allows_get_its_message(editor_console, taxonomy):
    rows = [
        (f"variants-{n}-{column}", value)
        for n in range(150)
        for column, value in (("finish", "chrome"), ("sku", f"S{n}"), ("price", "1"))
    ]
    form = [pair for pair in new_faucet_form() if not pair[0].startswith("variants-")] + rows
    page = editor_console.post("/admin/products/new", form, expect=422).page
    assert "Longer than maximum length 100." in text_of(page)


def test_html_typed_into_a_name_is_shown_as_text(editor_console, taxonomy):
    form = replaced(new_faucet_form(), name="<script>alert(1)</script> Faucet")
    response = editor_console.post("/admin/products/new", form, expect=303)
    html = editor_console.client.get(location_path(response)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Faucet" in html
    listing = editor_console.client.get("/admin/products").get_data(as_text=True)
    assert "<script>alert(1)" not in listing


@pytest.mark.parametrize("version", ["", "abc", "0", "999", "-1", "1" * 40])
def test_a_forged_version_is_refused_and_changes_nothing(
    editor_console, make_product, version, client
):
    product = make_product()
    product_id = _id_of(editor_console, product["slug"])
    form = editor_console.form_values(f"/admin/products/{product_id}")
    form = replaced(form, version=version, name="Forged", action="save")
    response = editor_console.post(f"/admin/products/{product_id}", form, expect=400)
    assert "which version it edits" in text_of(response.page)
    assert client.get(f"/api/v1/products/{product['slug']}").json["name"] == product["name"]


def _id_of(console, slug: str) -> int:
    app = console.client.application
    from sqlalchemy import select

    from core.extensions import db

    with app.app_context():
        return db.session.scalar(select(Product.id).where(Product.slug == slug))
