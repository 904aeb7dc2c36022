"""Shoppers compare faucets through the API: in order, each once, with what differs named."""

import pytest

from tests.catalog.conftest import variant
from tests.conftest import if_match_now

COMPARE = "/api/v1/comparisons"


def test_two_faucets_side_by_side_with_what_differs(client, faucets_to_compare):
    response = client.get(f"{COMPARE}?products=arc-single-lever,heritage-twin")
    assert response.status_code == 200, response.json
    body = response.json
    assert [p["slug"] for p in body["products"]] == ["arc-single-lever", "heritage-twin"]
    assert body["differences"] == [
        "price_range",
        "finishes",
        "spout_reach",
        "installation_holes",
        "handle_type",
        "certifications",
    ]
    assert body["missing"] == []
    arc = body["products"][0]
    assert arc["brand"] == {"slug": "aquaverde", "name": "Aquaverde"}
    black, chrome, chrome_long = (
        {"amount": amount, "currency": "USD"} for amount in ("129.00", "99.00", "119.00")
    )
    assert arc["finishes"] == [
        {
            "slug": "matte-black",
            "name": "Matte black",
            "price": black,
            "price_range": {"min": black, "max": black},
        },
        {
            "slug": "chrome",
            "name": "Chrome",
            "price": chrome,
            "price_range": {"min": chrome, "max": chrome_long},
        },
    ]
    assert arc["price_range"] == {
        "min": {"amount": "99.00", "currency": "USD"},
        "max": {"amount": "129.00", "currency": "USD"},
    }
    assert arc["flow_rate"] == {"l_per_min": "6.80", "us_gpm": "1.80"}
    assert arc["spout_height"] == {"mm": 230, "in": "9.06"}
    assert arc["spout_reach"] == {"mm": 250, "in": "9.84"}
    assert arc["installation_holes"] == 1
    assert (arc["mounting"], arc["handle_type"], arc["spout_type"]) == ("deck", "single", "swivel")
    assert arc["valve"] == "1/4-turn ceramic disc valves"
    assert arc["body_material"] == "lead-free brass"
    assert [c["code"] for c in arc["certifications"]] == ["NSF/ANSI 61", "WRAS"]
    assert arc["in_stock"] is True
    assert response.headers["ETag"]
    again = client.get(response.request.url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_repeats_count_once_and_an_old_slug_stands_for_the_product(
    client, editor, faucets_to_compare
):
    url = "/api/v1/products/heritage-twin"
    renamed = client.patch(
        url, json={"slug": "heritage-bridge"}, headers=if_match_now(client, url, editor)
    )
    assert renamed.status_code == 200
    response = client.get(
        f"{COMPARE}?products=heritage-twin, arc-single-lever,heritage-bridge,arc-single-lever,,"
    )
    assert response.status_code == 200, response.json
    assert [p["slug"] for p in response.json["products"]] == ["heritage-bridge", "arc-single-lever"]
    assert response.json["missing"] == []


def test_one_faucet_has_nothing_that_differs(client, faucets_to_compare):
    response = client.get(f"{COMPARE}?products=heritage-twin")
    assert response.status_code == 200
    assert response.json["differences"] == []


def test_drafts_and_unknown_slugs_are_missing_for_shoppers_but_drafts_not_for_staff(
    client, editor, faucets_to_compare
):
    response = client.get(f"{COMPARE}?products=secret-draft,heritage-twin,no-such-faucet")
    assert response.status_code == 200
    assert [p["slug"] for p in response.json["products"]] == ["heritage-twin"]
    assert response.json["missing"] == ["secret-draft", "no-such-faucet"]
    assert "Secret" not in response.get_data(as_text=True)

    nothing = client.get(f"{COMPARE}?products=secret-draft,no-such-faucet")
    assert nothing.status_code == 404
    assert nothing.mimetype == "application/problem+json"

    staff = client.get(f"{COMPARE}?products=secret-draft,heritage-twin", headers=editor)
    assert [p["slug"] for p in staff.json["products"]] == ["secret-draft", "heritage-twin"]


@pytest.mark.parametrize(
    "query",
    ["", "?products=", "?products=,,", "?products=a,b,c,d,e", "?products=Not%20A%20Slug,b"],
    ids=["absent", "empty", "only-commas", "five", "not-a-slug"],
)
def test_no_slugs_too_many_or_malformed_ones_are_a_422_problem(client, faucets_to_compare, query):
    response = client.get(f"{COMPARE}{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert list(response.json["errors"]) == ["query.products"]


def test_a_product_slugged_compare_is_still_read_at_its_own_address(client, make_product):
    make_product(name="Compare", variants=[variant("CMP-1", "chrome", "50.00")])
    response = client.get("/api/v1/products/compare")
    assert response.status_code == 200
    assert response.json["name"] == "Compare"


def test_the_comparison_is_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").json
    operation = spec["paths"]["/api/v1/comparisons"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Comparison"
    }
    assert {"422", "404"} <= set(operation["responses"])
