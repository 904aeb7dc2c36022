"""Staff upload several photos with their alt texts, order them and say which finishes they show."""

import io

from tests.console.console import location_path, replaced, text_of
from tests.console.test_product_editor import _id_of
from tests.media.images import png, svg_with_script, webp


def photos_path(console, make_product) -> tuple[dict, str]:
    product = make_product(images=[])
    return product, f"/admin/products/{_id_of(console, product['slug'])}/photos"


def upload(console, path: str, files: dict, alts: dict, expect: int):
    console.get(path)
    data = {name: (io.BytesIO(content), filename) for name, (content, filename) in files.items()}
    data.update(alts)
    data["csrf_token"] = console.csrf
    response = console.client.post(f"{path}/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == expect, response.data[:600]
    return console._read(response)


def test_uploading_two_photos_then_ordering_them_and_naming_their_finishes(
    editor_console, make_product, client
):
    product, path = photos_path(editor_console, make_product)
    response = upload(
        editor_console,
        path,
        {"file-0": (png(), "front.png"), "file-1": (webp(), "side.webp")},
        {"alt-0": "Front view in chrome", "alt-1": "Side view in gunmetal"},
        expect=303,
    )
    assert location_path(response) == path
    page = editor_console.get(path).page
    assert "Added 2 photos" in text_of(page)
    api = f"/api/v1/products/{product['slug']}"
    images = client.get(api).json["images"]
    assert [image["alt"] for image in images] == ["Front view in chrome", "Side view in gunmetal"]

    form = page.xpath("//form[contains(@action, '/photos') and not(@enctype)]")[0].form_values()
    first, second = (image["id"] for image in images)
    form = replaced(
        [pair for pair in form if pair[0] != "csrf_token"],
        **{
            f"photo-{first}-position": "2",
            f"photo-{second}-position": "1",
            f"photo-{second}-alt": "Side view, gunmetal finish",
        },
    )
    form += [(f"photo-{second}-finishes", "gunmetal")]
    editor_console.post(path, form, expect=303)
    images = client.get(api).json["images"]
    assert [image["alt"] for image in images] == [
        "Side view, gunmetal finish",
        "Front view in chrome",
    ]
    assert [image["finishes"] for image in images] == [["gunmetal"], []]


def test_removing_a_photo(editor_console, make_product, client):
    product, path = photos_path(editor_console, make_product)
    upload(editor_console, path, {"file-0": (png(), "a.png")}, {"alt-0": "Front"}, expect=303)
    image_id = client.get(f"/api/v1/products/{product['slug']}").json["images"][0]["id"]
    page = editor_console.get(path).page
    form = page.xpath("//form[contains(@action, '/photos') and not(@enctype)]")[0].form_values()
    form = [pair for pair in form if pair[0] != "csrf_token"] + [(f"photo-{image_id}-remove", "1")]
    editor_console.post(path, form, expect=303)
    assert client.get(f"/api/v1/products/{product['slug']}").json["images"] == []


def test_a_photo_without_alt_text_or_an_svg_is_refused_and_nothing_is_stored(
    editor_console, make_product, client
):
    product, path = photos_path(editor_console, make_product)
    page = upload(editor_console, path, {"file-0": (png(), "a.png")}, {"alt-0": ""}, 422).page
    assert "Say what the photo shows." in text_of(page)
    page = upload(
        editor_console, path, {"file-0": (svg_with_script(), "x.svg")}, {"alt-0": "Logo"}, 415
    ).page
    assert "JPEG, PNG, WebP or AVIF" in text_of(page)
    assert client.get(f"/api/v1/products/{product['slug']}").json["images"] == []


def test_a_finish_the_product_lacks_is_refused_beside_the_photo(editor_console, make_product):
    product, path = photos_path(editor_console, make_product)
    upload(editor_console, path, {"file-0": (png(), "a.png")}, {"alt-0": "Front"}, expect=303)
    page = editor_console.get(path).page
    form = page.xpath("//form[contains(@action, '/photos') and not(@enctype)]")[0].form_values()
    form = [pair for pair in form if pair[0] != "csrf_token"]
    image_id = next(name.split("-")[1] for name, _ in form if name.startswith("photo-"))
    form += [(f"photo-{image_id}-finishes", "matte-black")]
    page = editor_console.post(path, form, expect=422).page
    assert "The product has no variant in finish 'matte-black'." in text_of(page)
