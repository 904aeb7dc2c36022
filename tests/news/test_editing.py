"""Editors change articles safely: ETags, slug changes that keep old links, roles and tags."""

from tests.news.conftest import if_match, slugs


def test_an_article_carries_an_etag_and_answers_304_when_unchanged(client, publish):
    article = publish()
    response = client.get(f"/api/v1/articles/{article['slug']}")
    assert response.headers["ETag"]
    again = client.get(
        f"/api/v1/articles/{article['slug']}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == response.headers["ETag"]


def test_readers_and_editors_get_different_etags_for_their_different_views(client, editor, publish):
    url = f"/api/v1/articles/{publish()['slug']}"
    reader = client.get(url)
    staff = client.get(url, headers=editor)
    assert "body" not in reader.json and "body" in staff.json
    assert reader.headers["ETag"] != staff.headers["ETag"]
    assert "Authorization" in reader.headers["Vary"]

    # An editor holding a reader's ETag still gets the Markdown they have not seen.
    upgraded = client.get(url, headers={**editor, "If-None-Match": reader.headers["ETag"]})
    assert upgraded.status_code == 200 and "body" in upgraded.json
    # And a reader's ETag is not the editor's: a write with it is refused as stale.
    refused = client.patch(
        url,
        json={"title": "From the reader view"},
        headers={**editor, "If-Match": reader.headers["ETag"]},
    )
    assert refused.status_code == 412


def test_changes_need_the_current_etag_and_a_stale_one_changes_nothing(client, editor, publish):
    article = publish()
    url = f"/api/v1/articles/{article['slug']}"

    missing = client.patch(url, json={"title": "No precondition"}, headers=editor)
    assert missing.status_code == 428

    read = client.get(url, headers=editor).headers["ETag"]
    changed = client.patch(
        url, json={"title": "Copper at a record"}, headers={**editor, "If-Match": read}
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["title"] == "Copper at a record"
    assert changed.headers["ETag"] != read
    # The answer to a write carries the ETag the next write needs, the same a GET gives.
    assert client.get(url, headers=editor).headers["ETag"] == changed.headers["ETag"]

    stale = client.patch(url, json={"title": "Lost update"}, headers={**editor, "If-Match": read})
    assert stale.status_code == 412
    assert client.get(url).json["title"] == "Copper at a record"
    for action in ("publish", "archive"):
        assert (
            client.post(f"{url}/{action}", headers={**editor, "If-Match": read}).status_code == 412
        )
        assert client.post(f"{url}/{action}", headers=editor).status_code == 428

    again = client.patch(
        url, json={"summary": "Chained"}, headers={**editor, "If-Match": changed.headers["ETag"]}
    )
    assert again.status_code == 200, again.json


def test_a_new_slug_redirects_old_links_permanently(client, editor, publish):
    article = publish(title="Brass price outlook")
    first = client.patch(
        "/api/v1/articles/brass-price-outlook",
        json={"slug": "brass-outlook-2026"},
        headers=if_match(client, editor, article),
    ).json
    second = client.patch(
        "/api/v1/articles/brass-outlook-2026",
        json={"slug": "brass-and-copper-outlook"},
        headers=if_match(client, editor, first),
    ).json
    for old in ("brass-price-outlook", "brass-outlook-2026"):
        moved = client.get(f"/api/v1/articles/{old}")
        assert moved.status_code == 301
        assert moved.headers["Location"].endswith("/api/v1/articles/brass-and-copper-outlook")
    assert client.get("/api/v1/articles/brass-and-copper-outlook").status_code == 200

    back = client.patch(
        "/api/v1/articles/brass-and-copper-outlook",
        json={"slug": "brass-price-outlook"},
        headers=if_match(client, editor, second),
    )
    assert back.status_code == 200
    assert client.get("/api/v1/articles/brass-price-outlook").status_code == 200
    moved = client.get("/api/v1/articles/brass-and-copper-outlook")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/brass-price-outlook")


def test_old_slugs_of_drafts_do_not_reveal_them(client, editor, write_article):
    draft = write_article(title="Secret plan")
    client.patch(
        "/api/v1/articles/secret-plan",
        json={"slug": "new-plan"},
        headers=if_match(client, editor, draft),
    )
    assert client.get("/api/v1/articles/secret-plan").status_code == 404
    assert client.get("/api/v1/articles/secret-plan", headers=editor).status_code == 301


def test_a_slug_in_use_now_or_before_is_refused(client, editor, write_article):
    first = write_article(title="First")
    second = write_article(title="Second")
    client.patch(
        "/api/v1/articles/first", json={"slug": "renamed"}, headers=if_match(client, editor, first)
    )
    for taken in ("renamed", "first"):
        response = client.patch(
            "/api/v1/articles/second",
            json={"slug": taken},
            headers=if_match(client, editor, second),
        )
        assert response.status_code == 409
        assert response.json["errors"] == {"slug": ["Already used."]}
    generated = write_article(title="First")
    assert generated["slug"] == "first-2"


def test_editors_edit_each_others_articles_but_only_admins_delete(
    client, editor, admin, write_article
):
    article = write_article(headers=admin)
    url = f"/api/v1/articles/{article['slug']}"
    edited = client.patch(
        url, json={"summary": "Edited by Eddie."}, headers=if_match(client, editor, article)
    )
    assert edited.status_code == 200
    assert edited.json["author"] == {"name": "Ada Admin", "slug": "ada-admin"}

    assert client.delete(url, headers=if_match(client, editor, edited.json)).status_code == 403
    assert client.delete(url, headers=admin).status_code == 428
    assert client.delete(url, headers=if_match(client, admin, edited.json)).status_code == 204
    assert client.get(url, headers=admin).status_code == 404


def test_anonymous_callers_cannot_write(client, publish):
    article = publish()
    url = f"/api/v1/articles/{article['slug']}"
    assert client.post("/api/v1/articles", json={"title": "Anonymous"}).status_code == 401
    assert client.patch(url, json={"title": "x"}, headers={"If-Match": '"1"'}).status_code == 401
    assert client.post(f"{url}/archive", headers={"If-Match": '"1"'}).status_code == 401
    assert client.delete(url, headers={"If-Match": '"1"'}).status_code == 401
    bad_token = client.post(f"{url}/unpublish", headers={"Authorization": "Bearer nope"})
    assert bad_token.status_code == 401


def test_unknown_tags_are_created_and_known_ones_reused_whatever_their_case(
    client, editor, write_article
):
    first = write_article(tags=["Lead-free", "NSF/ANSI 372"])
    second = write_article(title="Second", tags=["lead free", "LEAD-FREE", "WRAS"])
    assert [tag["slug"] for tag in first["tags"]] == ["lead-free", "nsf-ansi-372"]
    assert second["tags"] == [
        {"slug": "lead-free", "name": "Lead-free"},
        {"slug": "wras", "name": "WRAS"},
    ]
    tags = client.get("/api/v1/tags", headers=editor).json["items"]
    assert [(tag["slug"], tag["article_count"]) for tag in tags] == [
        ("lead-free", 2),
        ("nsf-ansi-372", 1),
        ("wras", 1),
    ]
    cleared = client.patch(
        f"/api/v1/articles/{second['slug']}",
        json={"tags": []},
        headers=if_match(client, editor, second),
    )
    assert cleared.json["tags"] == []
    assert slugs(client.get("/api/v1/articles?tag=wras", headers=editor)) == []
