"""Editors upload product photos; shoppers get responsive, cleaned derivatives per finish."""

import io
from pathlib import Path

from PIL import Image

from tests.catalog.conftest import variant
from tests.catalog.photos import fetch, multipart, stored_files, upload_photos
from tests.conftest import if_match_now
from tests.media import images

WIDTHS = {320, 640, 1280}


def test_an_editor_uploads_photos_and_shoppers_get_every_size(app, client, editor, make_product):
    product = make_product(images=[])
    before = client.get(f"/api/v1/products/{product['slug']}").headers["ETag"]
    response = upload_photos(
        client,
        product["slug"],
        editor,
        [(images.jpeg(), "front.jpg"), (images.png(), "side.png")],
        ["The faucet from the front", "The faucet from the side"],
    )
    assert response.status_code == 201, response.json
    assert response.headers["ETag"] != before
    photos = response.json["images"]
    assert [photo["alt"] for photo in photos] == [
        "The faucet from the front",
        "The faucet from the side",
    ]
    front = photos[0]
    assert {size["width"] for size in front["sizes"]} == WIDTHS
    assert {size["type"] for size in front["sizes"]} == {"image/webp", "image/jpeg"}
    for size in front["sizes"]:
        status, headers, body = fetch(client, size["url"])
        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        served = Image.open(io.BytesIO(body))
        assert served.size == (size["width"], size["height"])
        assert served.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[size["type"]]
        assert headers["Content-Type"] == size["type"]
        again = client.get(size["url"], headers={"If-None-Match": headers["ETag"]})
        assert again.status_code == 304
    assert (front["width"], front["height"]) == (1280, 960)
    # A smaller original is never enlarged: its largest derivative is its own width.
    assert max(size["width"] for size in photos[1]["sizes"]) == 800
    assert client.get(f"/api/v1/products/{product['slug']}").json["images"] == photos


def test_photos_are_turned_upright_and_stripped_of_camera_and_gps_data(
    client, editor, make_product
):
    slug = make_product(images=[])["slug"]
    response = upload_photos(client, slug, editor, [(images.jpeg_with_gps_rotated(), "a.jpg")])
    assert response.status_code == 201, response.json
    photo = response.json["images"][0]
    assert photo["width"] < photo["height"]
    for size in photo["sizes"]:
        served = Image.open(io.BytesIO(fetch(client, size["url"])[2]))
        assert not served.getexif()
        assert "icc_profile" not in served.info and "exif" not in served.info
        rgb = served.convert("RGB")
        # Turned a quarter clockwise: the left (red) half is now on top.
        top = rgb.getpixel((served.width // 2, served.height // 4))
        bottom = rgb.getpixel((served.width // 2, served.height * 3 // 4))
        assert top[0] > 150 > top[2]
        assert bottom[2] > 150 > bottom[0]


def test_print_and_palette_colours_arrive_as_srgb(client, editor, make_product):
    slug = make_product(images=[])["slug"]
    response = upload_photos(
        client,
        slug,
        editor,
        [
            (images.cmyk_jpeg(), "print.jpg"),
            (images.palette_png_with_transparency(), "logo.png"),
            (images.adobe_rgb_jpeg(), "profiled.jpg"),
        ],
    )
    assert response.status_code == 201, response.json
    cyan, logo, profiled = response.json["images"]
    jpeg_of = {
        photo["alt"]: next(s for s in photo["sizes"] if s["type"] == "image/jpeg")["url"]
        for photo in (cyan, logo, profiled)
    }
    served = Image.open(io.BytesIO(fetch(client, jpeg_of[cyan["alt"]])[2]))
    assert served.mode == "RGB"
    red, green, blue = served.getpixel((10, 10))
    assert red < 80 and green > 150 and blue > 150
    flattened = Image.open(io.BytesIO(fetch(client, jpeg_of[logo["alt"]])[2]))
    assert flattened.mode == "RGB"
    assert min(flattened.getpixel((5, 5))) > 240  # the transparent corner, on white
    assert min(flattened.getpixel((200, 150))) < 100 or flattened.getpixel((200, 150))[0] > 150
    kept = Image.open(io.BytesIO(fetch(client, jpeg_of[profiled["alt"]])[2]))
    assert "icc_profile" not in kept.info


def test_webp_and_avif_uploads_are_taken(client, editor, make_product):
    slug = make_product(images=[])["slug"]
    avif = images.encoded(Image.new("RGB", (500, 400), (20, 90, 200)), "AVIF")
    response = upload_photos(client, slug, editor, [(images.webp(), "a.webp"), (avif, "b.avif")])
    assert response.status_code == 201, response.json
    assert [max(s["width"] for s in p["sizes"]) for p in response.json["images"]] == [800, 500]


def test_the_same_file_uploaded_twice_is_stored_once(app, client, editor, make_product):
    first = make_product(images=[])["slug"]
    second = make_product(images=[], variants=[variant("OTHER-1", "chrome", "99.00")])["slug"]
    photo = images.jpeg(color=(1, 2, 3))
    one = upload_photos(client, first, editor, [(photo, "a.jpg")]).json["images"][0]
    files = stored_files(app)
    assert len(files) == 6
    two = upload_photos(client, second, editor, [(photo, "copy.jpg")]).json["images"][0]
    assert stored_files(app) == files
    assert one["sizes"] == two["sizes"]


def test_photos_show_chosen_finishes_in_listings_and_keep_their_order(client, editor, make_product):
    slug = make_product(images=[])["slug"]
    url = f"/api/v1/products/{slug}"
    uploaded = upload_photos(
        client,
        slug,
        editor,
        [(images.jpeg(color=(200, 200, 205)), "c.jpg"), (images.jpeg(color=(80, 80, 85)), "g.jpg")],
        ["In chrome", "In gunmetal"],
    ).json
    chrome, gunmetal = uploaded["images"]
    tagged = client.patch(
        f"{url}/images/{gunmetal['id']}",
        json={"finishes": ["gunmetal"], "alt": "Gunmetal, front"},
        headers=if_match_now(client, url, editor),
    )
    assert tagged.status_code == 200, tagged.json
    assert tagged.json["images"][1]["finishes"] == ["gunmetal"]
    client.patch(
        f"{url}/images/{chrome['id']}",
        json={"finishes": ["chrome"]},
        headers=if_match_now(client, url, editor),
    )

    listed = client.get("/api/v1/products?finish=gunmetal").json["items"][0]
    offers = {offer["slug"]: offer for offer in listed["finishes"]}
    assert offers["gunmetal"]["image"]["alt"] == "Gunmetal, front"
    assert offers["gunmetal"]["price"] == {"amount": "219.50", "currency": "USD"}
    assert offers["chrome"]["image"]["alt"] == "In chrome"
    assert listed["image"]["alt"] == "In chrome"

    moved = client.patch(
        f"{url}/images/{gunmetal['id']}",
        json={"position": 0},
        headers=if_match_now(client, url, editor),
    )
    assert [photo["alt"] for photo in moved.json["images"]] == ["Gunmetal, front", "In chrome"]
    assert [photo["position"] for photo in moved.json["images"]] == [0, 1]

    refused = client.patch(
        f"{url}/images/{chrome['id']}",
        json={"finishes": ["matte-black"]},
        headers=if_match_now(client, url, editor),
    )
    assert refused.status_code == 422
    assert "finishes.0" in refused.json["errors"]


def test_the_gallery_is_edited_as_a_whole_with_links_and_kept_uploads(client, editor, make_product):
    slug = make_product()["slug"]
    url = f"/api/v1/products/{slug}"
    photos = upload_photos(client, slug, editor, [(images.jpeg(), "a.jpg")]).json["images"]
    linked, uploaded = photos
    body = {
        "images": [
            {"id": uploaded["id"], "alt": "Uploaded, now first", "finishes": ["chrome"]},
            {"url": "https://cdn.example.com/extra.jpg", "alt": "Hosted elsewhere"},
        ]
    }
    changed = client.patch(url, json=body, headers=if_match_now(client, url, editor))
    assert changed.status_code == 200, changed.json
    gallery = changed.json["images"]
    assert [(p["alt"], p["finishes"]) for p in gallery] == [
        ("Uploaded, now first", ["chrome"]),
        ("Hosted elsewhere", []),
    ]
    assert gallery[0]["sizes"] == uploaded["sizes"]
    assert linked["url"] not in {photo["url"] for photo in gallery}

    stranger = client.patch(
        url,
        json={"images": [{"id": 999_999, "alt": "Not ours"}]},
        headers=if_match_now(client, url, editor),
    )
    assert stranger.status_code == 422
    assert "images.0.id" in stranger.json["errors"]
    both = client.patch(
        url,
        json={"images": [{"id": uploaded["id"], "url": "https://a.example.com/x.jpg", "alt": "x"}]},
        headers=if_match_now(client, url, editor),
    )
    assert both.status_code == 422


def test_removing_a_photo_leaves_its_files_to_the_prune(app, client, runner, editor, make_product):
    slug = make_product(images=[])["slug"]
    url = f"/api/v1/products/{slug}"
    photo = upload_photos(client, slug, editor, [(images.jpeg(), "a.jpg")]).json["images"][0]
    removed = client.delete(
        f"{url}/images/{photo['id']}", headers=if_match_now(client, url, editor)
    )
    assert removed.status_code == 204
    assert client.get(url).json["images"] == []
    assert len(stored_files(app)) == 6

    young = runner.invoke(args=["media", "prune", "--apply"])
    assert "Removed 0 unused images and 0 files" in young.output
    dry = runner.invoke(args=["media", "prune", "--grace-minutes", "0"])
    assert "Would remove 1 unused images and 6 files" in dry.output
    assert len(stored_files(app)) == 6
    applied = runner.invoke(args=["media", "prune", "--grace-minutes", "0", "--apply"])
    assert "Removed 1 unused images and 6 files" in applied.output
    assert stored_files(app) == []
    assert fetch(client, photo["sizes"][0]["url"])[0] == 404


def test_prune_keeps_what_products_and_articles_use_and_removes_stray_files(
    app, client, runner, editor, make_product
):
    slug = make_product(images=[])["slug"]
    upload_photos(client, slug, editor, [(images.jpeg(), "a.jpg")])
    stray = Path(app.config["MEDIA_DIR"]) / "ab" / ("ab" * 16 + "-320.webp")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"left by a crashed upload")
    result = runner.invoke(args=["media", "prune", "--grace-minutes", "0", "--apply"])
    assert "Removed 0 unused images and 1 files" in result.output
    assert len(stored_files(app)) == 6


def test_only_staff_with_the_current_etag_upload_or_change_photos(client, editor, make_product):
    slug = make_product(images=[])["slug"]
    url = f"/api/v1/products/{slug}/images"
    form = {"file": [(io.BytesIO(images.jpeg()), "a.jpg")], "alt": ["A"]}
    anonymous = client.post(url, data=form, content_type="multipart/form-data")
    assert anonymous.status_code == 401
    form = {"file": [(io.BytesIO(images.jpeg()), "a.jpg")], "alt": ["A"]}
    no_etag = client.post(url, data=form, headers=editor, content_type="multipart/form-data")
    assert no_etag.status_code == 428
    form = {"file": [(io.BytesIO(images.jpeg()), "a.jpg")], "alt": ["A"]}
    stale = client.post(
        url,
        data=form,
        headers={**editor, "If-Match": '"stale"'},
        content_type="multipart/form-data",
    )
    assert stale.status_code == 412
    assert client.get(f"/api/v1/products/{slug}").json["images"] == []


def test_photo_changes_are_in_the_products_history(client, editor, make_product):
    slug = make_product(images=[])["slug"]
    url = f"/api/v1/products/{slug}"
    photo = upload_photos(client, slug, editor, [(images.jpeg(), "a.jpg")], ["Front"]).json[
        "images"
    ][0]
    client.patch(
        f"{url}/images/{photo['id']}",
        json={"alt": "Front, closer"},
        headers=if_match_now(client, url, editor),
    )
    history = client.get(f"{url}/history", headers=editor).json["items"]
    label = f"product_images[image {photo['sizes'][0]['url'].split('/')[-1].split('-')[0]}]"
    changed, added = history[0]["changes"], history[1]["changes"]
    assert changed == {f"{label}.alt": {"from": "Front", "to": "Front, closer"}}
    assert added[label]["from"] is None
    assert added[label]["to"]["alt"] == "Front"
    assert all(entry["actor"] == "editor@example.com" for entry in history)


def test_a_retried_upload_with_an_idempotency_key_stores_the_photo_once(
    client, editor, make_product
):
    slug = make_product(images=[])["slug"]
    url = f"/api/v1/products/{slug}"
    body, content_type = multipart([(images.jpeg(), "a.jpg")], ["Front"])
    headers = {**if_match_now(client, url, editor), "Idempotency-Key": "upload-1"}
    first = client.post(f"{url}/images", data=body, headers=headers, content_type=content_type)
    again = client.post(f"{url}/images", data=body, headers=headers, content_type=content_type)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    assert len(client.get(url).json["images"]) == 1
