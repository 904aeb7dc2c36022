"""With MEDIA_STORAGE=s3, uploads land in the bucket and browsers fetch them from there."""

import io
import urllib.request

import pytest
from PIL import Image

from app import create_app
from tests.catalog.photos import upload_photos
from tests.conftest import _test_config, emptied_after
from tests.media import images


@pytest.fixture
def app(_schema, tmp_path, s3_server, s3_bucket, s3_client):
    """The app storing images in a fresh bucket of the loopback S3 server, readable by all."""
    s3_client.put_bucket_policy(
        Bucket=s3_bucket,
        Policy=(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",'
            f' "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{s3_bucket}/*"}}]}}'
        ),
    )
    config = {
        **_test_config(_schema, tmp_path),
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": s3_bucket,
        "MEDIA_S3_ENDPOINT_URL": s3_server,
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_PREFIX": "catalogue/",
    }
    with emptied_after(create_app(config)) as app:
        yield app


def test_an_upload_lands_in_the_bucket_and_is_served_from_it(
    app, client, editor, make_product, s3_server, s3_bucket, s3_client
):
    slug = make_product(images=[])["slug"]
    response = upload_photos(client, slug, editor, [(images.jpeg_with_gps_rotated(), "a.jpg")])
    assert response.status_code == 201, response.json
    photo = response.json["images"][0]
    keys = {item["Key"] for item in s3_client.list_objects_v2(Bucket=s3_bucket)["Contents"]}
    assert len(keys) == 6 and all(key.startswith("catalogue/") for key in keys)
    for size in photo["sizes"]:
        assert size["url"].startswith(f"{s3_server}/{s3_bucket}/catalogue/")
        with urllib.request.urlopen(size["url"]) as served:  # noqa: S310 (loopback test server)
            assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert served.headers["Content-Type"] == size["type"]
            image = Image.open(io.BytesIO(served.read()))
        assert image.size == (size["width"], size["height"])
        assert not image.getexif()
    # The pages may show images from that plain-http host.
    policy = client.get(f"/p/{slug}").headers["Content-Security-Policy"]
    assert s3_server.removeprefix("http://") in policy


def test_a_refused_upload_leaves_the_bucket_empty(
    app, client, editor, make_product, s3_bucket, s3_client
):
    slug = make_product(images=[])["slug"]
    response = upload_photos(
        client, slug, editor, [(images.jpeg(), "a.jpg"), (images.svg_with_script(), "b.svg")]
    )
    assert response.status_code == 415
    assert s3_client.list_objects_v2(Bucket=s3_bucket).get("KeyCount", 0) == 0


def test_prune_removes_unused_objects_from_the_bucket(
    app, client, runner, editor, make_product, s3_bucket, s3_client
):
    slug = make_product(images=[])["slug"]
    url = f"/api/v1/products/{slug}"
    photo = upload_photos(client, slug, editor, [(images.png(), "a.png")]).json["images"][0]
    etag = client.get(url, headers=editor).headers["ETag"]
    client.delete(f"{url}/images/{photo['id']}", headers={**editor, "If-Match": etag})
    result = runner.invoke(args=["media", "prune", "--grace-minutes", "0", "--apply"])
    assert "Removed 1 unused images and 6 files" in result.output
    assert s3_client.list_objects_v2(Bucket=s3_bucket).get("KeyCount", 0) == 0
