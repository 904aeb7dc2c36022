"""Staff publish, schedule, unpublish and archive; previews show drafts to staff only."""

from datetime import UTC, datetime, timedelta

from tests.console.console import field_error, newest_history_entry, replaced, text_of
from tests.console.test_product_editor import _id_of


def editor_path(console, make_product, **overrides) -> tuple[dict, str]:
    product = make_product(**overrides)
    return product, f"/admin/products/{_id_of(console, product['slug'])}"


def test_publish_unpublish_and_archive(editor_console, make_product, client):
    product, path = editor_path(editor_console, make_product, status="draft")
    public = f"/api/v1/products/{product['slug']}"
    assert client.get(public).status_code == 404

    form = editor_console.form_values(path)
    editor_console.post(path, replaced(form, action="publish"), expect=303)
    assert client.get(public).status_code == 200
    page = editor_console.get(path).page
    assert "Saved Heritage Twin-Handle Kitchen Faucet (published)." in text_of(page)

    form = editor_console.form_values(path)
    editor_console.post(path, replaced(form, action="unpublish"), expect=303)
    assert client.get(public).status_code == 404

    form = editor_console.form_values(path)
    editor_console.post(path, replaced(form, action="archive"), expect=303)
    assert "(archived)" in text_of(editor_console.get(path).page)


def test_a_product_scheduled_for_tomorrow_appears_then(editor_console, make_product, client):
    product, path = editor_path(editor_console, make_product, status="draft")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
    form = editor_console.form_values(path)
    form = replaced(form, publish_at=tomorrow.strftime("%Y-%m-%dT%H:%M"), action="schedule")
    editor_console.post(path, form, expect=303)
    assert "(scheduled)" in text_of(editor_console.get(path).page)
    assert client.get(f"/api/v1/products/{product['slug']}").status_code == 404


def test_scheduling_needs_a_time_ahead(editor_console, make_product):
    _, path = editor_path(editor_console, make_product, status="draft")
    form = editor_console.form_values(path)
    page = editor_console.post(
        path, replaced(form, publish_at="2020-01-01T09:00", action="schedule"), expect=422
    ).page
    assert field_error(page, "publish_at") == "Pick a time in the future, or publish now."
    page = editor_console.post(
        path, replaced(form, publish_at="", action="schedule"), expect=422
    ).page
    assert field_error(page, "publish_at") == "Pick the date and time (UTC) to publish at."


def test_publishing_without_variants_is_refused_with_the_apis_reason(editor_console, make_product):
    _, path = editor_path(editor_console, make_product, status="draft", variants=[])
    form = editor_console.form_values(path)
    page = editor_console.post(path, replaced(form, action="publish"), expect=422).page
    assert "At least one is needed." in text_of(page)


def test_a_draft_preview_is_the_shoppers_page_for_staff_only(editor_console, make_product, app):
    product, path = editor_path(editor_console, make_product, status="draft")
    response = editor_console.get(f"{path}/preview")
    page = response.page
    assert page.xpath("//h1/text()")[0].strip() == product["name"]
    assert "Preview: shoppers see this page once the product is published" in text_of(page)
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, follow"]
    assert response.headers["Cache-Control"] == "no-store"
    # The same page body as the storefront renders once published (but for the banner).
    stranger = app.test_client()
    assert stranger.get(f"{path}/preview").status_code == 302
    assert stranger.get(f"/p/{product['slug']}").status_code == 404


def test_history_lists_who_changed_what_from_and_to(editor_console, make_product):
    _, path = editor_path(editor_console, make_product, status="draft")
    form = editor_console.form_values(path)
    editor_console.post(
        path, replaced(form, **{"variants-0-price": "199.00"}, action="save"), expect=303
    )
    page = editor_console.get(f"{path}/history").page
    words, rows = newest_history_entry(page)
    assert words.startswith("eddie@example.com · update product")
    assert ["variants[HER-CH].price", "189.00", "199.00"] in rows
