"""Some queries are best answered by a page: staff send them there; shoppers who type them land
on it, and nothing can send them off the site."""

import pytest

from tests.merchandising.conftest import REDIRECTS


def test_a_query_goes_straight_to_the_page_staff_chose(client, search, catalogue, add_redirect):
    created = add_redirect(query="WRAS approved", target="/products?certification=wras")
    assert created.status_code == 201, created.json
    assert created.json["query"] == "wras approved"
    assert created.headers["Location"].endswith(f"{REDIRECTS}/{created.json['id']}")
    found = search(q="Wras-approved")
    assert found.json["redirect"] == "/products?certification=wras"
    assert found.json["meta"]["total"] >= 0  # the results are still there for API clients
    page = client.get("/search?q=wras+approved")
    assert page.status_code == 303
    assert page.headers["Location"] == "/products?certification=wras"
    assert client.get("/search?q=wras+approved+basin").status_code == 200  # exact only


def test_a_containing_redirect_takes_any_query_with_its_words(client, search, add_redirect):
    add_redirect(query="returns", match="contains", target="/news")
    assert search(q="how do returns work").json["redirect"] == "/news"
    assert search(q="return").json["redirect"] is None  # the word, not its stem
    assert client.get("/search?q=faucet+returns").headers["Location"] == "/news"


def test_a_draft_redirect_shows_in_the_preview_only(client, editor, search, add_redirect):
    add_redirect(query="catalogue pdf", target="/news", status="draft")
    assert search(q="catalogue pdf").json["redirect"] is None
    compared = client.get("/api/v1/search-rules/preview?q=catalogue+pdf", headers=editor).json
    assert (compared["live"]["redirect"], compared["draft"]["redirect"]) == (None, "/news")


def test_changing_or_deleting_a_redirect_applies_at_once(search, add_redirect, change_redirect):
    made = add_redirect(query="brochure", target="/news").json
    changed = change_redirect(made["id"], {"target": "/c/kitchen-faucets"})
    assert changed.status_code == 200, changed.json
    assert search(q="brochure").json["redirect"] == "/c/kitchen-faucets"
    assert change_redirect(made["id"]).status_code == 204
    assert search(q="brochure").json["redirect"] is None


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("https://evil.example/phish", "Give a path on this site"),
        ("//evil.example/phish", "Give a path on this site"),
        ("javascript:alert(1)", "Give a path on this site"),
        ("JaVaScRiPt:alert(1)", "Give a path on this site"),
        ("/\\evil.example", "Give a path on this site"),
        ("news", "Give a path on this site"),
        ("/api/v1/products", "not to the API or the console"),
        ("/admin/people", "not to the API or the console"),
        ("/no-such-page", "No page answers at /no-such-page"),
        ("/news\n/x", "U+000A is not allowed"),
    ],
)
def test_a_redirect_off_the_site_or_to_nothing_is_refused(
    add_redirect, client, editor, target, said
):
    refused = add_redirect(query="returns", target=target)
    assert refused.status_code == 422, refused.json
    assert said.lower() in " ".join(refused.json["errors"]["target"]).lower()
    assert client.get(REDIRECTS, headers=editor).json["meta"]["total"] == 0


def test_a_second_redirect_for_the_same_query_is_refused(add_redirect):
    first = add_redirect(query="returns", target="/news").json
    refused = add_redirect(query="Returns!", target="/c/kitchen-faucets")
    assert refused.status_code == 422
    assert f"already goes to /news (#{first['id']})" in refused.json["errors"]["query"][0]
    assert add_redirect(query="returns", match="contains", target="/news").status_code == 201


def test_a_query_without_words_is_refused(add_redirect):
    refused = add_redirect(query="?!*", target="/news")
    assert "has no searchable word" in refused.json["errors"]["query"][0]


def test_redirects_are_staff_only(client):
    assert client.get(REDIRECTS).status_code == 401
    assert client.post(REDIRECTS, json={"query": "x1", "target": "/news"}).status_code == 401
