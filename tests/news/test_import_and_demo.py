"""Editors import writing with `flask news import`; `flask demo load` fills the newsroom."""

from textwrap import dedent

import pytest

from core.auth.models import User
from news.models import Article
from tests.news.conftest import if_match, slugs

QUOTA_FILE = """\
---
title: Quotas under review
tags: [Rare earths, Trade]
status: published
published_at: 2014-04-15
---
The **WTO** panel has ruled.
"""


@pytest.fixture
def write_file(tmp_path):
    """Write a Markdown file under a temporary folder; returns its path."""

    def write(name: str, text: str):
        path = tmp_path / name
        path.write_text(dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def import_files(runner, editor_token):
    """Run `flask news import FILES --author editor@example.com`."""

    def run(*paths, author="editor@example.com"):
        return runner.invoke(args=["news", "import", *map(str, paths), "--author", author])

    return run


def test_an_editor_imports_a_markdown_file_with_front_matter(client, import_files, write_file):
    # Without a slug in the front matter the address comes from the title, not the file name.
    result = import_files(write_file("2014-04-15-draft-3.md", QUOTA_FILE))
    assert result.exit_code == 0, result.output
    assert "created quotas-under-review (published)" in result.output

    article = client.get("/api/v1/articles/quotas-under-review").json
    assert article["title"] == "Quotas under review"
    assert article["published_at"] == "2014-04-15T00:00:00+00:00"
    assert article["body_html"] == "<p>The <strong>WTO</strong> panel has ruled.</p>\n"
    assert [tag["slug"] for tag in article["tags"]] == ["rare-earths", "trade"]
    assert article["author"] == {"name": "Eddie Editor", "slug": "eddie-editor"}


def test_importing_the_same_file_again_updates_rather_than_duplicates(
    client, editor, db, import_files, write_file
):
    path = write_file("quotas-under-review.md", QUOTA_FILE)
    assert import_files(path).exit_code == 0
    path.write_text(QUOTA_FILE.replace("has ruled", "has ruled against the quotas"))
    again = import_files(path)
    assert again.exit_code == 0, again.output
    assert "updated quotas-under-review" in again.output
    assert db.session.query(Article).count() == 1
    body = client.get("/api/v1/articles/quotas-under-review").json["body_html"]
    assert "ruled against the quotas" in body


def test_a_reimport_finds_an_article_renamed_since_and_keeps_the_editors_status(
    client, editor, import_files, write_file
):
    path = write_file("notes.md", "---\ntitle: Notes\nslug: draft-notes\n---\nFirst version.\n")
    import_files(path)
    article = client.get("/api/v1/articles/draft-notes", headers=editor).json
    renamed = client.patch(
        "/api/v1/articles/draft-notes",
        json={"slug": "notes"},
        headers=if_match(client, editor, article),
    ).json
    client.post("/api/v1/articles/notes/publish", headers=if_match(client, editor, renamed))

    path.write_text("---\ntitle: Notes, revised\nslug: draft-notes\n---\nSecond version.\n")
    result = import_files(path)
    assert result.exit_code == 0, result.output
    assert "updated notes (published)" in result.output
    assert slugs(client.get("/api/v1/articles")) == ["notes"]
    assert client.get("/api/v1/articles/notes").json["title"] == "Notes, revised"


def test_a_bad_file_is_reported_and_nothing_of_it_is_saved(
    client, editor, import_files, write_file
):
    good = write_file("good.md", "---\ntitle: Good\ntags: brass, copper\n---\nFine.\n")
    bad = write_file(
        "bad.md",
        """\
        ---
        title: "<script>alert(1)</script>"
        status: scheduled
        published_at: not a date
        colour: red
        ---
        Body.
        """,
    )
    broken_yaml = write_file("broken.md", "---\ntitle: [unclosed\n---\nBody.\n")
    result = import_files(good, bad, broken_yaml)
    assert result.exit_code == 1
    assert "created good (draft)" in result.output
    assert "bad.md has invalid fields: colour, published_at, title." in result.output
    assert "broken.md is not valid YAML" in result.output
    assert "2 of 3 files were not imported" in result.output
    assert slugs(client.get("/api/v1/articles", headers=editor)) == ["good"]
    good_tags = client.get("/api/v1/articles/good", headers=editor).json["tags"]
    assert [tag["slug"] for tag in good_tags] == ["brass", "copper"]


def test_a_scheduled_import_needs_a_future_date_and_an_unknown_author_is_refused(
    client, editor, import_files, write_file
):
    past = write_file(
        "late.md", "---\ntitle: Late\nstatus: scheduled\npublished_at: 2001-01-01\n---\n"
    )
    result = import_files(past)
    assert result.exit_code == 1
    assert "published_at: Give a time in the future to schedule." in result.output
    unknown = import_files(past, author="ghost@example.com")
    assert unknown.exit_code == 2 and "no user with email ghost@example.com" in unknown.output
    assert client.get("/api/v1/articles", headers=editor).json["meta"]["total"] == 0


def test_the_demo_newsroom_loads_once_however_often_it_runs(runner, client, db):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "news: 9 articles added, 0 already there" in first.output
    again = runner.invoke(args=["demo", "load"])
    assert "news: 0 articles added, 9 already there" in again.output
    assert db.session.query(Article).count() == 9
    newsroom = db.session.query(User).filter_by(email="newsroom@example.com").one()
    assert newsroom.display_name == "Newsroom"

    statuses = [article.current_status.value for article in db.session.query(Article)]
    assert statuses.count("scheduled") == 1 and statuses.count("draft") == 1
    public = client.get("/api/v1/articles").json
    assert public["meta"]["total"] == 7
    assert all(
        item["author"] == {"name": "Newsroom", "slug": "newsroom"} for item in public["items"]
    )
    # Feeds and sitemaps date each article to when it was written, not to the demo's loading.
    published = [a for a in db.session.query(Article) if a.current_status.value == "published"]
    assert len(published) == 7
    assert all(article.updated_at == article.published_at for article in published)


def test_the_demo_rare_earth_commentary_carries_the_facts_and_links_its_products(runner, client):
    runner.invoke(args=["demo", "load"])
    commentary = client.get("/api/v1/articles/rare-earth-export-quotas-after-the-wto-ruling").json
    text = commentary["body_html"]
    for fact in (
        "1998",
        "2001",
        "22 products",
        "61.6%",
        "57.8%",
        "Baotou",
        "Minmetals",
        "Chinalco",
    ):
        assert fact in text, fact
    assert "smuggling" in text.lower() and "rent-seeking" in text
    assert {tag["slug"] for tag in commentary["tags"]} >= {"rare-earths", "trade"}
    twin = client.get("/api/v1/articles/twin-handle-kitchen-faucets-are-back").json
    assert len(twin["products"]) == 3
    assert "<category>Rare earths</category>" in client.get("/news/feed.xml").text


def test_the_demo_newsroom_loads_without_the_demo_catalogue(runner, client, editor, db):
    from news.demo import load_demo_articles

    with runner.app.app_context():
        assert load_demo_articles() == "9 articles added, 0 already there"
    twin = client.get("/api/v1/articles/twin-handle-kitchen-faucets-are-back").json
    assert twin["products"] == []
