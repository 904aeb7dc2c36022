"""Staff find products by words, status, brand, category, finish and stock, and act on many."""

from tests.catalog.conftest import variant
from tests.console.console import text_of
from tests.console.test_product_editor import _id_of


def listed(console, query: str = "") -> list[str]:
    page = console.get(f"/admin/products{query}").page
    return [
        " ".join(a.text_content().split()) for a in page.xpath("//table[@class='list']//td[2]/a")
    ]


def seed(make_product):
    make_product()  # Heritage, published, chrome (in stock) and gunmetal
    make_product(
        name="Arc Single-Lever Basin Mixer",
        brand="aquaverde",
        category="bathroom-faucets",
        handle_type="single",
        status="draft",
        images=[],
        variants=[variant("ARC-MB", "matte-black", "149.00", stock=0)],
    )
    make_product(
        name="Retired Bridge Faucet",
        status="archived",
        images=[],
        variants=[variant("RET-CH", "chrome", "99.00")],
    )


def test_staff_see_every_status_and_filter_by_it(editor_console, make_product):
    seed(make_product)
    assert sorted(listed(editor_console)) == [
        "Arc Single-Lever Basin Mixer",
        "Heritage Twin-Handle Kitchen Faucet",
        "Retired Bridge Faucet",
    ]
    assert listed(editor_console, "?status=draft") == ["Arc Single-Lever Basin Mixer"]
    assert listed(editor_console, "?status=archived") == ["Retired Bridge Faucet"]


def test_filters_by_brand_category_finish_stock_and_words(editor_console, make_product):
    seed(make_product)
    assert listed(editor_console, "?brand=aquaverde") == ["Arc Single-Lever Basin Mixer"]
    assert listed(editor_console, "?category=bathroom-faucets") == ["Arc Single-Lever Basin Mixer"]
    assert listed(editor_console, "?finish=gunmetal") == ["Heritage Twin-Handle Kitchen Faucet"]
    assert listed(editor_console, "?in_stock=false") == ["Arc Single-Lever Basin Mixer"]
    assert listed(editor_console, "?q=basin+mixer") == ["Arc Single-Lever Basin Mixer"]


def test_a_bad_filter_is_a_clear_400_page(editor_console):
    page = editor_console.get("/admin/products?status=gone", expect=400).page
    assert "status" in text_of(page)


def test_bulk_publish_reports_what_could_not_be_published(editor_console, make_product, client):
    ready = make_product(
        name="Ready Faucet",
        status="draft",
        images=[],
        variants=[variant("RDY-1", "chrome", "120.00")],
    )
    empty = make_product(name="Empty Faucet", status="draft", images=[], variants=[])
    chosen = [("selected", str(_id_of(editor_console, p["slug"]))) for p in (ready, empty)]
    editor_console.get("/admin/products")
    response = editor_console.post(
        "/admin/products/bulk",
        [*chosen, ("action", "publish"), ("back", "/admin/products")],
        expect=303,
    )
    words = text_of(editor_console.get(response.headers["Location"]).page)
    assert "Published 1: Ready Faucet." in words
    assert "Not changed: Empty Faucet (A published product needs at least one variant.)" in words
    assert client.get(f"/api/v1/products/{ready['slug']}").json["status"] == "published"
    assert client.get(f"/api/v1/products/{empty['slug']}").status_code == 404


def test_bulk_archive_hides_the_selected_products(editor_console, make_product, client):
    product = make_product()
    editor_console.get("/admin/products")
    editor_console.post(
        "/admin/products/bulk",
        [("selected", str(_id_of(editor_console, product["slug"]))), ("action", "archive")],
        expect=303,
    )
    assert client.get(f"/api/v1/products/{product['slug']}").status_code == 404


def test_bulk_refuses_forged_input_and_open_redirects(editor_console, make_product):
    product = make_product()
    editor_console.get("/admin/products")
    one = ("selected", str(_id_of(editor_console, product["slug"])))
    editor_console.post("/admin/products/bulk", [one, ("action", "delete")], expect=400)
    editor_console.post(
        "/admin/products/bulk", [("selected", "x"), ("action", "archive")], expect=400
    )
    response = editor_console.post(
        "/admin/products/bulk",
        [one, ("action", "archive"), ("back", "https://evil.example/")],
        expect=303,
    )
    assert response.headers["Location"] == "/admin/products"
