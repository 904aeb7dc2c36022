"""Bad input to the newsroom gets a clear 4xx problem document and changes nothing."""

import pytest

from tests.news.conftest import COPPER_STORY, if_match

SCRIPT = "<script>alert(1)</script>"


def newsroom_state(client, editor) -> list:
    """Everything an editor can see of the articles and tags, to compare before and after."""
    articles = client.get("/api/v1/articles?per_page=100", headers=editor).json["items"]
    tags = client.get("/api/v1/tags", headers=editor).json["items"]
    return [articles, tags]


@pytest.fixture
def newsroom(client, editor, write_article, publish) -> list:
    """A newsroom with a published story and a draft, with their tags, as an editor sees it."""
    publish(title="Zinc steadies after a volatile quarter", tags=["Zinc"])
    write_article(title="Nickel outlook (draft)", tags=["Nickel", "Raw materials"])
    state = newsroom_state(client, editor)
    assert len(state[0]) == 2 and len(state[1]) == 3
    return state


BAD_BODIES = {
    "unknown field": ({"colour": "red"}, 422, "colour"),
    "no title": ({"title": None}, 422, "title"),
    "empty title": ({"title": ""}, 422, "title"),
    "over-long title": ({"title": "x" * 201}, 422, "title"),
    "script in title": ({"title": f"Copper {SCRIPT}"}, 422, "title"),
    "handler in summary": ({"summary": '<img src=x onerror="alert(1)">'}, 422, "summary"),
    "script in a tag": ({"tags": [SCRIPT]}, 422, "tags.0"),
    "tag of punctuation": ({"tags": ["!!!"]}, 422, "tags.0"),
    "too many tags": ({"tags": [f"tag {n}" for n in range(21)]}, 422, "tags"),
    "markup in alt text": (
        {"cover_image": {"url": "https://img.example.com/a.jpg", "alt": "<b>x</b>"}},
        422,
        "cover_image.alt",
    ),
    "javascript cover": (
        {"cover_image": {"url": "javascript:alert(1)", "alt": "x"}},
        422,
        "cover_image.url",
    ),
    "plain http cover the page would block": (
        {"cover_image": {"url": "http://img.example.com/a.jpg", "alt": "x"}},
        422,
        "cover_image.url",
    ),
    "javascript source": (
        {"source_links": [{"url": "javascript:alert(1)", "title": "x"}]},
        422,
        "source_links.0.url",
    ),
    "script in source title": (
        {"source_links": [{"url": "https://example.com", "title": SCRIPT}]},
        422,
        "source_links.0.title",
    ),
    "NUL in title": ({"title": "Copper\x00"}, 422, "title"),
    "NUL in body": ({"body": "Copper\x00 prices"}, 422, "body"),
    "not a date": ({"published_at": "next Tuesday"}, 422, "published_at"),
    "impossible date": ({"published_at": "2025-02-30T10:00:00Z"}, 422, "published_at"),
    "date without zone": ({"published_at": "2025-03-01T10:00:00"}, 422, "published_at"),
    "year one": ({"published_at": "0001-01-01T00:00:00+14:00"}, 422, "published_at"),
    "far future": ({"published_at": "9999-12-31T23:59:59-12:00"}, 422, "published_at"),
    "unknown status": ({"status": "live"}, 422, "status"),
    "bad slug": ({"slug": "Not A Slug"}, 422, "slug"),
    "tags not a list": ({"tags": "copper"}, 422, "tags"),
}


@pytest.mark.parametrize("case", BAD_BODIES, ids=list(BAD_BODIES))
def test_a_bad_article_is_refused_with_the_field_named(client, editor, newsroom, case):
    changes, status, field = BAD_BODIES[case]
    before = newsroom
    response = client.post("/api/v1/articles", json={**COPPER_STORY, **changes}, headers=editor)
    assert response.status_code == status, response.json
    assert response.content_type == "application/problem+json"
    assert field in response.json["errors"]
    assert "<script" not in response.text and "onerror" not in response.text
    assert newsroom_state(client, editor) == before


def test_the_same_bad_fields_are_refused_in_a_change(client, editor, write_article):
    article = write_article()
    url = f"/api/v1/articles/{article['slug']}"
    for changes, status, field in BAD_BODIES.values():
        if "title" in changes and changes["title"] is None:
            continue
        response = client.patch(url, json=changes, headers=if_match(client, editor, article))
        assert response.status_code == status, (changes, response.json)
        assert field in response.json["errors"]
    assert client.get(url, headers=editor).json["version"] == article["version"]


def test_a_body_over_the_configured_limit_is_413(app, client, editor):
    app.config["ARTICLE_MAX_BODY_CHARS"] = 1000
    response = client.post(
        "/api/v1/articles", json={"title": "Long", "body": "x" * 1001}, headers=editor
    )
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert response.json["errors"] == {"body": ["At most 1000 characters."]}
    exactly = client.post(
        "/api/v1/articles", json={"title": "Fits", "body": "x" * 1000}, headers=editor
    )
    assert exactly.status_code == 201


def test_a_request_over_the_size_limit_is_413_as_a_problem(client, editor):
    response = client.post(
        "/api/v1/articles", json={"title": "Huge", "body": "x" * (1024 * 1024)}, headers=editor
    )
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert client.get("/api/v1/articles", headers=editor).json["meta"]["total"] == 0


def test_malformed_json_and_the_wrong_media_type_are_refused(client, editor):
    broken = client.post(
        "/api/v1/articles",
        data='{"title": ',
        headers={**editor, "Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.json["type"] == "/problems/malformed-json"
    form = client.post("/api/v1/articles", data={"title": "x"}, headers=editor)
    assert form.status_code == 415


def test_unknown_articles_and_bad_slugs_are_404(client, editor):
    assert client.get("/api/v1/articles/no-such-story").status_code == 404
    assert client.get("/api/v1/articles/%00").status_code == 404
    response = client.post("/api/v1/articles/no-such-story/publish", headers=editor)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
