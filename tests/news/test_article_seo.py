"""Editors give an article its own title and description for search engines and shared links."""

import lxml.html

from tests.news.conftest import if_match


def head_of(client, slug: str) -> tuple[str, str]:
    """The <title> and meta description of the article's public page."""
    response = client.get(f"/news/{slug}")
    assert response.status_code == 200
    page = lxml.html.fromstring(response.get_data(as_text=True))
    return page.findtext(".//title"), page.xpath("//meta[@name='description']/@content")[0]


def test_an_article_keeps_its_seo_title_and_description_and_its_page_uses_them(
    client, editor, publish
):
    article = publish(
        title="Copper climbs as smelters cut output",
        summary="Smelters in Chile and Zambia cut output.",
        seo_title="Copper prices and brass faucets in 2026",
        seo_description="Why copper's climb reaches the price of brass faucets.",
    )
    assert article["seo_title"] == "Copper prices and brass faucets in 2026"
    assert client.get(f"/api/v1/articles/{article['slug']}").json["seo_description"] == (
        "Why copper's climb reaches the price of brass faucets."
    )
    title, description = head_of(client, article["slug"])
    assert title.startswith("Copper prices and brass faucets in 2026 | ")
    assert description == "Why copper's climb reaches the price of brass faucets."


def test_without_them_the_page_falls_back_to_the_title_and_summary(client, editor, publish):
    article = publish(title="Zinc steadies", summary="Zinc held its price all month.")
    assert (article["seo_title"], article["seo_description"]) == (None, None)
    title, description = head_of(client, article["slug"])
    assert title.startswith("Zinc steadies | ")
    assert description == "Zinc held its price all month."

    url = f"/api/v1/articles/{article['slug']}"
    changed = client.patch(
        url, json={"seo_title": "Zinc prices in March"}, headers=if_match(client, editor, article)
    )
    assert changed.status_code == 200, changed.json
    assert head_of(client, article["slug"])[0].startswith("Zinc prices in March | ")
    cleared = client.patch(url, json={"seo_title": ""}, headers=if_match(client, editor, article))
    assert cleared.json["seo_title"] is None
    assert head_of(client, article["slug"])[0].startswith("Zinc steadies | ")


def test_seo_fields_are_short_plain_text(client, editor, write_article):
    response = client.post(
        "/api/v1/articles",
        json={"title": "Tin", "seo_title": "x" * 71, "seo_description": "<b>Tin</b> news"},
        headers=editor,
    )
    assert response.status_code == 422
    assert response.json["errors"] == {
        "seo_title": ["Length must be between 0 and 70."],
        "seo_description": ["Plain text only: HTML tags are not allowed."],
    }
    too_long = client.post(
        "/api/v1/articles", json={"title": "Tin", "seo_description": "y" * 161}, headers=editor
    )
    assert too_long.json["errors"] == {"seo_description": ["Length must be between 0 and 160."]}
    assert write_article(title="Tin", seo_description="y" * 160)["seo_description"] == "y" * 160
