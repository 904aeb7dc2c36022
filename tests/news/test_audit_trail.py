"""Admins can tell which editor wrote, changed and published an article, and what changed."""

from tests.news.conftest import if_match


def test_an_editors_article_create_and_publish_show_in_the_audit_log(
    client, editor, admin, write_article
):
    article = write_article(summary="Smelters cut output.")
    url = f"/api/v1/articles/{article['slug']}"
    edited = client.patch(
        url,
        json={"summary": "Smelters cut output again."},
        headers=if_match(client, editor, article),
    ).json
    assert (
        client.post(f"{url}/publish", headers=if_match(client, editor, edited)).status_code == 200
    )

    log = client.get("/api/v1/audit?object_type=article", headers=admin).json["items"]
    assert [(e["action"], e["actor"]) for e in log] == [
        ("publish", "editor@example.com"),
        ("update", "editor@example.com"),
        ("create", "editor@example.com"),
    ]
    published, updated, created = log
    assert {e["object_label"] for e in log} == {article["slug"]}
    assert published["changes"]["status"] == {"from": "draft", "to": "published"}
    assert "published_at" in published["changes"]
    assert updated["changes"] == {
        "summary": {"from": "Smelters cut output.", "to": "Smelters cut output again."}
    }
    assert created["changes"]["title"]["to"] == "Copper climbs as smelters cut output"
    assert created["changes"]["tags"] == {"from": [], "to": ["copper", "raw-materials"]}
    assert {"body_html", "excerpt"}.isdisjoint(created["changes"])

    tags = client.get("/api/v1/audit?object_type=tag", headers=admin).json["items"]
    assert sorted(e["object_label"] for e in tags) == ["copper", "raw-materials"]
