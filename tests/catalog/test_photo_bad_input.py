"""Bad uploads get a clear problem document, and leave no file, row or change behind."""

import io

import pytest
from sqlalchemy import func, select

from media.models import MediaAsset
from tests.catalog.photos import stored_files, upload_photos
from tests.conftest import if_match_now
from tests.media import images

MB = 1024 * 1024

BAD_FILES = {
    "zero bytes": ([(b"", "empty.jpg")], 422, "file"),
    "truncated JPEG": ([(images.truncated_jpeg(), "half.jpg")], 422, "file"),
    "corrupt PNG": ([(images.corrupt_png(), "noise.png")], 415, "file"),
    "PNG named .jpg": ([(images.png(), "photo.jpg")], 422, "file"),
    "SVG with script": ([(images.svg_with_script(), "logo.svg")], 415, "file"),
    "SVG named .png": ([(images.svg_with_script(), "logo.png")], 415, "file"),
    "GIF": ([(images.gif(), "a.gif")], 415, "file"),
    "20,000 x 20,000 pixels": (
        [(images.png_header_claiming(20_000, 20_000), "big.png")],
        413,
        "file",
    ),
    "60 megapixels": ([(images.png_header_claiming(10_000, 6_000), "big.png")], 413, "file"),
    "path traversal name": ([(images.jpeg(), "../../x.jpg")], 422, "file"),
    "absolute path name": ([(images.jpeg(), "/etc/passwd")], 422, "file"),
    "a good file then a bad one": (
        [(images.jpeg(), "a.jpg"), (images.truncated_jpeg(), "b.jpg")],
        422,
        "file.1",
    ),
}


@pytest.fixture
def bare_product(make_product):
    return make_product(images=[])["slug"]


def assert_nothing_changed(app, client, slug: str, before: dict) -> None:
    assert client.get(f"/api/v1/products/{slug}").json == before
    assert stored_files(app) == []
    with app.app_context():
        from core.extensions import db

        assert db.session.scalar(select(func.count()).select_from(MediaAsset)) == 0


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_and_nothing_is_stored(app, client, editor, bare_product, case):
    files, status, field = BAD_FILES[case]
    before = client.get(f"/api/v1/products/{bare_product}").json
    response = upload_photos(client, bare_product, editor, files)
    assert response.status_code == status, response.json
    assert response.content_type == "application/problem+json"
    assert field in response.json["errors"]
    if status == 415:
        assert "image/jpeg" in response.json["detail"] and "image/webp" in response.json["detail"]
    assert_nothing_changed(app, client, bare_product, before)


def test_a_50_mb_request_is_refused_before_it_is_read(app, client, editor, bare_product):
    before = client.get(f"/api/v1/products/{bare_product}").json
    response = upload_photos(client, bare_product, editor, [(b"\xff" * (50 * MB), "huge.jpg")])
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert_nothing_changed(app, client, bare_product, before)


def test_one_file_over_the_file_limit_is_refused(app, client, editor, bare_product):
    app.config["MEDIA_MAX_FILE_BYTES"] = 2 * MB
    before = client.get(f"/api/v1/products/{bare_product}").json
    big = images.jpeg() + b"\0" * (3 * MB)
    response = upload_photos(
        client, bare_product, editor, [(images.jpeg(), "a.jpg"), (big, "b.jpg")]
    )
    assert response.status_code == 413
    assert "file.1" in response.json["errors"]
    assert_nothing_changed(app, client, bare_product, before)


def test_a_hundred_files_in_one_request_are_refused(app, client, editor, bare_product):
    before = client.get(f"/api/v1/products/{bare_product}").json
    tiny = images.jpeg(size=(40, 30))
    response = upload_photos(client, bare_product, editor, [(tiny, f"{n}.jpg") for n in range(100)])
    assert response.status_code == 422
    assert "At most 10 files" in response.json["errors"]["file"][0]
    assert_nothing_changed(app, client, bare_product, before)


@pytest.mark.parametrize(
    ("alts", "field"),
    [
        (["<img src=x onerror=alert(1)>"], "alt.0"),
        (["<b>Front</b>"], "alt.0"),
        ([""], "alt.0"),
        (["x" * 251], "alt.0"),
        (["one", "two"], "alt"),
        ([], "alt"),
    ],
    ids=["script tag", "bold tag", "empty", "too long", "two alts for one file", "no alt"],
)
def test_bad_alt_text_is_refused(app, client, editor, bare_product, alts, field):
    before = client.get(f"/api/v1/products/{bare_product}").json
    response = upload_photos(client, bare_product, editor, [(images.jpeg(), "a.jpg")], alts)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert_nothing_changed(app, client, bare_product, before)


def test_a_json_body_or_no_file_is_refused(app, client, editor, bare_product):
    url = f"/api/v1/products/{bare_product}"
    before = client.get(url).json
    as_json = client.post(
        f"{url}/images", json={"alt": ["x"]}, headers=if_match_now(client, url, editor)
    )
    assert as_json.status_code == 415
    assert "multipart/form-data" in as_json.json["detail"]
    no_file = client.post(
        f"{url}/images",
        data={"alt": ["x"]},
        headers=if_match_now(client, url, editor),
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 422
    assert "file" in no_file.json["errors"]
    wrong_field = client.post(
        f"{url}/images",
        data={"photo": [(io.BytesIO(images.jpeg()), "a.jpg")], "alt": ["x"]},
        headers=if_match_now(client, url, editor),
        content_type="multipart/form-data",
    )
    assert wrong_field.status_code == 422
    assert_nothing_changed(app, client, bare_product, before)


def test_a_failed_write_removes_the_files_it_had_stored(app, client, editor, bare_product):
    """Files are written before the commit; when the commit fails they are taken away again."""
    from catalog.queries import get_product
    from core.extensions import db
    from media.processing import process_image
    from media.services import storing_images

    processed = process_image(images.jpeg(), max_pixels=50_000_000)
    with app.test_request_context():
        product = get_product(bare_product, staff=True)
        with pytest.raises(RuntimeError):
            with storing_images() as store:
                store(processed)
                assert len(stored_files(app)) == 6
                raise RuntimeError("the commit failed")
        assert stored_files(app) == []
        assert db.session.scalar(select(func.count()).select_from(MediaAsset)) == 0
        assert product.images == []
