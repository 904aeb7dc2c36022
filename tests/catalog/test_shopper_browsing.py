"""Shoppers browse, filter, sort and page through published faucets."""

from datetime import timedelta

import pytest

from core import clock
from tests.catalog.conftest import variant


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["slug"] for item in response.json["items"]]


@pytest.fixture
def shelf(make_product):
    """Four published products, one draft and one scheduled for later."""
    make_product(name="Heritage Twin", variants=[variant("A-CH", "chrome", "189.00", 3)])
    make_product(
        name="Gunmetal Dual Bridge",
        variants=[variant("B-GM", "gunmetal", "299.00", 0)],
        certifications=["wras"],
    )
    make_product(
        name="Arc Single Lever",
        category="kitchen-single-lever",
        brand="aquaverde",
        handle_type="single",
        variants=[variant("C-MB", "matte-black", "129.00", 8), variant("C-CH", "chrome", "99.00")],
    )
    make_product(
        name="Wall Basin Mixer",
        category="bathroom-faucets",
        brand="aquaverde",
        handle_type="single",
        mounting="wall",
        variants=[variant("D-CH", "chrome", "149.00", 2)],
    )
    make_product(name="Secret Draft", status="draft", variants=[variant("E", "chrome", "10.00")])
    later = (clock.utcnow() + timedelta(days=3)).isoformat()
    make_product(name="Coming Soon", published_at=later, variants=[variant("F", "chrome", "1.00")])


def test_the_listing_shows_only_published_products_in_the_page_envelope(client, shelf):
    response = client.get("/api/v1/products")
    assert set(slugs(response)) == {
        "heritage-twin",
        "gunmetal-dual-bridge",
        "arc-single-lever",
        "wall-basin-mixer",
    }
    assert response.json["meta"] == {"page": 1, "per_page": 20, "total": 4, "pages": 1}
    item = next(i for i in response.json["items"] if i["slug"] == "arc-single-lever")
    assert item["price_range"] == {
        "min": {"amount": "99.00", "currency": "USD"},
        "max": {"amount": "129.00", "currency": "USD"},
    }
    assert [f["slug"] for f in item["finishes"]] == ["matte-black", "chrome"]
    assert item["in_stock"] is True
    assert item["brand"] == {"slug": "aquaverde", "name": "Aquaverde"}


def test_a_scheduled_product_appears_once_its_time_comes(client, shelf, set_clock):
    assert "coming-soon" not in slugs(client.get("/api/v1/products"))
    set_clock(clock.utcnow() + timedelta(days=4))
    assert "coming-soon" in slugs(client.get("/api/v1/products"))
    assert client.get("/api/v1/products/coming-soon").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=kitchen-faucets", {"heritage-twin", "gunmetal-dual-bridge", "arc-single-lever"}),
        ("category=kitchen-single-lever", {"arc-single-lever"}),
        ("category=no-such-category", set()),
        ("brand=aquaverde", {"arc-single-lever", "wall-basin-mixer"}),
        ("handle_type=twin", {"heritage-twin", "gunmetal-dual-bridge"}),
        ("finish=gunmetal", {"gunmetal-dual-bridge"}),
        ("finish=gunmetal&finish=matte-black", {"gunmetal-dual-bridge", "arc-single-lever"}),
        ("mounting=wall", {"wall-basin-mixer"}),
        ("certification=wras", {"gunmetal-dual-bridge"}),
        ("min_price=150", {"heritage-twin", "gunmetal-dual-bridge"}),
        ("max_price=149", {"arc-single-lever", "wall-basin-mixer"}),
        ("min_price=100&max_price=190", {"heritage-twin", "wall-basin-mixer"}),
        ("in_stock=true", {"heritage-twin", "arc-single-lever", "wall-basin-mixer"}),
        ("in_stock=false", {"gunmetal-dual-bridge"}),
        ("handle_type=single&mounting=deck&finish=chrome", {"arc-single-lever"}),
    ],
)
def test_each_filter_narrows_the_listing(client, shelf, query, expected):
    response = client.get(f"/api/v1/products?{query}")
    assert set(slugs(response)) == expected
    assert response.json["meta"]["total"] == len(expected)


ARC, WALL, HERITAGE, GUNMETAL = (
    "arc-single-lever",
    "wall-basin-mixer",
    "heritage-twin",
    "gunmetal-dual-bridge",
)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price", [ARC, WALL, HERITAGE, GUNMETAL]),
        ("-price", [GUNMETAL, HERITAGE, WALL, ARC]),
        ("name", [ARC, GUNMETAL, HERITAGE, WALL]),
        ("newest", [WALL, ARC, GUNMETAL, HERITAGE]),
    ],
)
def test_sorting(client, shelf, sort, expected):
    assert slugs(client.get(f"/api/v1/products?sort={sort}")) == expected


def test_pages_split_the_result_and_a_page_past_the_end_is_empty(client, shelf):
    first = client.get("/api/v1/products?per_page=3&sort=name")
    second = client.get("/api/v1/products?per_page=3&page=2&sort=name")
    beyond = client.get("/api/v1/products?per_page=3&page=9")
    assert first.json["meta"] == {"page": 1, "per_page": 3, "total": 4, "pages": 2}
    assert len(slugs(first)) == 3 and slugs(second) == ["wall-basin-mixer"]
    assert beyond.status_code == 200 and beyond.json["items"] == []


@pytest.mark.parametrize(
    "query",
    [
        "per_page=0",
        "per_page=101",
        "per_page=100000",
        "page=0",
        "page=-1",
        "page=abc",
        "sort=cheapest",
        "min_price=-1",
        "handle_type=quad",
        "min_price=5&max_price=1",
        "in_stock=maybe",
        "category=Not%20A%20Slug",
        "page=99999999999999999999999",
    ],
)
def test_bad_listing_arguments_get_a_problem_naming_the_field(client, shelf, query):
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    field = query.split("=")[0] if "max_price" not in query else "max_price"
    assert any(key.startswith(f"query.{field}") for key in response.json["errors"]), response.json


def test_the_product_page_has_specs_with_units_variants_and_money_as_strings(client, shelf):
    response = client.get("/api/v1/products/gunmetal-dual-bridge")
    assert response.status_code == 200
    product = response.json
    assert product["specs"]["flow_rate"] == {"l_per_min": "6.80", "us_gpm": "1.80"}
    assert product["specs"]["spout_height"] == {"mm": 230, "in": "9.06"}
    assert product["specs"]["handle_type"] == "twin"
    assert product["variants"][0]["price"] == {"amount": "299.00", "currency": "USD"}
    assert product["certifications"] == [
        {"slug": "wras", "name": "Water Regulations Approval Scheme", "code": "WRAS"}
    ]
    assert product["images"][0]["alt"] == "Heritage faucet"
    assert "<strong>quarter-turn</strong>" in product["description_html"]
    assert response.headers["ETag"]


def test_a_shopper_cannot_see_drafts_or_ask_for_them(client, shelf):
    assert client.get("/api/v1/products/secret-draft").status_code == 404
    response = client.get("/api/v1/products?status=draft")
    assert response.status_code == 403
    assert response.content_type == "application/problem+json"


def test_an_unchanged_product_answers_304_to_if_none_match(client, shelf):
    etag = client.get("/api/v1/products/heritage-twin").headers["ETag"]
    again = client.get("/api/v1/products/heritage-twin", headers={"If-None-Match": etag})
    assert again.status_code == 304
