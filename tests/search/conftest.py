"""A small catalogue for the search stories, built through the admin API."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.catalog.conftest import make_product, taxonomy, variant  # noqa: F401

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def now(set_clock) -> datetime:
    """Pin the clock; tests move it on with `set_clock`."""
    set_clock(NOW)
    return NOW


@pytest.fixture
def search(client):
    """GET /api/v1/search with `params`; returns the response (asserting no server error)."""

    def get(path="/api/v1/search", headers=None, **params):
        response = client.get(path, query_string=params, headers=headers or {})
        assert response.status_code < 500, response.json
        return response

    return get


@pytest.fixture
def catalogue(now, make_product, client, editor):  # noqa: F811  (the imported fixture)
    """Products that shoppers search for, plus ones they must never see; by short name."""
    later = (NOW + timedelta(days=3)).isoformat()
    products = {
        "heritage": make_product(),
        "gunmetal_mixer": make_product(
            name="Dual Lever Gun Metal Mixer Tap",
            summary="A deck-mounted mixer tap for busy kitchens.",
            description="Solid brass with a gun metal coat <script>alert(1)</script> & more.",
            variants=[variant("GMT-100", "matte-black", "149.00")],
            certifications=["wras"],
        ),
        "melange": make_product(
            name="Mélange Single Handle Basin Mixer",
            brand="aquaverde",
            category="bathroom-faucets",
            handle_type="single",
            summary="Compact basin mixer with a ceramic cartridge.",
            description="Mixing hot and cold water with one lever.",
            variants=[variant("MEL-CH", "chrome", "89.00", stock=0)],
            certifications=[],
        ),
        "pull_down": make_product(
            name="Arden Pull-Down Kitchen Faucet",
            category="kitchen-single-lever",
            handle_type="single",
            spout_type="pull-down",
            summary="A pull down spray with two modes.",
            description="The spray head docks with a magnet.",
            variants=[
                variant("ARD-CH", "chrome", "259.00"),
                variant("ARD-BK", "matte-black", "279.00"),
            ],
        ),
        "draft": make_product(
            name="Zephyrion Prototype Faucet",
            status="draft",
            variants=[variant("ZEP-1", "chrome", "99.00")],
        ),
        "archived": make_product(
            name="Retired Gunmetal Faucet",
            variants=[variant("RET-GM", "gunmetal", "99.00")],
        ),
        "scheduled": make_product(
            name="Tomorrow Gunmetal Faucet",
            published_at=later,
            variants=[variant("TOM-GM", "gunmetal", "120.00")],
        ),
    }
    slug = products["archived"]["slug"]
    response = client.delete(f"/api/v1/products/{slug}", headers={**editor, "If-Match": "*"})
    assert response.status_code == 204
    return products


def names(response) -> list[str]:
    """The product names of a search or listing response, in order."""
    items = response.json["items"]
    return [item.get("document", item)["name"] for item in items]
