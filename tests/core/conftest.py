"""Fixtures for the hardening stories: extra apps on the test database, Redis, brands to write."""

import uuid

import pytest

from app import create_app
from core.extensions import db as _db
from tests.catalog.conftest import make_product, taxonomy  # noqa: F401  (product stories)
from tests.conftest import _test_config

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def make_app(app, _schema, tmp_path):
    """Build more apps on the test database with `overrides` (tables are emptied after the test)."""
    made = []

    def make(**overrides):
        extra = create_app({**_test_config(_schema, tmp_path), **overrides})
        made.append(extra)
        return extra

    yield make
    for extra in made:
        with extra.app_context():
            _db.engine.dispose()


@pytest.fixture
def redis_url():
    """The local Redis server's URL; the test is skipped, saying why, when none answers."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis server at {REDIS_URL} ({error})")
    return REDIS_URL


@pytest.fixture
def unique_prefix() -> str:
    """A key prefix no other test run shares, so parallel runs on one Redis never collide."""
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def new_brand():
    """A brand request body with a unique slug, for tests that need many writes."""

    def brand(number: int = 0) -> dict:
        return {"name": f"Brand {number}", "slug": f"brand-{number}-{uuid.uuid4().hex[:8]}"}

    return brand
