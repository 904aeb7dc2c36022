"""Fixtures for the hardening stories: Redis, brands to write."""

import uuid

import pytest

from tests.catalog.conftest import make_product, taxonomy  # noqa: F401  (product stories)

REDIS_URL = "redis://127.0.0.1:6379/15"


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
