"""A renamed product keeps its old addresses: the API and its page answer 301 to the new one."""

from tests.catalog.conftest import variant
from tests.conftest import if_match_now

OLD = "/api/v1/products/heritage-twin-handle-kitchen-faucet"


def rename(client, editor, slug_now: str, new_slug: str):
    url = f"/api/v1/products/{slug_now}"
    return client.patch(url, json={"slug": new_slug}, headers=if_match_now(client, url, editor))


def test_old_slugs_answer_301_in_the_api_and_on_the_page(client, editor, make_product):
    make_product(status="published")
    assert (
        rename(client, editor, "heritage-twin-handle-kitchen-faucet", "heritage-bridge").status_code
        == 200
    )
    assert rename(client, editor, "heritage-bridge", "heritage-bridge-faucet").status_code == 200

    for old in ("heritage-twin-handle-kitchen-faucet", "heritage-bridge"):
        moved = client.get(f"/api/v1/products/{old}")
        assert moved.status_code == 301
        assert moved.headers["Location"].endswith("/api/v1/products/heritage-bridge-faucet")
        page = client.get(f"/p/{old}?finish=gunmetal")
        assert page.status_code == 301
        assert page.headers["Location"].endswith("/p/heritage-bridge-faucet?finish=gunmetal")
    assert client.get("/p/heritage-bridge-faucet").status_code == 200

    back = rename(client, editor, "heritage-bridge-faucet", "heritage-bridge")
    assert back.status_code == 200
    assert client.get("/api/v1/products/heritage-bridge").status_code == 200
    assert client.get("/api/v1/products/heritage-bridge-faucet").status_code == 301


def test_an_old_slug_is_not_given_to_another_product(client, editor, make_product):
    make_product(status="published")
    rename(client, editor, "heritage-twin-handle-kitchen-faucet", "heritage-bridge")

    taken = client.post(
        "/api/v1/products",
        json={
            "name": "Another Faucet",
            "slug": "heritage-twin-handle-kitchen-faucet",
            "brand": "jenor",
            "category": "kitchen-twin-handle",
            "handle_type": "single",
            "mounting": "deck",
            "spout_type": "fixed",
            "variants": [variant("ANO-1", "chrome", "10.00")],
        },
        headers=editor,
    )
    assert taken.status_code == 409
    assert taken.json["errors"] == {"slug": ["Already used."]}

    # A slug made from the same name steps over the old one too.
    same_name = make_product(variants=[variant("SAME-1", "chrome", "10.00")])
    assert same_name["slug"] == "heritage-twin-handle-kitchen-faucet-2"
    assert client.get(OLD).status_code == 301


def test_old_slugs_of_drafts_stay_hidden_and_go_with_the_product(
    client, editor, admin, make_product
):
    make_product(status="draft")
    rename(client, editor, "heritage-twin-handle-kitchen-faucet", "heritage-bridge")
    assert client.get(OLD).status_code == 404
    assert client.get("/p/heritage-twin-handle-kitchen-faucet").status_code == 404
    assert client.get(OLD, headers=editor).status_code == 301

    url = "/api/v1/products/heritage-bridge"
    destroyed = client.delete(f"{url}?hard=true", headers=if_match_now(client, url, admin))
    assert destroyed.status_code == 204
    assert client.get(OLD, headers=editor).status_code == 404
    recreated = make_product(variants=[variant("NEW-1", "chrome", "10.00")])
    assert recreated["slug"] == "heritage-twin-handle-kitchen-faucet"
