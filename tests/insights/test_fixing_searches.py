"""A merchandiser sees a search that found nothing, adds a synonym for it from that row as a
draft, previews the query with it beside the live rules, then makes it live for shoppers."""

from tests.console.console import field_error, location_path, replaced, text_of
from tests.insights.conftest import logged


def test_from_a_query_that_found_nothing_to_a_live_synonym(app, client, faucets, editor_console):
    assert client.get("/api/v1/search?q=spigot").json["meta"]["total"] == 0
    logged(app)
    insights = editor_console.get("/admin/insights").page
    link = insights.xpath("//section[@aria-labelledby='table-zero']//a[text()='Add a synonym']")
    assert link and link[0].get("aria-label") == "Add a synonym for “spigot”"

    form = editor_console.form_values(link[0].get("href"))
    assert dict(form)["terms"] == "spigot" and dict(form)["status"] == "draft"
    sent = replaced(form, terms="spigot\nkitchen faucet")
    created = editor_console.post(link[0].get("href"), [*sent, ("action", "save")], expect=303)
    edit_path = location_path(created)
    assert "Added the synonym rule “spigot = kitchen faucet” (draft)" in text_of(
        editor_console.get(edit_path).page
    )
    assert client.get("/api/v1/search?q=spigot").json["meta"]["total"] == 0  # a draft

    compared = editor_console.get("/admin/search-rules?q=spigot").page
    assert compared.xpath("//ol[@id='preview-live']") == []
    drafted = [item.text for item in compared.xpath("//ol[@id='preview-draft']/li")]
    assert [title.strip() for title in drafted] == ["Gunmetal Bridge Kitchen Faucet"]

    form = editor_console.form_values(edit_path)
    editor_console.post(edit_path, [*replaced(form, status="live"), ("action", "save")], 303)
    found = client.get("/api/v1/search?q=spigot").json["items"]
    assert [item["document"]["name"] for item in found] == ["Gunmetal Bridge Kitchen Faucet"]


def test_a_rule_the_engine_refuses_keeps_what_was_typed_with_the_message(editor_console):
    path = "/admin/search-rules/synonyms/new?query=sink+tap"
    form = replaced(editor_console.form_values(path), terms="sink tap\nfaucets")
    page = editor_console.post(path, [*form, ("action", "save")], expect=422).page
    assert "is already in the two-way rule “tap = faucet”" in field_error(page, "terms")
    assert page.xpath("//textarea[@id='terms']")[0].text.strip() == "sink tap\nfaucets"


def test_a_rule_deleted_in_the_console_stops_applying(client, faucets, editor_console):
    path = "/admin/search-rules/synonyms/new"
    form = replaced(editor_console.form_values(path), terms="spigot, kitchen faucet", status="live")
    edit_path = location_path(editor_console.post(path, [*form, ("action", "save")], expect=303))
    assert client.get("/api/v1/search?q=spigot").json["meta"]["total"] == 1
    deleted = editor_console.post(
        edit_path, [*editor_console.form_values(edit_path), ("action", "delete")], expect=303
    )
    assert location_path(deleted) == "/admin/search-rules"
    assert client.get("/api/v1/search?q=spigot").json["meta"]["total"] == 0


def test_from_a_query_that_found_nothing_to_a_redirect(app, client, faucets, editor_console):
    assert client.get("/api/v1/search?q=returns+policy").json["meta"]["total"] == 0
    logged(app)
    insights = editor_console.get("/admin/insights").page
    link = insights.xpath("//section[@aria-labelledby='table-zero']//a[text()='Add a redirect']")
    path = link[0].get("href")
    form = replaced(editor_console.form_values(path), target="https://evil.example/")
    refused = editor_console.post(path, [*form, ("action", "save")], expect=422).page
    assert "Give a path on this site" in field_error(refused, "target")

    form = replaced(editor_console.form_values(path), target="/news", status="live")
    assert dict(form)["query"] == "returns policy"
    edit_path = location_path(editor_console.post(path, [*form, ("action", "save")], 303))
    assert "returns policy -> /news" in text_of(editor_console.get(edit_path).page)
    landed = client.get("/search?q=Returns+Policy")
    assert (landed.status_code, landed.headers["Location"]) == (303, "/news")
    listed = editor_console.get("/admin/search-rules").page
    assert listed.xpath("//section[@aria-labelledby='redirects-heading']//a/text()") == [
        "returns policy -> /news"
    ]


def test_from_a_query_that_found_nothing_to_pinned_products(app, client, faucets, editor_console):
    assert client.get("/api/v1/search?q=chef+special").json["meta"]["total"] == 0
    logged(app)
    insights = editor_console.get("/admin/insights").page
    link = insights.xpath("//section[@aria-labelledby='table-zero']//a[text()='Pin products']")
    path = link[0].get("href")
    form = replaced(editor_console.form_values(path), pinned="no-such-tap", status="live")
    refused = editor_console.post(path, [*form, ("action", "save")], expect=422).page
    assert "No product “no-such-tap”." in field_error(refused, "pinned")

    pinned = f"{faucets[1]['slug']}\n{faucets[0]['slug']}"
    form = replaced(editor_console.form_values(path), pinned=pinned, status="live")
    assert dict(form)["query"] == "chef special"
    edit_path = location_path(editor_console.post(path, [*form, ("action", "save")], 303))
    assert "chef special: 2 pinned, 0 hidden" in text_of(editor_console.get(edit_path).page)
    found = client.get("/api/v1/search?q=Chef+Special").json["items"]
    assert [item["document"]["name"] for item in found] == [
        "Chrome Basin Mixer Tap",
        "Gunmetal Bridge Kitchen Faucet",
    ]
    form = editor_console.form_values(edit_path)
    assert dict(form)["pinned"] == pinned  # the form shows the slugs it was given


def test_a_boost_is_made_in_the_console_once_complete(client, faucets, editor_console):
    path = "/admin/search-rules/boosts/new"
    bad = replaced(editor_console.form_values(path), attribute="brand", value="", status="live")
    refused = editor_console.post(path, [*bad, ("action", "save")], expect=422).page
    assert "Name the brand to boost" in field_error(refused, "value")
    form = replaced(editor_console.form_values(path), weight="10", status="live")
    edit_path = location_path(editor_console.post(path, [*form, ("action", "save")], 303))
    assert "in stock, weight 10" in text_of(editor_console.get(edit_path).page)
    listed = editor_console.get("/admin/search-rules").page
    assert listed.xpath("//section[@aria-labelledby='boosts-heading']//a/text()") == [
        "in stock, weight 10"
    ]
