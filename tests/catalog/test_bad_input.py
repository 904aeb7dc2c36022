"""Bad input gets a clear problem document and leaves the catalogue exactly as it was."""

import copy

import pytest

from tests.catalog.conftest import BASE_PRODUCT, variant
from tests.conftest import if_match_now


def catalogue_state(client, editor) -> list:
    """Everything an editor can see of the products, to compare before and after."""
    return client.get("/api/v1/products?per_page=100", headers=editor).json["items"]


@pytest.fixture
def stocked(client, editor, make_product) -> list:
    """A catalogue with a published product and a draft in it, as an editor sees it."""
    make_product(
        name="Harbour Mixer", slug="harbour-mixer", variants=[variant("HB-1", "chrome", "120.00")]
    )
    make_product(
        name="Quay Tap",
        slug="quay-tap",
        status="draft",
        variants=[variant("QT-1", "gunmetal", "90.00", stock=0)],
    )
    state = catalogue_state(client, editor)
    assert {item["slug"] for item in state} == {"harbour-mixer", "quay-tap"}
    return state


def with_changes(**changes) -> dict:
    body = copy.deepcopy(BASE_PRODUCT)
    body.update(changes)
    return body


def first_variant(**changes) -> list[dict]:
    variant = copy.deepcopy(BASE_PRODUCT["variants"][0])
    variant.update(changes)
    return [variant]


BAD_BODIES = {
    "unknown field": (with_changes(colour="red"), 422, "colour"),
    "wrong type": (with_changes(installation_holes="two"), 422, "installation_holes"),
    "negative price": (
        with_changes(variants=first_variant(price={"amount": "-1.00", "currency": "USD"})),
        422,
        "variants.0.price.amount",
    ),
    "fractional cents": (
        with_changes(variants=first_variant(price={"amount": "1.999", "currency": "USD"})),
        422,
        "variants.0.price.amount",
    ),
    "unknown currency": (
        with_changes(variants=first_variant(price={"amount": "1.00", "currency": "ABC"})),
        422,
        "variants.0.price.currency",
    ),
    "negative stock": (with_changes(variants=first_variant(stock=-3)), 422, "variants.0.stock"),
    "duplicate sku in body": (
        with_changes(variants=first_variant() + first_variant(finish="gunmetal")),
        422,
        "variants",
    ),
    "unknown brand": (with_changes(brand="nobody"), 422, "brand"),
    "unknown category": (with_changes(category="nowhere"), 422, "category"),
    "unknown finish": (
        with_changes(variants=first_variant(finish="plaid")),
        422,
        "variants.0.finish",
    ),
    "over-long name": (with_changes(name="x" * 201), 422, "name"),
    "missing name": ({k: v for k, v in BASE_PRODUCT.items() if k != "name"}, 422, "name"),
    "bad enum": (with_changes(handle_type="quad"), 422, "handle_type"),
    "bad image url": (
        with_changes(images=[{"url": "javascript:alert(1)", "alt": "x"}]),
        422,
        "images.0.url",
    ),
    "plain http image the page would block": (
        with_changes(images=[{"url": "http://images.example.com/a.jpg", "alt": "x"}]),
        422,
        "images.0.url",
    ),
    "the no-currency code": (
        with_changes(variants=first_variant(price={"amount": "1.00", "currency": "XXX"})),
        422,
        "variants.0.price.currency",
    ),
    "gold as a currency": (
        with_changes(variants=first_variant(price={"amount": "1.00", "currency": "XAU"})),
        422,
        "variants.0.price.currency",
    ),
    "not an object": ([1, 2, 3], 422, "_schema"),
    "both flow units": (with_changes(flow_rate_gpm="1.5"), 422, "flow_rate_gpm"),
    "naive published_at": (with_changes(published_at="2026-01-01T10:00:00"), 422, "published_at"),
}


@pytest.mark.parametrize("case", BAD_BODIES)
def test_a_bad_product_body_is_refused_with_the_field_named(client, editor, stocked, case):
    body, status, field = BAD_BODIES[case]
    before = stocked
    response = client.post("/api/v1/products", json=body, headers=editor)
    assert response.status_code == status, response.json
    assert response.content_type == "application/problem+json"
    problem = response.json
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert field in problem["errors"], problem
    assert catalogue_state(client, editor) == before


def test_a_sku_or_slug_taken_by_another_product_is_a_conflict(client, editor, make_product):
    make_product()
    before = catalogue_state(client, editor)
    sku_clash = client.post("/api/v1/products", json=with_changes(name="Other"), headers=editor)
    assert sku_clash.status_code == 409
    assert "variants.0.sku" in sku_clash.json["errors"]
    slug_clash = client.post(
        "/api/v1/products",
        json=with_changes(slug="heritage-twin-handle-kitchen-faucet", variants=[]),
        headers=editor,
    )
    assert slug_clash.status_code == 409
    assert "slug" in slug_clash.json["errors"]
    assert catalogue_state(client, editor) == before


def test_a_failed_patch_changes_nothing(client, editor, make_product):
    slug = make_product()["slug"]
    before = client.get(f"/api/v1/products/{slug}").json
    response = client.patch(
        f"/api/v1/products/{slug}",
        json={"name": "Renamed", "variants": first_variant(finish="plaid")},
        headers=if_match_now(client, f"/api/v1/products/{slug}", editor),
    )
    assert response.status_code == 422
    assert client.get(f"/api/v1/products/{slug}").json == before


def test_malformed_json_is_a_400_problem(client, editor, taxonomy):
    response = client.post(
        "/api/v1/products", data="{not json", content_type="application/json", headers=editor
    )
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert "JSON" in response.json["detail"]


def test_a_body_that_is_not_json_is_refused(client, editor):
    response = client.post(
        "/api/v1/products",
        data="name=x",
        headers=editor,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.content_type == "application/problem+json"


def test_an_oversized_body_is_413(client, editor):
    response = client.post(
        "/api/v1/products", json={"description": "x" * 2_000_000}, headers=editor
    )
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_unknown_routes_and_methods_are_problems(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    wrong = client.put("/api/v1/products", json={})
    assert wrong.status_code == 405 and "GET" in wrong.headers["Allow"]
    assert wrong.content_type == "application/problem+json"


def test_an_unexpected_error_is_a_500_problem_without_a_traceback(app, client):
    def explode():
        raise RuntimeError("secret internals")

    app.add_url_rule("/api/v1/explode", "explode", explode)
    response = client.get("/api/v1/explode")
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
