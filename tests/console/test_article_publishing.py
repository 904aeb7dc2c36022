"""Editors schedule, publish, unpublish and archive articles, give them a cover, preview them."""

import io
from datetime import UTC, datetime, timedelta

from tests.console.console import field_error, replaced, text_of
from tests.console.test_articles import STAFF_API, write
from tests.media import images
from tests.news.test_covers import upload_cover

SLUG = "copper-climbs-as-smelters-cut-output"


def status_for_staff(client, editor) -> str:
    return client.get(f"{STAFF_API}{SLUG}", headers=editor).json["status"]


def test_an_article_scheduled_for_tomorrow_waits_for_its_time(editor_console, client, editor):
    path = write(editor_console, products="")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
    form = editor_console.form_values(path)
    form = replaced(form, publish_at=tomorrow.strftime("%Y-%m-%dT%H:%M"), action="schedule")
    editor_console.post(path, form, expect=303)

    shown = client.get(f"{STAFF_API}{SLUG}", headers=editor).json
    assert shown["status"] == "scheduled"
    assert datetime.fromisoformat(shown["published_at"]) == tomorrow
    assert client.get(f"{STAFF_API}{SLUG}").status_code == 404
    assert client.get(f"/news/{SLUG}").status_code == 404
    page = editor_console.get(path).page
    assert "(scheduled)" in text_of(page)
    assert page.xpath("//input[@name='publish_at']/@value") == [tomorrow.strftime("%Y-%m-%dT%H:%M")]

    # Publishing now does not wait for the scheduled time.
    form = editor_console.form_values(path)
    editor_console.post(path, replaced(form, action="publish"), expect=303)
    assert client.get(f"/news/{SLUG}").status_code == 200


def test_scheduling_needs_a_time_ahead_in_the_apis_words(editor_console, client, editor):
    path = write(editor_console, products="")
    form = editor_console.form_values(path)
    for typed in ("2020-01-01T09:00", ""):
        page = editor_console.post(
            path, replaced(form, publish_at=typed, action="schedule"), expect=422
        ).page
        assert field_error(page, "publish_at") == "Give a time in the future to schedule."
        assert page.xpath("//input[@name='publish_at']/@value") == [typed]
    assert status_for_staff(client, editor) == "draft"


def test_publish_unpublish_and_archive(editor_console, client, editor):
    path = write(editor_console, "publish", products="")
    assert client.get(f"/news/{SLUG}").status_code == 200

    form = editor_console.form_values(path)
    editor_console.post(path, replaced(form, action="unpublish"), expect=303)
    assert status_for_staff(client, editor) == "draft"
    assert client.get(f"/news/{SLUG}").status_code == 404

    form = editor_console.form_values(path)
    editor_console.post(path, replaced(form, action="archive"), expect=303)
    assert status_for_staff(client, editor) == "archived"
    assert "Saved Copper climbs as smelters cut output (archived)." in text_of(
        editor_console.get(path).page
    )


def test_an_editor_uploads_a_cover_then_removes_it(editor_console, client, editor):
    path = write(editor_console, "publish", products="")
    cover_page = f"{path}/cover"
    version = editor_console.get(cover_page).page.xpath("//input[@name='version']/@value")[0]
    upload = {"file": (io.BytesIO(images.png()), "cathodes.png"), "alt": "Copper cathodes"}
    editor_console.post(cover_page, {**upload, "version": version}, expect=303)
    cover = client.get(f"/api/v1/articles/{SLUG}").json["cover_image"]
    assert cover["alt"] == "Copper cathodes"
    assert cover["width"] > 0
    page = editor_console.get(cover_page).page
    assert "Uploaded the cover." in text_of(page)
    assert page.xpath("//figure//img/@src") == [cover["url"]]

    remove = page.xpath("//form[contains(@action, '/cover/remove')]")[0]
    editor_console.post(f"{cover_page}/remove", dict(remove.form_values()), expect=303)
    assert client.get(f"/api/v1/articles/{SLUG}").json["cover_image"] is None
    assert "Removed the cover." in text_of(editor_console.get(cover_page).page)


def test_an_svg_cover_is_refused_with_the_apis_reason(editor_console, client, editor):
    path = write(editor_console, "publish", products="")
    version = editor_console.get(f"{path}/cover").page.xpath("//input[@name='version']/@value")[0]
    svg = {"file": (io.BytesIO(images.svg_with_script()), "c.svg"), "alt": "A cover"}
    page = editor_console.post(f"{path}/cover", {**svg, "version": version}, expect=415).page
    api = upload_cover(client, SLUG, editor, [(images.svg_with_script(), "c.svg")], ["A cover"])
    assert api.status_code == 415
    assert api.json["detail"] in text_of(page.xpath("//div[@class='error-summary']")[0])
    assert field_error(page, "file") == " ".join(api.json["errors"]["file"])
    assert page.xpath("//input[@name='alt']/@value") == ["A cover"]
    assert client.get(f"/api/v1/articles/{SLUG}").json["cover_image"] is None


def test_a_cover_needs_a_file_and_a_plain_alt_text(editor_console):
    path = write(editor_console, products="")
    version = editor_console.get(f"{path}/cover").page.xpath("//input[@name='version']/@value")[0]
    # With no file chosen, a browser still sends the part, empty and without a name.
    nothing = {"file": (io.BytesIO(b""), ""), "alt": "", "version": version}
    page = editor_console.post(f"{path}/cover", nothing, expect=422).page
    assert field_error(page, "file") == "Choose an image file."
    assert field_error(page, "alt") == "Say what the image shows."
    html_alt = {"file": (io.BytesIO(images.png()), "c.png"), "alt": "<b>Cover</b>"}
    page = editor_console.post(f"{path}/cover", {**html_alt, "version": version}, expect=422).page
    assert field_error(page, "alt") == "Plain text only: HTML tags are not allowed."


def test_a_cover_change_over_a_newer_version_changes_nothing(editor_console, admin_console):
    path = write(editor_console, products="")
    version = editor_console.get(f"{path}/cover").page.xpath("//input[@name='version']/@value")[0]
    form = admin_console.form_values(path)
    admin_console.post(path, replaced(form, summary="Newer.", action="save"), expect=303)
    upload = {"file": (io.BytesIO(images.png()), "c.png"), "alt": "Cover", "version": version}
    page = editor_console.post(f"{path}/cover", upload, expect=409).page
    assert "Someone changed this article since you opened the page" in text_of(page)


def test_the_full_preview_is_the_readers_page_for_staff_only(editor_console, app):
    path = write(editor_console, products="")
    response = editor_console.get(f"{path}/preview")
    page = response.page
    assert page.xpath("//h1/text()")[0].strip() == "Copper climbs as smelters cut output"
    assert page.xpath("//div[@class='prose']//strong/text()") == ["again"]
    assert "Preview: readers see this page once the article is published" in text_of(page)
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, follow"]
    assert page.xpath("//title/text()")[0].startswith("Copper prices and brass faucets |")
    assert response.headers["Cache-Control"] == "no-store"
    stranger = app.test_client()
    assert stranger.get(f"{path}/preview").status_code == 302
    assert stranger.get(f"/news/{SLUG}").status_code == 404
