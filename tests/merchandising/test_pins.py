"""For a query, staff put chosen products or articles first, or leave one out; a draft or
archived product never reaches shoppers that way."""

import pytest

from tests.merchandising.conftest import PINS
from tests.search.conftest import names

pytestmark = pytest.mark.both_backends  # the engine contract: each backend

ARDEN = "Arden Pull-Down Kitchen Faucet"
HERITAGE = "Heritage Twin-Handle Kitchen Faucet"
MELANGE = "Mélange Single Handle Basin Mixer"


def test_pinned_products_come_first_in_order_and_a_hidden_one_is_gone(search, catalogue, add_pin):
    before = names(search(q="kitchen faucet", per_page=20))
    assert ARDEN in before and before[0] != MELANGE
    by_price = names(search(q="kitchen faucet", sort="-price", per_page=20))
    slugs = {key: catalogue[key]["slug"] for key in ("melange", "heritage", "pull_down")}
    created = add_pin(
        "Kitchen faucet",
        pinned=[("product", slugs["melange"]), ("product", slugs["heritage"])],
        hidden=[("product", slugs["pull_down"])],
    )
    assert created.status_code == 201, created.json
    assert [entry["title"] for entry in created.json["pinned"]] == [MELANGE, HERITAGE]
    assert created.json["label"] == "kitchen faucet: 2 pinned, 1 hidden"
    found = search(q="kitchen faucet", per_page=20)
    shown = names(found)
    assert shown[:2] == [MELANGE, HERITAGE]
    assert ARDEN not in shown
    assert found.json["meta"]["total"] == len(shown)
    # Pins order the relevance ranking; a sort the shopper chose stays as chosen.
    sorted_now = names(search(q="kitchen faucet", sort="-price", per_page=20))
    assert sorted_now == [name for name in by_price if name != ARDEN]


def test_a_pinned_product_that_matches_no_word_is_first_all_the_same(search, catalogue, add_pin):
    assert search(q="pull down spray").json["meta"]["total"] == 1
    add_pin("pull down spray", pinned=[("product", catalogue["melange"]["slug"])])
    found = search(q="pull down spray")
    assert names(found) == [MELANGE, ARDEN]
    assert found.json["meta"]["total"] == 2


def test_pins_apply_to_the_query_they_name_and_follow_the_filters(search, catalogue, add_pin):
    add_pin("kitchen faucet", pinned=[("product", catalogue["melange"]["slug"])])
    assert names(search(q="kitchen faucet pull down", per_page=20))[0] == ARDEN  # exact only
    # A pinned product the shopper's filters exclude stays out.
    chrome_only = names(search(q="kitchen faucet", finish="matte-black", per_page=20))
    assert MELANGE not in chrome_only
    add_pin("faucet", match="contains", pinned=[("product", catalogue["heritage"]["slug"])])
    assert names(search(q="best faucet for me", per_page=20))[0] == HERITAGE


def test_a_draft_pinned_product_is_shown_to_nobody_until_it_is_published(
    client, editor, search, catalogue, add_pin
):
    draft = catalogue["draft"]
    created = add_pin("kitchen faucet", pinned=[("product", draft["slug"])])
    assert created.status_code == 201, created.json
    assert created.json["pinned"][0]["status"] == "draft"
    assert draft["name"] not in names(search(q="kitchen faucet", per_page=20))
    current = client.get(f"/api/v1/products/{draft['slug']}", headers=editor)
    published = client.patch(
        f"/api/v1/products/{draft['slug']}",
        json={"status": "published"},
        headers={**editor, "If-Match": current.headers["ETag"]},
    )
    assert published.status_code == 200, published.json
    assert names(search(q="kitchen faucet", per_page=20))[0] == draft["name"]


def test_pinning_what_shoppers_can_never_see_or_what_does_not_exist_is_refused(
    client, editor, catalogue, add_pin
):
    archived = add_pin("faucet", pinned=[("product", catalogue["archived"]["slug"])])
    assert archived.status_code == 422
    assert "is archived: shoppers never see it" in archived.json["errors"]["pinned"][0]
    missing = add_pin("faucet", pinned=[("product", "no-such-faucet")])
    assert missing.json["errors"]["pinned"] == ["No product “no-such-faucet”."]
    twice = add_pin(
        "faucet",
        pinned=[("product", catalogue["heritage"]["slug"])],
        hidden=[("product", catalogue["heritage"]["slug"])],
    )
    assert twice.json["errors"]["hidden"] == ["A document cannot be both pinned and hidden."]
    assert "Pin or hide at least one" in add_pin("faucet").json["errors"]["pinned"][0]
    assert client.get(PINS, headers=editor).json["meta"]["total"] == 0


def test_articles_can_be_pinned_beside_products(client, editor, search, catalogue, add_pin):
    article = client.post(
        "/api/v1/articles",
        json={
            "title": "Choosing a kitchen faucet",
            "body": "Spouts, sprays and finishes.",
            "status": "published",
        },
        headers=editor,
    )
    assert article.status_code == 201, article.json
    add_pin("pull down", pinned=[("article", article.json["slug"])])
    first = search(q="pull down").json["items"][0]
    assert (first["type"], first["document"]["title"]) == ("article", "Choosing a kitchen faucet")
