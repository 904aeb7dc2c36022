"""Readers search the newsroom through the search engine: `q` on the listing and /api/v1/search."""

from datetime import timedelta

import pytest

from tests.news.conftest import if_match, slugs


@pytest.fixture
def newsroom(publish, write_article, now, admin):
    """A few articles to search, by short name; one draft and one scheduled."""
    return {
        "quota": publish(
            title="Rare earth export quotas after the WTO ruling",
            body="China's **quota** system for rare earths was under-used and smuggling grew.",
            tags=["Rare earths", "Trade"],
            published_at="2014-04-15T08:00:00Z",
        ),
        "brass": publish(
            title="Why copper swings show up in faucet prices",
            body="Brass is mostly copper, so a faucet's metal cost follows the copper price.",
            tags=["Brass", "Copper"],
            published_at="2025-09-16T07:30:00Z",
        ),
        "wras": publish(
            title="WRAS approval explained",
            body="The UK water regulations and what an approved tap must show.",
            tags=["Standards"],
            published_at="2025-10-01T07:30:00Z",
            headers=admin,
        ),
        "draft": write_article(
            title="Quota notes, unfinished", body="Rare earth quota draft.", tags=["Trade"]
        ),
        "scheduled": write_article(
            title="Quota outlook for next year",
            body="Rare earth quotas ahead.",
            tags=["Rare earths"],
            status="scheduled",
            published_at=(now + timedelta(hours=4)).isoformat(),
        ),
    }


def test_readers_find_articles_by_words_typos_and_tags(client, newsroom):
    assert slugs(client.get("/api/v1/articles?q=rare earth quota WTO")) == [
        newsroom["quota"]["slug"]
    ]
    assert slugs(client.get("/api/v1/articles?q=quotaa")) == [newsroom["quota"]["slug"]]
    assert slugs(client.get("/api/v1/articles?q=copper")) == [newsroom["brass"]["slug"]]
    # Soft AND: the article with both words comes first, one with only "faucets" after it.
    assert slugs(client.get("/api/v1/articles?q=approved taps"))[0] == newsroom["wras"]["slug"]
    assert slugs(client.get("/api/v1/articles?q=brass&tag=standards")) == []
    assert slugs(client.get("/api/v1/articles?q=nothing-like-this-anywhere")) == []


def test_search_respects_the_listing_filters(client, newsroom):
    assert slugs(client.get("/api/v1/articles?q=copper OR quota&tag=trade")) == [
        newsroom["quota"]["slug"]
    ]
    assert slugs(client.get("/api/v1/articles?q=approval&author=ada-admin")) == [
        newsroom["wras"]["slug"]
    ]
    assert slugs(client.get("/api/v1/articles?q=approval&author=eddie-editor")) == []
    assert slugs(client.get("/api/v1/articles?q=quota&year=2014&month=4")) == [
        newsroom["quota"]["slug"]
    ]
    assert slugs(client.get("/api/v1/articles?q=quota&year=2014&month=5")) == []
    page = client.get("/api/v1/articles?q=quota&per_page=1").json
    assert page["meta"] == {"page": 1, "per_page": 1, "total": 1, "pages": 1}


def test_readers_never_find_drafts_or_articles_before_their_time(
    client, editor, newsroom, now, set_clock
):
    quota_slugs = {newsroom["quota"]["slug"]}
    assert set(slugs(client.get("/api/v1/articles?q=quota"))) == quota_slugs
    assert set(slugs(client.get("/api/v1/articles?q=quota", headers=editor))) == quota_slugs | {
        newsroom["draft"]["slug"],
        newsroom["scheduled"]["slug"],
    }
    staff = {
        status: slugs(client.get(f"/api/v1/articles?q=quota&status={status}", headers=editor))
        for status in ("draft", "scheduled", "published", "archived")
    }
    assert staff == {
        "draft": [newsroom["draft"]["slug"]],
        "scheduled": [newsroom["scheduled"]["slug"]],
        "published": [newsroom["quota"]["slug"]],
        "archived": [],
    }
    assert client.get("/api/v1/articles?q=quota&status=draft").status_code == 403

    set_clock(now + timedelta(hours=4))
    assert newsroom["scheduled"]["slug"] in slugs(client.get("/api/v1/articles?q=quota"))


def test_edits_and_deletions_reach_search_at_once(client, editor, admin, newsroom):
    brass = newsroom["brass"]
    changed = client.patch(
        f"/api/v1/articles/{brass['slug']}",
        json={"title": "Zinc and copper: the two halves of brass", "tags": ["Zinc"]},
        headers=if_match(client, editor, brass),
    ).json
    assert slugs(client.get("/api/v1/articles?q=zinc")) == [brass["slug"]]
    assert slugs(client.get("/api/v1/articles?q=zinc&tag=zinc")) == [brass["slug"]]
    archived = client.post(
        f"/api/v1/articles/{brass['slug']}/archive", headers=if_match(client, editor, changed)
    ).json
    assert slugs(client.get("/api/v1/articles?q=zinc")) == []
    client.delete(f"/api/v1/articles/{brass['slug']}", headers=if_match(client, admin, archived))
    assert slugs(client.get("/api/v1/articles?q=zinc", headers=editor)) == []


def test_the_search_api_returns_articles_with_highlights(client, newsroom):
    response = client.get("/api/v1/search?q=quota&type=article")
    assert response.status_code == 200, response.json
    (hit,) = response.json["items"]
    assert hit["type"] == "article"
    assert hit["document"]["slug"] == newsroom["quota"]["slug"]
    assert hit["document"]["author"] == {"name": "Eddie Editor", "slug": "eddie-editor"}
    assert "<mark>" in hit["highlights"]["title"] + hit["highlights"].get("body", "")
    tags = {facet["value"] for facet in response.json["facets"]["tag"]}
    assert tags == {"rare-earths", "trade"}
