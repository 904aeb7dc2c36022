"""Articles written through the admin API, for the newsroom's stories."""

from datetime import UTC, datetime

import pytest

from core import clock
from tests.catalog.conftest import make_product, taxonomy  # noqa: F401  (fixtures for links)
from tests.conftest import if_match_now

COPPER_STORY = {
    "title": "Copper climbs as smelters cut output",
    "body": "Copper prices rose again this week.\n\nBrass makers feel it **first**.",
    "tags": ["Copper", "Raw materials"],
}
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def now(set_clock) -> datetime:
    """Pin the clock at a known moment; tests move it further with `set_clock`."""
    set_clock(NOW)
    return NOW


@pytest.fixture
def write_article(client, editor):
    """Create an article through the API as the editor; returns the response JSON."""

    def write(headers=None, **fields):
        body = {**COPPER_STORY, **fields}
        response = client.post("/api/v1/articles", json=body, headers=headers or editor)
        assert response.status_code == 201, response.json
        return response.json

    return write


@pytest.fixture
def publish(client, editor, write_article):
    """Write an article and publish it (now, or backdated with `published_at`)."""

    def publish_article(**fields):
        fields.setdefault("published_at", clock.utcnow().isoformat())
        return write_article(status="published", **fields)

    return publish_article


def if_match(client, headers: dict, article: dict) -> dict:
    """`headers` plus an If-Match with the ETag this caller reads `article` with now."""
    return if_match_now(client, f"/api/v1/articles/{article['slug']}", headers)


def slugs(response) -> list[str]:
    """The slugs of a listing response, in order."""
    assert response.status_code == 200, response.json
    return [item["slug"] for item in response.json["items"]]
