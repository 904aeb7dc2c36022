"""Editors draft, schedule, publish, unpublish and archive; readers only ever see what is live."""

from datetime import timedelta

from tests.news.conftest import if_match, slugs


def reader_sees(client, slug: str) -> bool:
    """Whether an anonymous reader finds the article in the listing, by slug and in the feed."""
    listed = slug in slugs(client.get("/api/v1/articles"))
    detail = client.get(f"/api/v1/articles/{slug}").status_code
    in_feed = f"/news/{slug}</link>" in client.get("/news/feed.xml").text
    assert listed == (detail == 200) == in_feed, (listed, detail, in_feed)
    return listed


def test_a_draft_stays_invisible_until_an_editor_publishes_it(client, editor, write_article):
    draft = write_article()
    assert draft["status"] == "draft" and draft["published_at"] is None
    assert not reader_sees(client, draft["slug"])
    assert client.get(f"/api/v1/articles/{draft['slug']}").json["type"] == "/problems/not-found"

    response = client.post(
        f"/api/v1/articles/{draft['slug']}/publish", headers=if_match(client, editor, draft)
    )
    assert response.status_code == 200, response.json
    assert response.json["status"] == "published"
    assert reader_sees(client, draft["slug"])


def test_a_scheduled_article_goes_live_at_its_time_with_nothing_to_run(
    client, editor, write_article, now, set_clock
):
    article = write_article()
    go_live = now + timedelta(hours=3)
    response = client.post(
        f"/api/v1/articles/{article['slug']}/schedule",
        json={"published_at": go_live.isoformat()},
        headers=if_match(client, editor, article),
    )
    assert response.status_code == 200, response.json
    assert response.json["status"] == "scheduled"
    assert not reader_sees(client, article["slug"])
    assert client.get("/api/v1/tags").json["items"] == []

    set_clock(go_live - timedelta(seconds=1))
    assert not reader_sees(client, article["slug"])

    set_clock(go_live)
    assert reader_sees(client, article["slug"])
    assert client.get(f"/api/v1/articles/{article['slug']}").json["status"] == "published"
    assert {tag["slug"] for tag in client.get("/api/v1/tags").json["items"]} == {
        "copper",
        "raw-materials",
    }


def test_an_article_written_with_a_future_date_is_scheduled(client, write_article, now):
    article = write_article(status="published", published_at=(now + timedelta(days=1)).isoformat())
    assert article["status"] == "scheduled"
    assert not reader_sees(client, article["slug"])


def test_scheduling_needs_a_future_time(client, editor, write_article, now):
    article = write_article()
    for when in [(now - timedelta(minutes=1)).isoformat(), None]:
        response = client.post(
            f"/api/v1/articles/{article['slug']}/schedule",
            json={"published_at": when},
            headers=if_match(client, editor, article),
        )
        assert response.status_code == 422
        assert "published_at" in response.json["errors"]
    response = client.patch(
        f"/api/v1/articles/{article['slug']}",
        json={"status": "scheduled"},
        headers=if_match(client, editor, article),
    )
    assert response.status_code == 422
    assert response.json["errors"] == {"published_at": ["Give a time in the future to schedule."]}
    assert client.get(f"/api/v1/articles/{article['slug']}", headers=editor).json["version"] == 1


def test_unpublishing_and_archiving_hide_an_article_from_readers(client, editor, publish):
    article = publish()
    assert reader_sees(client, article["slug"])

    unpublished = client.post(
        f"/api/v1/articles/{article['slug']}/unpublish", headers=if_match(client, editor, article)
    )
    assert unpublished.json["status"] == "draft"
    assert not reader_sees(client, article["slug"])

    republished = client.post(
        f"/api/v1/articles/{article['slug']}/publish",
        headers=if_match(client, editor, unpublished.json),
    )
    assert reader_sees(client, article["slug"])

    archived = client.post(
        f"/api/v1/articles/{article['slug']}/archive",
        headers=if_match(client, editor, republished.json),
    )
    assert archived.json["status"] == "archived"
    assert not reader_sees(client, article["slug"])
    staff_view = client.get(f"/api/v1/articles/{article['slug']}", headers=editor)
    assert staff_view.status_code == 200 and staff_view.json["status"] == "archived"


def test_staff_list_each_status_and_readers_may_not_ask_for_unpublished_ones(
    client, editor, write_article, publish, now
):
    draft = write_article(title="A draft")
    live = publish(title="Live now")
    later = write_article(
        title="Later", status="scheduled", published_at=(now + timedelta(hours=2)).isoformat()
    )
    gone = publish(title="Gone")
    client.post(f"/api/v1/articles/{gone['slug']}/archive", headers=if_match(client, editor, gone))

    def staff_list(status):
        return slugs(client.get(f"/api/v1/articles?status={status}", headers=editor))

    assert staff_list("draft") == [draft["slug"]]
    assert staff_list("scheduled") == [later["slug"]]
    assert staff_list("published") == [live["slug"]]
    assert staff_list("archived") == [gone["slug"]]
    assert len(slugs(client.get("/api/v1/articles", headers=editor))) == 4
    assert slugs(client.get("/api/v1/articles")) == [live["slug"]]
    assert slugs(client.get("/api/v1/articles?status=published")) == [live["slug"]]
    forbidden = client.get("/api/v1/articles?status=draft")
    assert forbidden.status_code == 403
    assert forbidden.json["type"] == "/problems/forbidden"
