"""Image storage: the same contract on a local folder and on S3-compatible object storage."""

import json
import threading
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from media.storage import LocalStorage, S3Storage, build_storage

S3_PREFIX = "catalogue/"
CACHE_FOREVER = "public, max-age=31536000, immutable"


def new_key(width: int = 640, extension: str = "webp") -> str:
    """A fresh key in the documented shape: 2 hex, '/', 32 hex, '-', width, extension."""
    digest = uuid.uuid4().hex
    return f"{digest[:2]}/{digest}-{width}.{extension}"


def image_bytes(size: int = 2048) -> bytes:
    """Bytes that stand in for an encoded image; unique, so a mix-up would show."""
    return b"RIFF" + uuid.uuid4().bytes * (size // 16)


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    """Each backend in turn, empty; S3 under a prefix so foreign objects can sit beside it."""
    if request.param == "local":
        # Deep enough that a key escaping the root would still land inside tmp_path.
        return LocalStorage(tmp_path / "site" / "instance" / "media")
    endpoint = request.getfixturevalue("s3_server")
    bucket = request.getfixturevalue("s3_bucket")
    return S3Storage(bucket, endpoint_url=endpoint, prefix=S3_PREFIX)


@pytest.fixture
def drop_foreign(storage, request):
    """Put a file that is not a media key where the storage keeps its files (root or prefix)."""

    def drop(name: str) -> None:
        if isinstance(storage, LocalStorage):
            path = storage.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"not an image")
        else:
            client = request.getfixturevalue("s3_client")
            client.put_object(Bucket=storage.bucket, Key=name, Body=b"not an image")

    return drop


def test_a_saved_image_can_be_read_back_and_has_a_url(storage):
    key, data = new_key(), image_bytes()

    assert storage.save(key, data, "image/webp") is True

    assert storage.exists(key)
    assert storage.read(key) == data
    assert storage.url(key).endswith("/" + key)


def test_local_urls_are_under_the_media_path(tmp_path):
    key = new_key()
    assert LocalStorage(tmp_path).url(key) == f"/media/{key}"
    assert (
        LocalStorage(tmp_path, "https://img.example/m").url(key) == f"https://img.example/m/{key}"
    )


def test_saving_the_same_key_twice_stores_it_once(storage):
    key, first = new_key(), image_bytes()
    storage.save(key, first, "image/webp")

    assert storage.save(key, image_bytes(), "image/webp") is False
    assert storage.read(key) == first


def test_a_deleted_image_is_gone(storage):
    key = new_key(320, "jpg")
    storage.save(key, image_bytes(), "image/jpeg")

    storage.delete(key)

    assert not storage.exists(key)
    with pytest.raises(KeyError):
        storage.read(key)


def test_deleting_or_reading_an_absent_key(storage):
    key = new_key()
    storage.delete(key)
    assert not storage.exists(key)
    with pytest.raises(KeyError):
        storage.read(key)


def test_files_lists_saved_keys_with_utc_times_and_nothing_else(storage, drop_foreign):
    saved = {new_key(640), new_key(1280), new_key(96, "jpg")}
    for key in saved:
        storage.save(key, image_bytes(), "image/webp")
    upper = uuid.uuid4().hex.upper()
    drop_foreign("notes.txt")
    drop_foreign(f"{upper[:2]}/{upper}-640.webp")
    drop_foreign(f"ab/{uuid.uuid4().hex}-640.png")
    if isinstance(storage, S3Storage):
        drop_foreign(S3_PREFIX + "notes.txt")

    listed = list(storage.files())

    assert {stored.key for stored in listed} == saved
    now = datetime.now(UTC)
    for stored in listed:
        assert stored.modified.utcoffset() == timedelta(0)
        # S3 keeps whole seconds; a minute either way is plenty for a test that takes less.
        assert abs(now - stored.modified) < timedelta(minutes=1)


def test_a_fresh_storage_lists_nothing(storage):
    assert list(storage.files()) == []


HASH = "3fa9c0d1e2b34a5f6789abcdef012345"
BAD_KEYS = [
    "../../x.jpg",
    "ab/../../etc/passwd",
    "/etc/passwd",
    f"/3f/{HASH}-640.webp",
    f"3f/{HASH.upper()}-640.webp",
    f"3f/{HASH}-640.png",
    f"3f/{HASH}-640.webp\n",
    f"3f/{HASH}-.webp",
    f"3f/{HASH}-123456.webp",
    f"3f/{HASH}-640640.webp",
    f"3f/{HASH}-\u0666\u0664\u0660.webp",  # Arabic-Indic digits are still digits to `\d`
    f"3f\\{HASH}-640.webp",
    f"3f/{HASH[:31]}-640.webp",
    "",
]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_keys_that_are_not_media_keys_are_refused(storage, key, tmp_path):
    with pytest.raises(ValueError, match="not a media key"):
        storage.save(key, b"payload", "image/webp")
    with pytest.raises(ValueError, match="not a media key"):
        storage.read(key)
    with pytest.raises(ValueError, match="not a media key"):
        storage.exists(key)
    with pytest.raises(ValueError, match="not a media key"):
        storage.delete(key)
    with pytest.raises(ValueError, match="not a media key"):
        storage.url(key)
    assert list(storage.files()) == []
    # Nothing was written anywhere in the test's folder, inside the root or out of it.
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_local_path_is_the_file_inside_the_root(tmp_path):
    storage = LocalStorage(tmp_path / "media")
    key = new_key()
    storage.save(key, b"bytes", "image/webp")

    assert storage.path(key) == tmp_path / "media" / key
    assert storage.path(key).read_bytes() == b"bytes"
    with pytest.raises(ValueError):
        storage.path("../secrets.jpg")


def test_local_saves_leave_no_temp_files_and_skip_a_crashed_writers(tmp_path):
    storage = LocalStorage(tmp_path)
    keys = [new_key() for _ in range(5)]
    for key in keys:
        storage.save(key, image_bytes(), "image/webp")

    assert list(tmp_path.rglob(".tmp-*")) == []
    # What a writer killed mid-save leaves behind: never listed, never served.
    (tmp_path / keys[0][:2] / ".tmp-abandoned").write_bytes(b"half an ima")
    assert {stored.key for stored in storage.files()} == set(keys)


def test_local_files_are_readable_by_others(tmp_path):
    storage = LocalStorage(tmp_path)
    key = new_key()
    storage.save(key, b"bytes", "image/webp")
    assert storage.path(key).stat().st_mode & 0o777 == 0o644


def test_concurrent_saves_of_one_key_all_succeed_with_a_complete_file(storage):
    key, data = new_key(), image_bytes(1 << 20)
    start = threading.Barrier(8)

    def save() -> bool:
        start.wait()
        return storage.save(key, data, "image/webp")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: save(), range(8)))

    assert True in results
    assert storage.read(key) == data
    assert [stored.key for stored in storage.files()] == [key]
    if isinstance(storage, LocalStorage):
        assert list(storage.root.rglob(".tmp-*")) == []


def test_s3_objects_are_immutable_and_carry_their_type(s3_server, s3_bucket, s3_client):
    storage = S3Storage(s3_bucket, endpoint_url=s3_server, prefix=S3_PREFIX)
    key = new_key(480, "jpg")
    storage.save(key, image_bytes(), "image/jpeg")

    head = s3_client.head_object(Bucket=s3_bucket, Key=S3_PREFIX + key)

    assert head["CacheControl"] == CACHE_FOREVER
    assert head["ContentType"] == "image/jpeg"


def test_the_public_url_of_an_s3_object_serves_it(s3_server, s3_bucket, s3_client):
    # What an operator does for a public bucket: anyone may read objects, nobody may list.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{s3_bucket}/*",
            }
        ],
    }
    s3_client.put_bucket_policy(Bucket=s3_bucket, Policy=json.dumps(policy))
    storage = S3Storage(s3_bucket, endpoint_url=s3_server, prefix="media")
    key, data = new_key(), image_bytes()
    storage.save(key, data, "image/webp")

    url = storage.url(key)
    assert url == f"{s3_server}/{s3_bucket}/media/{key}"
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback http)
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/webp"
        assert response.headers["Cache-Control"] == CACHE_FOREVER
        assert response.read() == data


def test_s3_urls_without_an_endpoint_or_with_a_cdn():
    key = new_key()
    aws = S3Storage("photos", region="eu-central-1", prefix="/media/")
    assert aws.url(key) == f"https://photos.s3.eu-central-1.amazonaws.com/media/{key}"
    for base in ("https://cdn.example/img", "https://cdn.example/img/"):
        cdn = S3Storage("photos", region="eu-central-1", base_url=base, prefix="media")
        assert cdn.url(key) == f"https://cdn.example/img/{key}"


def test_reading_from_a_bucket_that_does_not_exist_is_not_a_missing_image(s3_server):
    storage = S3Storage(f"absent-{uuid.uuid4().hex[:12]}", endpoint_url=s3_server)
    with pytest.raises(ClientError) as raised:
        storage.read(new_key())
    assert raised.value.response["Error"]["Code"] == "NoSuchBucket"


def test_build_storage_defaults_to_a_folder_in_the_instance_path(tmp_path):
    storage = build_storage({}, str(tmp_path))

    assert isinstance(storage, LocalStorage)
    key = new_key()
    storage.save(key, b"bytes", "image/webp")
    assert (tmp_path / "media" / key).read_bytes() == b"bytes"
    assert storage.url(key) == f"/media/{key}"


def test_build_storage_honours_the_local_settings(tmp_path):
    settings = {
        "MEDIA_STORAGE": "local",
        "MEDIA_DIR": str(tmp_path / "elsewhere"),
        "MEDIA_BASE_URL": "https://static.example/media/",
    }
    storage = build_storage(settings, str(tmp_path / "instance"))

    key = new_key()
    storage.save(key, b"bytes", "image/webp")
    assert (tmp_path / "elsewhere" / key).is_file()
    assert storage.url(key) == f"https://static.example/media/{key}"


def test_build_storage_for_s3(s3_server, s3_bucket, s3_client, tmp_path):
    settings = {
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": s3_bucket,
        "MEDIA_S3_ENDPOINT_URL": s3_server,
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_PREFIX": "shop/",
        "MEDIA_BASE_URL": "",
        "MEDIA_DIR": "",
    }
    storage = build_storage(settings, str(tmp_path))

    key = new_key()
    assert storage.save(key, b"bytes", "image/webp")
    body = s3_client.get_object(Bucket=s3_bucket, Key=f"shop/{key}")["Body"].read()
    assert body == b"bytes"
    assert storage.url(key) == f"{s3_server}/{s3_bucket}/shop/{key}"
    assert not Path(tmp_path, "media").exists()


def test_build_storage_refuses_an_unknown_backend(tmp_path):
    with pytest.raises(RuntimeError, match="MEDIA_STORAGE") as raised:
        build_storage({"MEDIA_STORAGE": "ftp"}, str(tmp_path))
    assert "'local'" in str(raised.value) and "'s3'" in str(raised.value)


def test_build_storage_for_s3_needs_a_bucket(tmp_path):
    with pytest.raises(RuntimeError, match="MEDIA_S3_BUCKET"):
        build_storage({"MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": ""}, str(tmp_path))
