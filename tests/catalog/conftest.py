"""A small catalogue built through the admin API, for the catalogue's stories."""

import copy

import pytest

TAXONOMY = {
    "brands": [
        {"name": "Kaiping Jenor Sanitary Ware Co., Ltd", "slug": "jenor", "country": "CN"},
        {"name": "Aquaverde", "slug": "aquaverde", "country": "IT"},
    ],
    "categories": [
        {"name": "Kitchen faucets", "slug": "kitchen-faucets"},
        {"name": "Twin-handle", "slug": "kitchen-twin-handle", "parent": "kitchen-faucets"},
        {"name": "Single-lever", "slug": "kitchen-single-lever", "parent": "kitchen-faucets"},
        {"name": "Bathroom faucets", "slug": "bathroom-faucets"},
    ],
    "finishes": [
        {"name": "Chrome", "slug": "chrome", "swatch_hex": "#c0c0c8"},
        {"name": "Gunmetal", "slug": "gunmetal", "swatch_hex": "#53565a"},
        {"name": "Matte black", "slug": "matte-black"},
    ],
    "certifications": [
        {"code": "NSF/ANSI 61", "name": "Drinking water components", "slug": "nsf-ansi-61"},
        {"code": "WRAS", "name": "Water Regulations Approval Scheme", "slug": "wras"},
    ],
}

BASE_PRODUCT = {
    "name": "Heritage Twin-Handle Kitchen Faucet",
    "brand": "jenor",
    "category": "kitchen-twin-handle",
    "summary": "A bridge faucet with a hot tap on the left and a cold tap on the right.",
    "description": "Two **quarter-turn** ceramic valves.\n\n- Lead-free brass",
    "handle_type": "twin",
    "mounting": "deck",
    "installation_holes": 2,
    "spout_type": "swivel",
    "flow_rate_lpm": "6.80",
    "spout_height_mm": 230,
    "spout_reach_mm": 210,
    "valve": "1/4-turn ceramic disc valves",
    "body_material": "lead-free brass",
    "certifications": ["nsf-ansi-61"],
    "images": [{"url": "https://images.example.com/heritage-1.jpg", "alt": "Heritage faucet"}],
    "variants": [
        {
            "sku": "HER-CH",
            "finish": "chrome",
            "price": {"amount": "189.00", "currency": "USD"},
            "stock": 12,
        },
        {
            "sku": "HER-GM",
            "finish": "gunmetal",
            "price": {"amount": "219.50", "currency": "USD"},
            "compare_at_price": {"amount": "249.00", "currency": "USD"},
            "stock": 0,
        },
    ],
    "status": "published",
}


@pytest.fixture
def taxonomy(client, editor):
    """Brands, categories, finishes and certifications created by an editor."""
    for section, entries in TAXONOMY.items():
        for entry in entries:
            response = client.post(f"/api/v1/{section}", json=entry, headers=editor)
            assert response.status_code == 201, response.json
    return TAXONOMY


@pytest.fixture
def make_product(client, editor, taxonomy):
    """Create a product through the API from BASE_PRODUCT with `overrides`; returns its JSON."""

    def make(**overrides):
        body = copy.deepcopy(BASE_PRODUCT)
        body.update(overrides)
        response = client.post("/api/v1/products", json=body, headers=editor)
        assert response.status_code == 201, response.json
        return response.json

    return make


def variant(sku: str, finish: str, amount: str, stock: int = 5) -> dict:
    """A variant request body."""
    return {
        "sku": sku,
        "finish": finish,
        "price": {"amount": amount, "currency": "USD"},
        "stock": stock,
    }


@pytest.fixture
def faucets_to_compare(make_product):
    """Two published faucets that share some specs and differ in others, and a draft."""
    make_product(name="Heritage Twin", variants=[variant("A-CH", "chrome", "189.00", 3)])
    make_product(
        name="Arc Single Lever",
        brand="aquaverde",
        handle_type="single",
        installation_holes=1,
        spout_reach_mm=250,
        certifications=["wras", "nsf-ansi-61"],
        # Two chrome variants (a longer spout, say): the chrome finish has a price range.
        variants=[
            variant("B-MB", "matte-black", "129.00", 8),
            variant("B-CH", "chrome", "99.00"),
            variant("B-CH-L", "chrome", "119.00"),
        ],
    )
    make_product(name="Secret Draft", status="draft", variants=[variant("C", "chrome", "10.00")])
