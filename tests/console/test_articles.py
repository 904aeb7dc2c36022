"""Editors write articles in the console; the JSON API is the oracle of what was saved."""

from news.models import Article
from tests.console.console import (
    count_rows,
    field_error,
    location_path,
    newest_history_entry,
    replaced,
    text_of,
)

COPPER_STORY = {
    "title": "Copper climbs as smelters cut output",
    "slug": "",
    "summary": "Brass makers feel it first.",
    "body": "Copper rose **again** this week.\n\n- Chile cut output\n- Zambia too",
    "tags": "Copper, Raw materials",
    "products": "heritage-twin-handle-kitchen-faucet",
    "source_links": "https://www.lme.com/copper LME copper prices",
    "seo_title": "Copper prices and brass faucets",
    "seo_description": "Why copper's climb reaches the price of brass faucets.",
    "publish_at": "",
}
STAFF_API = "/api/v1/articles/"


def new_article_form(action: str = "save", **changes) -> list:
    """The editor's fields for a new copper story, as a browser sends them."""
    pairs = list({**COPPER_STORY, **changes}.items())
    return [*pairs, ("action", action), ("submission", f"test-{action}-{len(changes)}")]


def write(console, action: str = "save", **changes) -> str:
    """Create an article in the console; returns its editor's path."""
    response = console.post("/admin/articles/new", new_article_form(action, **changes), expect=303)
    path = location_path(response)
    assert path.startswith("/admin/articles/"), path
    return path


def test_an_editor_writes_a_tagged_article_with_a_product_and_seo_fields_and_publishes_it(
    editor_console, make_product, client, editor
):
    make_product()
    editor_console.get("/admin/articles/new")
    path = write(editor_console, "publish")
    page = editor_console.get(path).page
    assert "Created Copper climbs as smelters cut output (published)." in text_of(page)

    shown = client.get(f"{STAFF_API}copper-climbs-as-smelters-cut-output", headers=editor).json
    assert shown["status"] == "published"
    assert shown["author"]["name"] == "Eddie Editor"
    assert [tag["name"] for tag in shown["tags"]] == ["Copper", "Raw materials"]
    assert [product["slug"] for product in shown["products"]] == [
        "heritage-twin-handle-kitchen-faucet"
    ]
    assert shown["source_links"] == [
        {"url": "https://www.lme.com/copper", "title": "LME copper prices"}
    ]
    assert shown["body"] == COPPER_STORY["body"]
    assert (shown["seo_title"], shown["seo_description"]) == (
        COPPER_STORY["seo_title"],
        COPPER_STORY["seo_description"],
    )
    public = client.get("/news/copper-climbs-as-smelters-cut-output").get_data(as_text=True)
    assert "<title>Copper prices and brass faucets |" in public
    # The form shows what was saved, as it was typed.
    assert page.xpath("//input[@name='tags']/@value") == ["Copper, Raw materials"]
    assert page.xpath("//textarea[@name='body']/text()") == [COPPER_STORY["body"]]


def test_the_markdown_preview_renders_the_body_beside_the_form_and_saves_nothing(
    editor_console, app
):
    body = "Prices are **up**.\n\n<script>alert(1)</script>\n\n[LME](javascript:alert(2))"
    response = editor_console.post(
        "/admin/articles/new", new_article_form("preview", products="", body=body), expect=200
    )
    preview = response.page.xpath("//section[@id='body-preview']")[0]
    assert preview.xpath(".//strong/text()") == ["up"]
    assert preview.xpath(".//script") == []
    assert "javascript:" not in "".join(preview.xpath(".//a/@href"))
    assert "<script>alert(1)</script>" in text_of(preview)  # shown as text, never run
    # The input is kept, to edit further; nothing exists yet.
    assert response.page.xpath("//textarea[@name='body']/text()") == [body]
    assert response.page.xpath("//input[@name='title']/@value") == [COPPER_STORY["title"]]
    assert count_rows(app, Article) == 0


def test_previewing_an_article_being_edited_changes_nothing_and_keeps_its_version(
    editor_console, admin_console, client, editor
):
    path = write(editor_console, products="")
    form = editor_console.form_values(path)
    previewed = editor_console.post(
        path, replaced(form, body="A *new* body.", action="preview"), expect=200
    ).page
    assert previewed.xpath("//section[@id='body-preview']//em/text()") == ["new"]
    api = client.get(f"{STAFF_API}copper-climbs-as-smelters-cut-output", headers=editor).json
    assert api["body"] == COPPER_STORY["body"] and api["version"] == 1

    # Someone saves meanwhile: saving the previewed form still meets their change.
    theirs = admin_console.form_values(path)
    admin_console.post(path, replaced(theirs, summary="Theirs.", action="save"), expect=303)
    after_preview = previewed.xpath("//form[@class='editor']")[0].form_values()
    editor_console.post(path, replaced(after_preview, action="save"), expect=409)


def test_invalid_fields_show_the_apis_messages_beside_them_and_keep_the_input(
    editor_console, client, editor, app
):
    form = new_article_form(title="<b>Copper</b> climbs", seo_title="x" * 71, products="")
    page = editor_console.post("/admin/articles/new", form, expect=422).page
    api = client.post(
        "/api/v1/articles",
        json={"title": "<b>Copper</b> climbs", "seo_title": "x" * 71},
        headers=editor,
    ).json["errors"]
    assert field_error(page, "title") == " ".join(api["title"])
    assert field_error(page, "title").startswith("Plain text only")
    assert field_error(page, "seo_title") == " ".join(api["seo_title"])
    assert page.xpath("//input[@name='title']/@value") == ["<b>Copper</b> climbs"]
    assert page.xpath("//input[@name='title']/@aria-invalid") == ["true"]
    assert page.xpath("//textarea[@name='body']/text()") == [COPPER_STORY["body"]]
    assert "Nothing was saved" in text_of(page)
    assert count_rows(app, Article) == 0


def test_an_unknown_product_or_a_bad_source_is_named_beside_its_field(editor_console, app):
    form = new_article_form(products="no-such-faucet", source_links="not a link")
    page = editor_console.post("/admin/articles/new", form, expect=422).page
    assert field_error(page, "source_links") == "Line 1: Not a valid URL."
    form = new_article_form(products="no-such-faucet")
    page = editor_console.post("/admin/articles/new", form, expect=422).page
    assert field_error(page, "products") == "“no-such-faucet”: No such product."
    assert page.xpath("//input[@name='products']/@value") == ["no-such-faucet"]
    assert count_rows(app, Article) == 0


def test_sending_the_create_form_twice_makes_one_article(editor_console, app):
    form = new_article_form(products="")
    first = editor_console.post("/admin/articles/new", form, expect=303)
    again = editor_console.post("/admin/articles/new", form, expect=303)
    assert location_path(again) == location_path(first)
    assert count_rows(app, Article) == 1


def test_two_editors_at_once_get_a_conflict_page_and_a_merged_form(
    admin_console, editor_console, client, editor
):
    path = write(editor_console, products="")
    admins_form, editors_form = admin_console.form_values(path), editor_console.form_values(path)
    admin_console.post(path, replaced(admins_form, title="Copper at a record"), expect=303)

    mine = replaced(editors_form, tags="Copper, Smelting", action="save")
    page = editor_console.post(path, mine, expect=409).page
    words = text_of(page)
    assert "Someone else saved this article while you were editing" in words
    assert "title from “Copper climbs as smelters cut output” to “Copper at a record”" in words
    assert page.xpath("//input[@name='title']/@value") == ["Copper at a record"]
    assert page.xpath("//input[@name='tags']/@value") == ["Copper, Smelting"]
    slug = "copper-climbs-as-smelters-cut-output"
    assert [t["name"] for t in client.get(f"{STAFF_API}{slug}", headers=editor).json["tags"]] == [
        "Copper",
        "Raw materials",
    ]

    merged = page.xpath("//form[@class='editor']")[0].form_values()
    editor_console.post(path, replaced(merged, action="save"), expect=303)
    shown = client.get(f"{STAFF_API}{slug}", headers=editor).json
    assert shown["title"] == "Copper at a record"
    assert [tag["name"] for tag in shown["tags"]] == ["Copper", "Smelting"]


def test_history_lists_who_changed_what(editor_console):
    path = write(editor_console, products="")
    form = editor_console.form_values(path)
    editor_console.post(path, replaced(form, summary="Shorter.", action="save"), expect=303)
    page = editor_console.get(f"{path}/history").page
    words, rows = newest_history_entry(page)
    assert words.startswith("eddie@example.com · update article")
    assert ["summary", "Brass makers feel it first.", "Shorter."] in rows
    assert "create article" in text_of(page.xpath("//ol[@class='history']/li")[-1])


def test_the_list_finds_articles_by_words_status_and_tag(editor_console):
    write(editor_console, "publish", products="")
    write(editor_console, title="Zinc steadies", tags="Zinc", products="", summary="Flat.")

    def listed(query: str = "") -> list[str]:
        page = editor_console.get(f"/admin/articles{query}").page
        return [a.text_content() for a in page.xpath("//table[@class='list']//td[1]/a")]

    assert sorted(listed()) == ["Copper climbs as smelters cut output", "Zinc steadies"]
    assert listed("?status=draft") == ["Zinc steadies"]
    assert listed("?status=published") == ["Copper climbs as smelters cut output"]
    assert listed("?tag=zinc") == ["Zinc steadies"]
    assert listed("?q=smelters") == ["Copper climbs as smelters cut output"]
    editor_console.get("/admin/articles?status=lost", expect=400)
