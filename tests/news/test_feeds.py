"""Feed readers get valid RSS 2.0 and Atom with the newest published articles."""

import html
from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from tests.news.conftest import if_match

FEEDS = {"rss": ("/news/feed.xml", "rss20"), "atom": ("/news/atom.xml", "atom10")}


def read_feed(client, url: str):
    """Fetch `url` and parse it with a real feed parser, insisting it is well formed."""
    response = client.get(url)
    assert response.status_code == 200, response.data
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed


@pytest.mark.parametrize("kind", FEEDS)
def test_a_feed_lists_the_newest_twenty_published_articles(
    client, editor, publish, write_article, kind
):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for day in range(22):
        publish(
            title=f"Market day {day}",
            published_at=(start + timedelta(days=day)).isoformat(),
            tags=["Markets"],
        )
    write_article(title="Draft not in feeds")
    url, version = FEEDS[kind]

    response, feed = read_feed(client, url)
    assert feed.version == version
    assert response.mimetype == f"application/{kind}+xml"
    assert feed.feed.title == "Sanitary ware industry news"
    titles = [entry.title for entry in feed.entries]
    assert titles == [f"Market day {day}" for day in range(21, 1, -1)]
    newest = feed.entries[0]
    assert newest.link.endswith("/news/market-day-21")
    assert newest.author == "Eddie Editor"
    assert [tag.term for tag in newest.tags] in (["markets"], ["Markets"])
    assert newest.published_parsed[:3] == (2025, 1, 22)
    assert "<strong>first</strong>" in newest.content[0].value
    assert "editor@example.com" not in response.text


@pytest.mark.parametrize("kind", FEEDS)
def test_a_feed_for_one_tag_lists_only_its_articles(client, publish, kind):
    publish(title="Quota news", tags=["Rare earths"])
    publish(title="Brass news", tags=["Brass"])
    url, _ = FEEDS[kind]
    _, feed = read_feed(client, f"{url}?tag=rare-earths")
    assert [entry.title for entry in feed.entries] == ["Quota news"]
    assert feed.feed.title == "Sanitary ware industry news: Rare earths"


@pytest.mark.parametrize("kind", FEEDS)
def test_an_empty_feed_is_still_valid(client, kind):
    _, feed = read_feed(client, FEEDS[kind][0])
    assert feed.entries == []


def test_scheduled_and_archived_articles_stay_out_of_the_feeds(
    client, editor, publish, write_article, now, set_clock
):
    gone = publish(title="Archived story")
    client.post(f"/api/v1/articles/{gone['slug']}/archive", headers=if_match(client, editor, gone))
    write_article(
        title="Tomorrow's story",
        status="scheduled",
        published_at=(now + timedelta(hours=6)).isoformat(),
    )
    for url, _ in FEEDS.values():
        assert read_feed(client, url)[1].entries == []
    set_clock(now + timedelta(hours=6))
    for url, _ in FEEDS.values():
        assert [entry.title for entry in read_feed(client, url)[1].entries] == ["Tomorrow's story"]


def test_feed_summaries_stay_plain_text_and_content_is_sanitised(client, publish):
    publish(title="Prices & margins", body="Brass < copper? <script>alert(1)</script> Not quite.")
    for url, _ in FEEDS.values():
        response, feed = read_feed(client, url)
        entry = feed.entries[0]
        assert entry.title == "Prices & margins"
        # RSS descriptions are HTML (so the "<" arrives escaped), Atom summaries plain text.
        assert "Brass < copper?" in html.unescape(entry.summary)
        assert "<" not in entry.summary.replace("Brass < copper", "")
        assert "<script" not in response.text


def test_unknown_or_malformed_tags_get_a_problem(client):
    unknown = client.get("/news/feed.xml?tag=no-such-tag")
    assert unknown.status_code == 404
    assert unknown.content_type == "application/problem+json"
    malformed = client.get("/news/atom.xml?tag=%3Cscript%3E")
    assert malformed.status_code == 422
    assert "query.tag" in malformed.json["errors"]


def test_feed_readers_can_ask_whether_anything_changed(client, publish):
    publish()
    first = client.get("/news/atom.xml")
    again = client.get("/news/atom.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("kind", FEEDS)
def test_entries_keep_their_id_through_a_rename_and_date_the_real_last_edit(
    client, editor, publish, now, set_clock, kind
):
    story = publish(title="Brass outlook", published_at="2025-03-01T08:00:00+00:00")
    url, _ = FEEDS[kind]
    before = read_feed(client, url)[1].entries[0]
    if kind == "atom":  # RSS has no such date
        written = datetime.fromisoformat(story["updated_at"]).replace(microsecond=0)
        assert datetime(*before.updated_parsed[:6], tzinfo=UTC) == written

    set_clock(now + timedelta(days=3))
    client.patch(
        "/api/v1/articles/brass-outlook",
        json={"slug": "brass-outlook-2025"},
        headers=if_match(client, editor, story),
    )
    after = read_feed(client, url)[1].entries[0]
    assert after.id == before.id and after.id.startswith("tag:")
    assert after.link.endswith("/news/brass-outlook-2025")
    if kind == "atom":
        edited = datetime(*after.updated_parsed[:6], tzinfo=UTC)
        assert edited == (now + timedelta(days=3)).replace(microsecond=0)


def test_rss_descriptions_are_escaped_once(client, publish):
    publish(title="Quotas", summary='Don\'t expect "cheap" magnets & motors soon.')
    response, feed = read_feed(client, "/news/feed.xml")
    assert "&amp;#x27;" not in response.text and "&amp;quot;" not in response.text
    assert feed.entries[0].summary == 'Don\'t expect "cheap" magnets &amp; motors soon.'
    assert html.unescape(feed.entries[0].summary) == 'Don\'t expect "cheap" magnets & motors soon.'
