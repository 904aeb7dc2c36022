"""Two editors creating at the same moment: generated slugs and new tags never cause a 409.

Each write reads before it inserts (is the slug free, does the tag exist?). The tests hold
both writers between that read and their insert, so the race happens every time, and then
release them together or one a moment after the other has committed.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import core.slugs
import news.services

WRITERS = 2
LAG = 0.3  # long enough for the first writer to commit before the second goes on


@pytest.fixture(params=["released together", "one after the other commits"])
def both_read_before_either_writes(request, monkeypatch):
    """Make `module.name` wait, once per thread, until every writer has called it."""
    barrier = threading.Barrier(WRITERS, timeout=10)
    waited = threading.local()
    lag = LAG if request.param == "one after the other commits" else 0

    def hold(module, name):
        original = getattr(module, name)

        def held(*args, **kwargs):
            result = original(*args, **kwargs)
            if not getattr(waited, "done", False):
                waited.done = True
                if barrier.wait() == 0:
                    time.sleep(lag)
            return result

        monkeypatch.setattr(module, name, held)

    return hold


def post_together(app, path: str, bodies: list[dict], headers: dict) -> list:
    """POST each body from its own thread and client at once; the responses, in order."""

    def post(body):
        return app.test_client().post(path, json=body, headers=headers)

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(post, bodies))


def test_two_brands_with_one_name_both_get_a_slug(app, editor, both_read_before_either_writes):
    both_read_before_either_writes(core.slugs, "unique_slug")
    body = {"name": "Aquaverde"}
    responses = post_together(app, "/api/v1/brands", [body] * WRITERS, editor)

    assert [r.status_code for r in responses] == [201] * WRITERS, [r.json for r in responses]
    assert sorted(r.json["slug"] for r in responses) == ["aquaverde", "aquaverde-2"]


def test_two_articles_with_one_title_both_get_a_slug(app, editor, both_read_before_either_writes):
    both_read_before_either_writes(core.slugs, "unique_slug")
    body = {"title": "Brass prices ease", "body": "Copper fell."}
    responses = post_together(app, "/api/v1/articles", [body] * WRITERS, editor)

    assert [r.status_code for r in responses] == [201] * WRITERS, [r.json for r in responses]
    assert sorted(r.json["slug"] for r in responses) == [
        "brass-prices-ease",
        "brass-prices-ease-2",
    ]


def test_two_articles_naming_one_new_tag_share_it(
    app, client, editor, both_read_before_either_writes
):
    both_read_before_either_writes(news.services, "_tags_named")
    bodies = [
        {"title": f"Rare earths, part {n}", "body": "Quotas tighten.", "tags": ["Rare earths"]}
        for n in (1, 2)
    ]
    responses = post_together(app, "/api/v1/articles", bodies, editor)

    assert [r.status_code for r in responses] == [201] * WRITERS, [r.json for r in responses]
    tags = client.get("/api/v1/tags", headers=editor).json["items"]
    assert [(t["slug"], t["article_count"]) for t in tags] == [("rare-earths", 2)]


def test_a_given_slug_taken_at_the_same_moment_is_still_a_conflict(
    app, editor, both_read_before_either_writes
):
    both_read_before_either_writes(news.services, "_tags_named")
    bodies = [{"title": f"Story {n}", "slug": "one-slug", "body": "x"} for n in (1, 2)]
    responses = post_together(app, "/api/v1/articles", bodies, editor)

    assert sorted(r.status_code for r in responses) == [201, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert refused.json["errors"] == {"slug": ["Already used."]}
