"""Staff raise products in stock, of a brand, in a finish or newly arrived in every search
ranked by relevance; a boost reorders equally good matches, never one that misses a word."""

from datetime import timedelta

import pytest

from tests.catalog.conftest import variant
from tests.merchandising.conftest import BOOSTS
from tests.search.conftest import NOW, names

pytestmark = pytest.mark.both_backends  # the engine contract: each backend

ARDEN = "Arden Pull-Down Kitchen Faucet"
HERITAGE = "Heritage Twin-Handle Kitchen Faucet"
GUNMETAL = "Dual Lever Gun Metal Mixer Tap"
MELANGE = "Mélange Single Handle Basin Mixer"


def scores(search, text: str) -> dict[str, float]:
    """Each result's name and score, ranked by relevance."""
    return {item["document"]["name"]: item["score"] for item in search(q=text).json["items"]}


def test_a_finish_boost_reorders_close_matches_by_its_weight(search, catalogue, add_boost):
    before = scores(search, "kitchen faucet")
    assert list(before)[:2] == [HERITAGE, ARDEN]  # close: Heritage only just ahead
    created = add_boost(attribute="finish", value="matte-black", weight=1)
    assert created.status_code == 201, created.json
    assert created.json["label"] == "finish matte-black, weight 1"
    after = scores(search, "kitchen faucet")
    assert list(after)[:2] == [ARDEN, HERITAGE]
    assert after[ARDEN] == pytest.approx(before[ARDEN] * 1.1, rel=1e-4)  # a tenth per unit
    assert after[HERITAGE] == pytest.approx(before[HERITAGE], rel=1e-4)  # no matte black


def test_a_boost_never_lifts_a_product_over_one_that_matches_more_words(
    search, catalogue, add_boost
):
    add_boost(attribute="brand", value="aquaverde", weight=10)
    assert list(scores(search, "kitchen faucet"))[-1] == MELANGE  # misses "kitchen": last


def test_an_in_stock_boost_puts_what_can_ship_first(search, catalogue, add_boost, change_boost):
    def order() -> list[str]:
        return [name for name in names(search(q="mixer")) if name in (GUNMETAL, MELANGE)]

    unboosted = scores(search, "mixer")
    boost = add_boost(attribute="in_stock", weight=10).json
    assert order() == [GUNMETAL, MELANGE]  # the Mélange has none in stock
    boosted = scores(search, "mixer")
    assert boosted[GUNMETAL] == pytest.approx(unboosted[GUNMETAL] * 2, rel=1e-4)
    assert change_boost(boost["id"]).status_code == 204
    assert scores(search, "mixer") == unboosted


def test_new_arrivals_are_raised_and_older_products_are_not(
    search, catalogue, make_product, add_boost
):
    old = make_product(
        name="Vintage Kitchen Faucet",
        published_at=(NOW - timedelta(days=90)).isoformat(),
        variants=[variant("VIN-1", "chrome", "199.00")],
    )
    before = scores(search, "kitchen faucet")
    add_boost(attribute="new_arrivals", days=30, weight=5)
    after = scores(search, "kitchen faucet")
    assert after[old["name"]] == pytest.approx(before[old["name"]], rel=1e-4)
    assert after[HERITAGE] == pytest.approx(before[HERITAGE] * 1.5, rel=1e-4)


def test_a_draft_boost_applies_to_the_preview_only(client, editor, search, catalogue, add_boost):
    add_boost(attribute="finish", value="matte-black", weight=1, status="draft")
    assert list(scores(search, "kitchen faucet"))[0] == HERITAGE
    compared = client.get("/api/v1/search-rules/preview?q=kitchen+faucet", headers=editor).json
    assert compared["live"]["hits"][0]["title"] == HERITAGE
    assert compared["draft"]["hits"][0]["title"] == ARDEN


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"attribute": "brand", "value": "no-such-brand"}, "value", "No brand “no-such-brand”."),
        ({"attribute": "brand"}, "value", "Name the brand to boost"),
        ({"attribute": "in_stock", "value": "chrome"}, "value", "takes no value"),
        ({"attribute": "new_arrivals"}, "days", "within how many days"),
        ({"attribute": "finish", "value": "chrome", "days": 3}, "days", "Only a new arrivals"),
        ({"attribute": "in_stock", "weight": 0}, "weight", "greater than or equal to 1"),
        ({"attribute": "in_stock", "weight": 11}, "weight", "less than or equal to 10"),
        ({"attribute": "new_arrivals", "days": 9999}, "days", "less than or equal to 365"),
        ({"attribute": "popularity"}, "attribute", "Must be one of"),
    ],
)
def test_a_boost_that_cannot_work_is_refused(
    client, editor, catalogue, add_boost, body, field, said
):
    refused = add_boost(**body)
    assert refused.status_code == 422, refused.json
    assert said in " ".join(refused.json["errors"][field])
    assert client.get(BOOSTS, headers=editor).json["meta"]["total"] == 0


def test_a_second_boost_of_the_same_products_is_refused(catalogue, add_boost):
    first = add_boost(attribute="finish", value="chrome", weight=2).json
    twin = add_boost(attribute="finish", value="chrome", weight=8)
    assert twin.status_code == 422
    assert f"(#{first['id']}) already boosts these products" in twin.json["errors"]["attribute"][0]
