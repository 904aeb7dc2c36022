"""A tag only unpublished articles use stays as unknown to readers as a tag that never existed."""

from datetime import timedelta

import pytest

from tests.news.conftest import if_match

UNKNOWN = "never-used-anywhere"
READER_URLS = ("/news/tag/{}", "/news/feed.xml?tag={}", "/news/atom.xml?tag={}")


def tag_slugs(client, headers=None) -> set[str]:
    response = client.get("/api/v1/tags?per_page=100", headers=headers)
    assert response.status_code == 200, response.json
    return {tag["slug"] for tag in response.json["items"]}


@pytest.fixture
def unreleased_tags(client, editor, write_article, now) -> dict[str, str]:
    """A draft, a scheduled and an archived article, each under a tag of its own."""
    write_article(title="Merger talks", tags=["Secret merger"])
    tomorrow = (now + timedelta(days=1)).isoformat()
    write_article(
        title="Price list", tags=["Embargoed prices"], status="published", published_at=tomorrow
    )
    old = write_article(
        title="Old story",
        tags=["Withdrawn story"],
        status="published",
        published_at=(now - timedelta(days=1)).isoformat(),
    )
    archived = client.post(
        f"/api/v1/articles/{old['slug']}/archive", headers=if_match(client, editor, old)
    )
    assert archived.status_code == 200, archived.json
    return {
        "secret-merger": "Secret merger",
        "embargoed-prices": "Embargoed prices",
        "withdrawn-story": "Withdrawn story",
    }


def test_readers_get_the_same_404_for_unreleased_tags_as_for_unknown_ones(client, unreleased_tags):
    for url in READER_URLS:
        unknown = client.get(url.format(UNKNOWN))
        assert unknown.status_code == 404
        for slug, name in unreleased_tags.items():
            response = client.get(url.format(slug))
            assert response.status_code == 404, url.format(slug)
            assert response.mimetype == unknown.mimetype
            assert name not in response.text


def test_readers_find_unreleased_tags_neither_listed_nor_as_a_filter(
    client, editor, unreleased_tags
):
    assert tag_slugs(client) == set()
    for slug in unreleased_tags:
        listing = client.get(f"/api/v1/articles?tag={slug}")
        assert listing.status_code == 200
        assert listing.json["items"] == []
        assert listing.json == client.get(f"/api/v1/articles?tag={UNKNOWN}").json
    assert tag_slugs(client, editor) == set(unreleased_tags)


def test_a_tag_page_and_its_feeds_appear_once_an_article_under_it_is_published(
    client, editor, write_article, now
):
    draft = write_article(title="Merger talks", tags=["Secret merger"])
    assert client.get("/news/tag/secret-merger").status_code == 404

    published = client.post(
        f"/api/v1/articles/{draft['slug']}/publish", headers=if_match(client, editor, draft)
    )
    assert published.status_code == 200, published.json
    for url in READER_URLS:
        assert client.get(url.format("secret-merger")).status_code == 200, url
    assert tag_slugs(client) == {"secret-merger"}
