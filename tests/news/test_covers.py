"""Editors upload an article's cover; readers get it in every size, and nothing else is kept."""

import io

from PIL import Image

from tests.catalog.photos import fetch, post_files, stored_files
from tests.conftest import if_match_now
from tests.media import images


def upload_cover(client, slug: str, headers: dict, files: list, alts: list[str]):
    return post_files(client, f"/api/v1/articles/{slug}", "/cover", headers, files, alts)


def test_an_editor_uploads_a_cover_and_readers_see_it(app, client, editor, publish):
    article = publish(title="Copper in spring")
    slug = article["slug"]
    response = upload_cover(
        client, slug, editor, [(images.jpeg(size=(2400, 1200)), "c.jpg")], ["Copper cathodes"]
    )
    assert response.status_code == 200, response.json
    assert response.headers["ETag"]
    cover = client.get(f"/api/v1/articles/{slug}").json["cover_image"]
    assert cover["alt"] == "Copper cathodes"
    assert (cover["width"], cover["height"]) == (1280, 640)
    assert {size["width"] for size in cover["sizes"]} == {320, 640, 1280}
    served = Image.open(io.BytesIO(fetch(client, cover["url"])[2]))
    assert served.size == (1280, 640)
    listed = client.get("/api/v1/articles").json["items"][0]
    assert listed["cover_image"] == cover

    replaced = upload_cover(client, slug, editor, [(images.png(), "p.png")], ["A new cover"])
    assert replaced.json["cover_image"]["alt"] == "A new cover"
    url = f"/api/v1/articles/{slug}"
    removed = client.delete(f"{url}/cover", headers=if_match_now(client, url, editor))
    assert removed.status_code == 204
    assert client.get(url).json["cover_image"] is None


def test_linking_a_cover_replaces_an_uploaded_one(app, client, editor, publish):
    slug = publish()["slug"]
    upload_cover(client, slug, editor, [(images.jpeg(), "c.jpg")], ["Uploaded"])
    url = f"/api/v1/articles/{slug}"
    linked = client.patch(
        url,
        json={"cover_image": {"url": "https://img.example.com/a.jpg", "alt": "Linked"}},
        headers=if_match_now(client, url, editor),
    )
    assert linked.status_code == 200, linked.json
    assert linked.json["cover_image"] == {
        "url": "https://img.example.com/a.jpg",
        "alt": "Linked",
        "width": None,
        "height": None,
        "sizes": [],
    }


def test_a_cover_is_one_clean_image_file(app, client, editor, publish):
    slug = publish()["slug"]
    before = client.get(f"/api/v1/articles/{slug}").json
    two = upload_cover(
        client, slug, editor, [(images.jpeg(), "a.jpg"), (images.png(), "b.png")], ["a", "b"]
    )
    assert two.status_code == 422
    svg = upload_cover(client, slug, editor, [(images.svg_with_script(), "c.svg")], ["c"])
    assert svg.status_code == 415
    html_alt = upload_cover(client, slug, editor, [(images.jpeg(), "c.jpg")], ["<b>c</b>"])
    assert html_alt.status_code == 422
    anonymous = client.post(
        f"/api/v1/articles/{slug}/cover", data=b"", content_type="multipart/form-data; boundary=x"
    )
    assert anonymous.status_code == 401
    assert client.get(f"/api/v1/articles/{slug}").json == before
    assert stored_files(app) == []
