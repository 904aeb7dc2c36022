"""Staff keep the catalogue's terms in the console: brands, the category tree, finishes and
certifications. What they did is read back through the JSON API."""

import pytest

from catalog.models import Brand
from tests.conftest import if_match_now
from tests.console.conftest import ADMIN_EMAIL
from tests.console.console import count_rows, field_error, location_path, replaced, text_of

NEW_TERMS = {
    "brands": (
        {"name": "Grohe", "country": "DE", "website": "https://www.grohe.com/"},
        "grohe",
        {"country": "DE", "website": "https://www.grohe.com/"},
    ),
    "categories": (
        {
            "name": "Shower sets",
            "parent": "bathroom-faucets",
            "description": "Rain heads with hand showers.",
            "position": "3",
        },
        "shower-sets",
        {"parent": "bathroom-faucets", "position": 3},
    ),
    "finishes": (
        {"name": "Brushed brass", "swatch_hex": "#b5a642"},
        "brushed-brass",
        {"swatch_hex": "#b5a642"},
    ),
    "certifications": (
        {"code": "CE", "name": "Conformité Européenne"},
        "ce",
        {"code": "CE", "name": "Conformité Européenne"},
    ),
}
SINGULAR = {
    "brands": "brand",
    "categories": "category",
    "finishes": "finish",
    "certifications": "certification",
}


def filled(console, path: str, *, untick: tuple[str, ...] = (), **values) -> list:
    """The form on `path` as a browser sends it after the user typed `values` (and unticked
    the boxes named in `untick`)."""
    pairs = [(name, value) for name, value in console.form_values(path) if name not in untick]
    return replaced(pairs, **values)


def edit_path(console, kind: str, name: str) -> str:
    """The edit page of the term called `name`, found as a user finds it: in its list."""
    page = console.get(f"/admin/terms/{kind}?archived=1").page
    links = page.xpath("//main//a[normalize-space()=$name]/@href", name=name)
    assert links, f"no {name!r} in the {kind} list"
    return links[0]


def tree_of(client) -> dict[str, list[str]]:
    """The API's category tree as {parent slug: child slugs} ("" for the top level)."""

    def walk(nodes, parent, found):
        found[parent] = [node["slug"] for node in nodes]
        for node in nodes:
            walk(node["children"], node["slug"], found)
        return found

    return walk(client.get("/api/v1/categories").json["items"], "", {})


@pytest.mark.parametrize("kind", NEW_TERMS)
def test_an_editor_creates_each_kind_of_term(editor_console, taxonomy, client, kind):
    typed, slug, expected = NEW_TERMS[kind]
    path = f"/admin/terms/{kind}/new"
    form = filled(editor_console, path, untick=("swatch_hex_none",), **typed)
    response = editor_console.post(path, form, expect=303)
    page = editor_console.get(location_path(response)).page
    assert f"Created {SINGULAR[kind]} {typed['name']}." in text_of(page)

    shown = client.get(f"/api/v1/{kind}/{slug}").json
    assert {name: shown[name] for name in expected} == expected
    listed = text_of(editor_console.get(f"/admin/terms/{kind}").page)
    assert slug in listed


def test_the_overview_counts_each_kind_and_categories_show_as_their_tree(editor_console, taxonomy):
    page = editor_console.get("/admin/terms").page
    counts = page.xpath("//section[h2/a='Brands']//div[dt='In use' or dt='Archived']/dd")
    assert [dd.text_content() for dd in counts] == ["2", "0"]
    assert page.xpath("//a[@aria-current='page']/text()") == ["Terms"]

    page = editor_console.get("/admin/terms/categories").page
    twin = page.xpath("//li[a='Twin-handle']")[0]
    assert twin.getparent().getparent().xpath("a/text()") == ["Kitchen faucets"]
    assert "under Kitchen faucets" in text_of(twin)
    assert "top level" in text_of(page.xpath("//li[a='Bathroom faucets']")[0])


def test_a_finish_gets_a_new_swatch_colour_and_can_lose_it(editor_console, taxonomy, client):
    path = edit_path(editor_console, "finishes", "Chrome")
    assert editor_console.get(path).page.xpath("//input[@id='swatch_hex']/@type") == ["color"]
    editor_console.post(path, filled(editor_console, path, swatch_hex="#336699"), expect=303)
    assert client.get("/api/v1/finishes/chrome").json["swatch_hex"] == "#336699"
    listing = editor_console.get("/admin/terms/finishes").page
    assert listing.xpath("//tr[td/a='Chrome']//rect/@fill") == ["#336699"]
    assert "#336699" in text_of(listing.xpath("//tr[td/a='Chrome']")[0])

    cleared = [*filled(editor_console, path), ("swatch_hex_none", "1")]
    editor_console.post(path, cleared, expect=303)
    assert client.get("/api/v1/finishes/chrome").json["swatch_hex"] is None


def test_a_swatch_is_checked_by_the_apis_rule(editor_console, taxonomy, client, editor):
    path = edit_path(editor_console, "finishes", "Gunmetal")
    page = editor_console.post(
        path, filled(editor_console, path, swatch_hex="grey"), expect=422
    ).page
    url = "/api/v1/finishes/gunmetal"
    api = client.patch(url, json={"swatch_hex": "grey"}, headers=if_match_now(client, url, editor))
    assert field_error(page, "swatch_hex") == " ".join(api.json["errors"]["swatch_hex"])
    assert client.get(url).json["swatch_hex"] == "#53565a"


def test_twin_handle_moves_from_kitchen_to_bathroom_faucets(editor_console, taxonomy, client):
    path = edit_path(editor_console, "categories", "Twin-handle")
    offered = editor_console.get(path).page.xpath("//select[@id='parent']/option/@value")
    assert "kitchen-twin-handle" not in offered  # not under itself
    response = editor_console.post(
        path, filled(editor_console, path, parent="bathroom-faucets"), expect=303
    )
    assert "Saved category Twin-handle." in text_of(
        editor_console.get(location_path(response)).page
    )

    tree = tree_of(client)
    assert tree["bathroom-faucets"] == ["kitchen-twin-handle"]
    assert tree["kitchen-faucets"] == ["kitchen-single-lever"]
    assert client.get("/api/v1/categories/kitchen-twin-handle").json["parent"] == (
        "bathroom-faucets"
    )


def test_a_category_cannot_move_under_its_own_child(editor_console, taxonomy, client, editor):
    path = edit_path(editor_console, "categories", "Kitchen faucets")
    offered = editor_console.get(path).page.xpath("//select[@id='parent']/option/@value")
    assert offered == ["", "bathroom-faucets"]  # neither itself nor anything below it
    before = tree_of(client)

    # A form loaded elsewhere, or forged, can still name a child.
    forged = filled(editor_console, path, parent="kitchen-twin-handle")
    page = editor_console.post(path, forged, expect=422).page
    url = "/api/v1/categories/kitchen-faucets"
    api = client.patch(
        url, json={"parent": "kitchen-twin-handle"}, headers=if_match_now(client, url, editor)
    )
    assert api.status_code == 422
    assert field_error(page, "parent") == " ".join(api.json["errors"]["parent"])
    assert page.xpath("//select[@id='parent']/option[@selected]/@value") == ["kitchen-twin-handle"]
    assert tree_of(client) == before


def test_a_slug_already_used_is_refused_beside_the_slug_field(editor_console, taxonomy, client):
    path = "/admin/terms/brands/new"
    form = filled(editor_console, path, name="Jenor Europe", slug="jenor")
    page = editor_console.post(path, form, expect=422).page
    assert field_error(page, "slug") == "Already used."
    assert page.xpath("//input[@name='name']/@value") == ["Jenor Europe"]
    assert client.get("/api/v1/brands").json["meta"]["total"] == 2


def test_a_certification_code_already_used_is_refused_beside_the_code(
    editor_console, taxonomy, client
):
    path = "/admin/terms/certifications/new"
    form = filled(editor_console, path, code="WRAS", name="Water Regulations, again")
    page = editor_console.post(path, form, expect=422).page
    assert field_error(page, "code") == "Already used by another certification."
    assert client.get("/api/v1/certifications").json["meta"]["total"] == 2


def test_archiving_a_brand_in_use_hides_it_from_the_apis_list_but_not_from_its_products(
    editor_console, make_product, client, editor
):
    product = make_product()  # a Jenor faucet
    path = edit_path(editor_console, "brands", "Kaiping Jenor Sanitary Ware Co., Ltd")
    response = editor_console.post(path, filled(editor_console, path, action="archive"), 303)
    assert response.status_code == 303
    page = editor_console.get(location_path(response)).page
    assert "products that use it keep it" in text_of(page)

    assert [b["slug"] for b in client.get("/api/v1/brands").json["items"]] == ["aquaverde"]
    everything = client.get("/api/v1/brands?include_archived=true", headers=editor).json
    assert {b["slug"]: b["archived"] for b in everything["items"]} == {
        "aquaverde": False,
        "jenor": True,
    }
    shown = client.get(f"/api/v1/products/{product['slug']}", headers=editor).json
    assert shown["brand"]["slug"] == "jenor"

    listing = editor_console.get("/admin/terms/brands").page
    assert not listing.xpath("//a[.='Kaiping Jenor Sanitary Ware Co., Ltd']")
    listing = editor_console.get("/admin/terms/brands?archived=1").page
    row = listing.xpath("//tr[td/a='Kaiping Jenor Sanitary Ware Co., Ltd']")[0]
    assert "archived" in text_of(row)


def test_a_stale_save_shows_who_changed_what_and_keeps_my_input(
    admin_console, editor_console, taxonomy, client
):
    path = edit_path(editor_console, "finishes", "Gunmetal")
    admins_form = admin_console.form_values(path)
    editors_form = editor_console.form_values(path)
    admin_console.post(path, replaced(admins_form, name="Gunmetal grey"), expect=303)

    page = editor_console.post(path, replaced(editors_form, swatch_hex="#445566"), 409).page
    words = text_of(page)
    assert "Someone else saved this finish while you were editing" in words
    assert ADMIN_EMAIL in words
    assert "name from “Gunmetal” to “Gunmetal grey”" in words
    assert page.xpath("//input[@name='name']/@value") == ["Gunmetal grey"]
    assert page.xpath("//input[@name='swatch_hex']/@value") == ["#445566"]
    assert client.get("/api/v1/finishes/gunmetal").json["swatch_hex"] == "#53565a"

    merged = page.xpath("//form[@class='editor']")[0].form_values()
    editor_console.post(path, merged, expect=303)
    shown = client.get("/api/v1/finishes/gunmetal").json
    assert (shown["name"], shown["swatch_hex"]) == ("Gunmetal grey", "#445566")


def test_when_both_rename_a_brand_the_page_names_the_clash_and_keeps_mine(
    admin_console, editor_console, taxonomy, client
):
    path = edit_path(editor_console, "brands", "Aquaverde")
    admins_form = admin_console.form_values(path)
    editors_form = editor_console.form_values(path)
    admin_console.post(path, replaced(admins_form, name="Aquaverde SpA"), expect=303)
    page = editor_console.post(path, replaced(editors_form, name="Aqua Verde"), 409).page
    assert "You both changed: name." in text_of(page)
    assert page.xpath("//input[@name='name']/@value") == ["Aqua Verde"]
    assert client.get("/api/v1/brands/aquaverde").json["name"] == "Aquaverde SpA"


def test_sending_the_create_form_twice_makes_one_term(editor_console, taxonomy, app):
    path = "/admin/terms/brands/new"
    form = filled(editor_console, path, name="Hansgrohe", country="DE")
    first = editor_console.post(path, form, expect=303)
    again = editor_console.post(path, form, expect=303)
    assert location_path(again) == location_path(first)
    assert count_rows(app, Brand) == 3


def test_html_typed_in_a_name_comes_back_escaped(editor_console, taxonomy, client):
    name = '<script>alert("x")</script> & Sons'
    path = "/admin/terms/brands/new"
    response = editor_console.post(path, filled(editor_console, path, name=name), expect=303)
    edit = editor_console.get(location_path(response))
    listing = editor_console.get("/admin/terms/brands")
    for shown in (edit, listing):
        html = shown.get_data(as_text=True)
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html
    assert listing.page.xpath("//td/a[.=$name]", name=name)
    slug = edit.page.xpath("//input[@name='slug']/@value")[0]
    assert client.get(f"/api/v1/brands/{slug}").json["name"] == name


def test_the_dashboard_links_a_term_change_to_its_form(editor_console, taxonomy):
    path = edit_path(editor_console, "certifications", "Water Regulations Approval Scheme")
    editor_console.post(path, filled(editor_console, path, code="WRAS (UK)"), expect=303)
    page = editor_console.get("/admin").page
    assert page.xpath("//a[.='wras']/@href")[0] == path


def test_an_editor_sets_what_a_market_requires_with_boxes(editor_console, taxonomy, client):
    path = "/admin/terms/markets/new"
    offered = editor_console.get(path).page.xpath("//input[@name='certifications']/@value")
    assert set(offered) == {"nsf-ansi-61", "wras"}
    form = [*filled(editor_console, path, name="United Kingdom"), ("certifications", "wras")]
    created = editor_console.post(path, form, expect=303)
    market = client.get("/api/v1/markets/united-kingdom").json
    assert [c["slug"] for c in market["certifications"]] == ["wras"]

    edit = location_path(created)
    ticked = editor_console.get(edit).page.xpath("//input[@name='certifications'][@checked]/@value")
    assert ticked == ["wras"]
    both = [*filled(editor_console, edit), ("certifications", "nsf-ansi-61")]
    editor_console.post(edit, both, expect=303)
    market = client.get("/api/v1/markets/united-kingdom").json
    assert {c["slug"] for c in market["certifications"]} == {"nsf-ansi-61", "wras"}
    listing = text_of(editor_console.get("/admin/terms/markets").page)
    assert "NSF/ANSI 61, WRAS" in listing

    cleared = filled(editor_console, edit, untick=("certifications",))
    editor_console.post(edit, cleared, expect=303)
    assert client.get("/api/v1/markets/united-kingdom").json["certifications"] == []
