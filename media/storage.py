"""Where image derivatives live: a local folder or S3-compatible object storage, one interface."""

import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

# ASCII only: `\d` would otherwise accept any Unicode digit.
MEDIA_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{32}-\d{1,5}\.(?:webp|jpg)", re.ASCII)
IMMUTABLE = "public, max-age=31536000, immutable"
BACKENDS = ("local", "s3")
TEMP_PREFIX = ".tmp-"


def is_media_key(key: str) -> bool:
    """Whether `key` names a derivative (and so is safe to use as a path or object name)."""
    return MEDIA_KEY.fullmatch(key) is not None


def _checked(key: str) -> str:
    if not is_media_key(key):
        raise ValueError(f"not a media key: {key!r}")
    return key


def _joined_url(base_url: str, key: str) -> str:
    return base_url.rstrip("/") + "/" + key


@dataclass(frozen=True)
class StoredFile:
    """One stored derivative and when it was last written (aware, UTC)."""

    key: str
    modified: datetime


class MediaStorage(Protocol):
    """What the domains need from a place that keeps image files."""

    def save(self, key: str, data: bytes, content_type: str) -> bool:
        """Store `data` under `key` unless it is there already; True when written now."""

    def exists(self, key: str) -> bool:
        """Whether `key` is stored."""

    def read(self, key: str) -> bytes:
        """The bytes stored under `key`; KeyError when absent."""

    def delete(self, key: str) -> None:
        """Remove `key`; nothing happens when it is absent."""

    def files(self) -> Iterator[StoredFile]:
        """Every stored key; anything that is not a media key is skipped."""

    def url(self, key: str) -> str:
        """Where browsers fetch `key`."""


class LocalStorage:
    """Files in a folder on this machine, served by the app itself (the default)."""

    def __init__(self, root: Path, base_url: str = "/media/") -> None:
        self.root = Path(root)
        self.base_url = base_url

    def path(self, key: str) -> Path:
        """The file for a valid key (for serving with `send_file`)."""
        return self.root / _checked(key)

    def save(self, key: str, data: bytes, content_type: str) -> bool:
        """Write `data` under `key` atomically unless it is there already; True when written now."""
        target = self.path(key)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as temp:
                temp.write(data)
            # mkstemp makes the file private; a web server in front may need to read it.
            os.chmod(temp_name, 0o644)
            # A hard link never replaces: of concurrent writers of one key, exactly one creates
            # it (readers only ever see a complete file) and the others learn it was there.
            os.link(temp_name, target)
        except FileExistsError:
            return False
        finally:
            Path(temp_name).unlink(missing_ok=True)
        return True

    def exists(self, key: str) -> bool:
        """Whether `key` is stored."""
        return self.path(key).is_file()

    def read(self, key: str) -> bytes:
        """The bytes stored under `key`; KeyError when absent."""
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise KeyError(key) from None

    def delete(self, key: str) -> None:
        """Remove `key`; nothing happens when it is absent."""
        self.path(key).unlink(missing_ok=True)

    def files(self) -> Iterator[StoredFile]:
        """Every stored key with its modification time; temp and foreign files are skipped."""
        for folder, _, names in os.walk(self.root):
            for name in names:
                if name.startswith(TEMP_PREFIX):
                    continue
                path = Path(folder, name)
                key = path.relative_to(self.root).as_posix()
                if not is_media_key(key):
                    continue
                try:
                    modified = path.stat().st_mtime
                except FileNotFoundError:  # deleted while we walked
                    continue
                yield StoredFile(key, datetime.fromtimestamp(modified, UTC))

    def url(self, key: str) -> str:
        """Where browsers fetch `key`: under `base_url`."""
        return _joined_url(self.base_url, _checked(key))


class S3Storage:
    """Objects in an S3-compatible bucket, through boto3 and its usual credential chain."""

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        base_url: str = "",
        prefix: str = "",
    ) -> None:
        self.bucket = bucket
        self.endpoint_url = endpoint_url or None
        self.base_url = base_url
        # "media" and "media/" both mean the folder; a prefix never starts with "/".
        prefix = prefix.strip("/")
        self.prefix = f"{prefix}/" if prefix else ""
        # S3-compatible services (MinIO, moto, Ceph) reliably answer path-style requests only.
        config = BotoConfig(s3={"addressing_style": "path"}) if self.endpoint_url else None
        self.client = boto3.client(
            "s3", endpoint_url=self.endpoint_url, region_name=region or None, config=config
        )

    def _name(self, key: str) -> str:
        return self.prefix + _checked(key)

    def save(self, key: str, data: bytes, content_type: str) -> bool:
        """Upload `data` under `key` unless it is there already; True when written now."""
        if self.exists(key):
            return False
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._name(key),
            Body=data,
            ContentType=content_type,
            CacheControl=IMMUTABLE,
        )
        return True

    def exists(self, key: str) -> bool:
        """Whether `key` is stored; errors other than "not found" propagate."""
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _status(error) == 404:
                return False
            raise
        return True

    def read(self, key: str) -> bytes:
        """The bytes stored under `key`; KeyError when absent."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            # Only a missing key; a missing bucket is a configuration error and propagates.
            if error.response.get("Error", {}).get("Code") == "NoSuchKey":
                raise KeyError(key) from None
            raise
        with response["Body"] as body:
            return body.read()

    def delete(self, key: str) -> None:
        """Remove `key`; nothing happens when it is absent."""
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def files(self) -> Iterator[StoredFile]:
        """Every stored key under the prefix with its LastModified; foreign objects are skipped."""
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", []):
                key = item["Key"].removeprefix(self.prefix)
                if is_media_key(key):
                    yield StoredFile(key, item["LastModified"].astimezone(UTC))

    def url(self, key: str) -> str:
        """Where browsers fetch `key`: the CDN or public base URL, else the bucket itself."""
        if self.base_url:
            return _joined_url(self.base_url, _checked(key))
        name = self._name(key)
        if self.endpoint_url:
            return f"{self.endpoint_url.rstrip('/')}/{self.bucket}/{name}"
        return f"https://{self.bucket}.s3.{self.client.meta.region_name}.amazonaws.com/{name}"


def _status(error: ClientError) -> int | None:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def build_storage(config: Mapping[str, Any], instance_path: str) -> MediaStorage:
    """The storage the settings name."""
    backend = config.get("MEDIA_STORAGE", "") or "local"
    base_url = config.get("MEDIA_BASE_URL", "")
    if backend == "local":
        root = config.get("MEDIA_DIR", "") or os.path.join(instance_path, "media")
        return LocalStorage(Path(root), base_url or "/media/")
    if backend == "s3":
        bucket = config.get("MEDIA_S3_BUCKET", "")
        if not bucket:
            raise RuntimeError("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET, the bucket's name")
        return S3Storage(
            bucket,
            endpoint_url=config.get("MEDIA_S3_ENDPOINT_URL", "") or None,
            region=config.get("MEDIA_S3_REGION", "") or None,
            base_url=base_url,
            prefix=config.get("MEDIA_S3_PREFIX", ""),
        )
    accepted = " or ".join(repr(name) for name in BACKENDS)
    raise RuntimeError(f"MEDIA_STORAGE is {backend!r}; it must be {accepted}")
