"""Readers browse the newsroom: filters, article pages, related stories, products and tags."""

import pytest

from tests.news.conftest import slugs


def test_readers_filter_by_tag_author_year_and_month_newest_first(
    client, admin, publish, write_article
):
    publish(title="Quota ruling", tags=["Rare earths"], published_at="2014-04-02T08:00:00Z")
    publish(title="Brass in March", tags=["Brass"], published_at="2025-03-10T08:00:00+01:00")
    publish(title="Brass in May", tags=["Brass", "Copper"], published_at="2025-05-01T00:00:00Z")
    publish(
        title="Admin's note", tags=["Copper"], published_at="2025-12-31T23:30:00Z", headers=admin
    )
    write_article(title="Unfinished", tags=["Brass"])

    everything = slugs(client.get("/api/v1/articles"))
    assert everything == ["admin-s-note", "brass-in-may", "brass-in-march", "quota-ruling"]
    assert slugs(client.get("/api/v1/articles?tag=brass")) == ["brass-in-may", "brass-in-march"]
    assert slugs(client.get("/api/v1/articles?tag=rare-earths&tag=copper")) == [
        "admin-s-note",
        "brass-in-may",
        "quota-ruling",
    ]
    assert slugs(client.get("/api/v1/articles?author=ada-admin")) == ["admin-s-note"]
    assert slugs(client.get("/api/v1/articles?author=eddie-editor&year=2025")) == [
        "brass-in-may",
        "brass-in-march",
    ]
    assert slugs(client.get("/api/v1/articles?year=2025&month=3")) == ["brass-in-march"]
    assert slugs(client.get("/api/v1/articles?year=2025&month=12")) == ["admin-s-note"]
    assert slugs(client.get("/api/v1/articles?year=2014")) == ["quota-ruling"]
    assert slugs(client.get("/api/v1/articles?tag=nothing-here")) == []
    page = client.get("/api/v1/articles?per_page=3&page=2").json
    assert [item["slug"] for item in page["items"]] == ["quota-ruling"]
    assert page["meta"] == {"page": 2, "per_page": 3, "total": 4, "pages": 2}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("month=3", "month"),
        ("year=twenty", "year"),
        ("year=2025&month=13", "month"),
        ("tag=Not A Slug", "tag.0"),
        ("author=Eddie%20Editor", "author"),
        ("author=%00", "author"),
        ("per_page=100000", "per_page"),
        ("status=pending", "status"),
    ],
)
def test_bad_listing_arguments_get_a_problem_naming_the_field(client, query, field):
    response = client.get(f"/api/v1/articles?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert f"query.{field}" in response.json["errors"]


def test_an_article_page_shows_html_tags_the_authors_name_and_reading_time(client, publish):
    words = " ".join(["copper"] * 450)
    article = publish(
        title="Long read",
        summary="",
        body=f"## Markets\n\nBrass makers watch *copper*. {words}",
        cover_image={"url": "https://img.example.com/copper.jpg", "alt": "Copper cathodes"},
        source_links=[{"url": "https://example.com/report", "title": "Market report"}],
    )
    page = client.get(f"/api/v1/articles/{article['slug']}")
    assert page.status_code == 200
    body = page.json
    assert body["body_html"].startswith("<h2>Markets</h2>\n<p>Brass makers watch <em>copper</em>.")
    assert "body" not in body, "readers get the HTML, not the Markdown source"
    assert body["author"] == {"name": "Eddie Editor", "slug": "eddie-editor"}
    assert "editor@example.com" not in page.text
    assert body["reading_time_minutes"] == 3
    assert body["summary"].startswith("Brass makers watch copper. copper copper")
    assert body["summary"].endswith("…") and len(body["summary"]) <= 281
    assert body["tags"] == [
        {"slug": "copper", "name": "Copper"},
        {"slug": "raw-materials", "name": "Raw materials"},
    ]
    assert body["cover_image"] == {
        "url": "https://img.example.com/copper.jpg",
        "alt": "Copper cathodes",
        "width": None,
        "height": None,
        "sizes": [],
    }
    assert body["source_links"] == [{"url": "https://example.com/report", "title": "Market report"}]


def test_an_editors_summary_wins_over_the_generated_one(client, publish):
    article = publish(summary="Why brass costs more this spring.")
    assert client.get(f"/api/v1/articles/{article['slug']}").json["summary"] == (
        "Why brass costs more this spring."
    )


def test_related_articles_share_tags_or_words_and_are_published(client, publish, write_article):
    main = publish(
        title="Rare earth export quotas after the WTO ruling",
        tags=["Rare earths", "Trade"],
        body="China's export quotas on rare earths face the WTO.",
    )
    both_tags = publish(title="Tariff news", tags=["Rare earths", "Trade"], body="Duties.")
    one_tag = publish(title="Port congestion", tags=["Trade"], body="Ships wait.")
    same_words = publish(
        title="Rare earth quotas: what the WTO said",
        tags=["Policy"],
        body="Export quotas on rare earths again.",
    )
    publish(title="Matte black finishes", tags=["Design"], body="A bathroom trend.")
    write_article(title="Rare earth quotas draft", tags=["Rare earths", "Trade"])

    related = client.get(f"/api/v1/articles/{main['slug']}").json["related"]
    assert [item["slug"] for item in related] == [
        both_tags["slug"],
        one_tag["slug"],
        same_words["slug"],
    ]
    assert set(related[0]) >= {"slug", "title", "summary", "author", "tags", "published_at"}


def test_linked_products_show_only_while_they_are_on_sale(
    client, editor, admin, make_product, publish
):
    faucet = make_product()
    hidden = make_product(name="Prototype Faucet", status="draft", variants=[])
    story = publish(
        title="Brass prices and your faucet",
        products=[faucet["slug"], hidden["slug"]],
    )
    reader_view = client.get(f"/api/v1/articles/{story['slug']}").json
    assert [product["slug"] for product in reader_view["products"]] == [faucet["slug"]]
    assert reader_view["products"][0]["price_range"]["min"] == {
        "amount": "189.00",
        "currency": "USD",
    }
    staff_view = client.get(f"/api/v1/articles/{story['slug']}", headers=editor).json
    assert {product["slug"] for product in staff_view["products"]} == {
        faucet["slug"],
        hidden["slug"],
    }

    url = f"/api/v1/products/{faucet['slug']}"
    client.delete(url, headers={**editor, "If-Match": client.get(url).headers["ETag"]})
    assert client.get(f"/api/v1/articles/{story['slug']}").json["products"] == []


def test_linking_an_unknown_product_is_refused(client, write_article, editor):
    response = client.post(
        "/api/v1/articles",
        json={"title": "Links", "products": ["no-such-faucet"]},
        headers=editor,
    )
    assert response.status_code == 422
    assert response.json["errors"] == {"products.0": ["No such product."]}
    assert client.get("/api/v1/articles", headers=editor).json["meta"]["total"] == 0


def test_tags_list_with_counts_of_what_the_caller_can_read(client, editor, publish, write_article):
    publish(tags=["Brass", "Copper"])
    publish(title="Another brass story", tags=["brass"])
    write_article(title="Draft about lead-free", tags=["Lead-free", "Brass"])

    readers = client.get("/api/v1/tags").json
    assert readers["items"] == [
        {"slug": "brass", "name": "Brass", "article_count": 2},
        {"slug": "copper", "name": "Copper", "article_count": 1},
    ]
    assert readers["meta"]["total"] == 2
    staff = client.get("/api/v1/tags", headers=editor).json["items"]
    assert [(tag["slug"], tag["article_count"]) for tag in staff] == [
        ("brass", 3),
        ("copper", 1),
        ("lead-free", 1),
    ]
