"""Searchers get "did you mean" only when they misspell, and completions only from public words."""

import gc
import random
import re
import time
from decimal import Decimal
from string import ascii_lowercase

import pytest

from tests.catalog.conftest import variant
from tests.search.shop import ARTICLES, PRODUCTS, Item, build_shop, found

pytestmark = pytest.mark.both_backends  # the engine contract: each backend

SEARCH = "/api/v1/search"
SUGGEST = "/api/v1/search/suggest"
LONGEST_QUERY = 200  # characters the API promises to take
SECONDS_PER_ANSWER = 0.5
GUNMETAL_ITEMS = ("sx720", "heritage", "gunmetal_bridge", "bar", "finishes", "canton")


@pytest.fixture
def shop(client, editor, now, make_product) -> dict[str, Item]:
    """The shop of `tests/search/shop.py`, as its staff built it."""
    return build_shop(client, editor, make_product)


@pytest.fixture
def drafts(shop, client, editor, make_product) -> dict[str, Item]:
    """A draft product and a draft article whose words appear nowhere in public."""
    product = make_product(
        name="Zephyrion Prototype Faucet",
        summary="A prototype nobody may see yet.",
        status="draft",
        variants=[variant("ZEP-1", "chrome", "99.00")],
    )
    response = client.post(
        "/api/v1/articles",
        json={
            "title": "Xenotime and erbium: notes from the mines",
            "body": "Rare earth ores such as xenotime carry erbium.",
            "tags": ["Rare earths"],
            "status": "draft",
        },
        headers=editor,
    )
    assert response.status_code == 201, response.json
    return {
        "product": Item("product", product["slug"], product["name"]),
        "article": Item("article", response.json["slug"], response.json["title"]),
    }


def brand_products(brand: str) -> int:
    """How many of the shop's products the brand makes (from the shop's own data)."""
    return sum(1 for body in PRODUCTS.values() if body["brand"] == brand)


def test_correctly_spelled_queries_get_no_did_you_mean(search, shop):
    jenor = search(q="Kaiping Jenor", per_page=50)
    assert jenor.json["suggestion"] is None
    assert jenor.json["matched"] == "all"
    # Every Jenor product, and the trade-show story that names the maker.
    assert jenor.json["meta"]["total"] == brand_products("jenor") + 1
    assert shop["canton"] in found(jenor)

    halden = search(q="Halden & Rowe", per_page=50)
    assert halden.json["suggestion"] is None
    assert halden.json["meta"]["total"] == brand_products("halden")
    assert shop["arden"] in found(halden)

    pull_down = search(q="pull down")
    assert pull_down.json["suggestion"] is None
    # Those that say "pull down" (or "pull-down") come first.
    assert set(found(pull_down)[:3]) == {shop["arden"], shop["prerinse"], shop["pull"]}

    rare_earth = search(q="rare earth")
    assert rare_earth.json["suggestion"] is None
    assert found(rare_earth)[0] == shop["quota"]


def test_a_misspelt_query_gets_one_suggestion_for_the_whole_query(search, shop):
    mixers = search(q="gunmetl mixr")
    assert mixers.json["suggestion"] == "gunmetal mixer"
    assert shop["gunmetal_bridge"] in found(mixers)

    swapped = search(q="qouta")
    assert swapped.json["suggestion"] == "quota"
    assert found(swapped)[0] == shop["quota"]

    assert search(q="rare earth qouta").json["suggestion"] == "rare earth quota"


def test_exact_searches_the_words_as_typed(search, shop):
    as_typed = search(q="qouta", exact="true")
    assert as_typed.json["suggestion"] is None
    assert as_typed.json["meta"]["total"] == 0
    assert shop["gunmetal_bridge"] not in found(search(q="gunmetl mixr", exact="true"))


def test_words_only_drafts_contain_are_never_suggested_or_completed(search, shop, drafts):
    secret = ("zephyrion", "prototype", "xenotime", "erbium")
    for typed in ("zephyrio", "zephyrin", "prototyp", "xenotme", "erbum"):
        response = search(q=typed)
        assert response.json["suggestion"] is None, typed
        assert response.json["meta"]["total"] == 0, typed
    for typed in ("zeph", "zephyrion", "protot", "xeno", "erbi", "rare x", "rare earth xen", "e"):
        response = search(SUGGEST, q=typed)
        completions = " ".join(response.json["items"])
        assert not [word for word in secret if word in completions], (typed, completions)
        listed = {(document["type"], document["slug"]) for document in response.json["documents"]}
        assert not listed & {(item.type, item.slug) for item in drafts.values()}, typed
    assert search(SUGGEST, q="zeph").json == {"items": [], "documents": []}


def random_word(rng: random.Random, letters: int) -> str:
    return "".join(rng.choice(ascii_lowercase) for _ in range(letters))


def random_text(rng: random.Random, characters: int) -> str:
    """Random words of at least 10 letters, exactly `characters` long in all."""
    words, left = [], characters
    while left > 0:
        letters = rng.randint(10, 24)
        if left - letters - 1 < 10:
            letters = left  # the last word takes what remains
        words.append(random_word(rng, letters))
        left -= letters + 1
    return " ".join(words)


def test_queries_of_long_random_words_are_answered_quickly_without_nonsense_suggestions(
    client, search, shop
):
    rng = random.Random(20260504)
    search(q="gunmetal mixer")  # a shopper has searched before: the index is open
    requests = [
        *((SEARCH, " ".join(random_word(rng, 24) for _ in range(12))) for _ in range(10)),
        *((SEARCH, random_text(rng, LONGEST_QUERY)) for _ in range(10)),
        *((SUGGEST, random_text(rng, LONGEST_QUERY)) for _ in range(10)),
    ]
    timings = []
    # Earlier tests leave a large heap; a full garbage collection over it is not this code's
    # cost (it once took 0.7 s here), so set it aside: our own garbage is still collected.
    gc.collect()
    gc.freeze()
    try:
        answers = []
        for path, typed in requests:
            started = time.perf_counter()
            answers.append((path, typed, client.get(path, query_string={"q": typed})))
            timings.append((time.perf_counter() - started, path, typed))
    finally:
        gc.unfreeze()
    for path, typed, response in answers:
        if len(typed) > LONGEST_QUERY and response.status_code == 422:
            assert list(response.json["errors"]) == ["query.q"]  # longer than the API takes
            continue
        assert response.status_code == 200, response.json
        if path == SEARCH:
            assert response.json["suggestion"] is None, typed
            assert response.json["items"] == [], typed
        else:
            assert response.json == {"items": [], "documents": []}, typed
    slowest = max(timings)
    assert slowest[0] < SECONDS_PER_ANSWER, slowest


def test_completions_follow_the_word_before_even_when_another_word_is_commoner(search, shop):
    # The premise, as a reader would see it: "each" is in more public items than "earth".
    each = search(q="each").json["meta"]["total"]
    earth = search(q="earth").json["meta"]["total"]
    assert each > earth >= 1

    response = search(SUGGEST, q="rare e")
    assert response.json["items"][0] == "rare earth", response.json["items"]
    assert {"type": "article", "title": shop["quota"].title, "slug": shop["quota"].slug} in [
        {name: document[name] for name in ("type", "title", "slug")}
        for document in response.json["documents"]
    ]


def test_a_typo_in_the_part_typed_so_far_still_completes(search, shop):
    assert "gunmetal" in search(SUGGEST, q="gunmt").json["items"]


def test_suggest_lists_the_items_of_the_best_completion(search, shop):
    response = search(SUGGEST, q="gunm")
    assert response.json["items"][0] == "gunmetal"
    documents = response.json["documents"]
    assert documents
    listed = {Item(doc["type"], doc["slug"], doc["title"]) for doc in documents}
    assert listed <= {shop[key] for key in GUNMETAL_ITEMS}


def test_suggested_items_hold_every_word_of_the_completion(search, shop):
    """Search-as-you-type lists items with all the words, never ones that share only one."""
    response = search(SUGGEST, q="rare ea")
    assert response.json["items"][0] == "rare earth"
    texts = {
        **{key: f"{body['name']} {body['summary']}" for key, body in PRODUCTS.items()},
        **{key: f"{body['title']} {body['body']}" for key, body in ARTICLES.items()},
    }
    with_both = {
        shop[key]
        for key, text in texts.items()
        if re.search(r"\brare\b", text, re.IGNORECASE) and re.search(r"\bearth", text, re.I)
    }
    listed = {Item(doc["type"], doc["slug"], doc["title"]) for doc in response.json["documents"]}
    assert shop["quota"] in listed
    assert listed <= with_both


def test_suggested_items_carry_a_lowest_price_or_a_date(search, shop):
    """Products come with their lowest variant price, articles with their publication date."""
    lowest = {
        shop[key].slug: min((v["price"]["amount"] for v in body["variants"]), key=Decimal)
        for key, body in PRODUCTS.items()
    }
    documents = search(SUGGEST, q="gunm").json["documents"]
    products = [document for document in documents if document["type"] == "product"]
    assert products
    for product in products:
        assert product["price"] == {"amount": lowest[product["slug"]], "currency": "USD"}
        assert product["published_at"] is None
        assert product["image"] is None  # the shop's products have no photo

    documents = search(SUGGEST, q="rare ea").json["documents"]
    articles = [document for document in documents if document["type"] == "article"]
    quota = next(doc for doc in articles if doc["slug"] == shop["quota"].slug)
    article = search(f"/api/v1/articles/{quota['slug']}").json
    assert quota["published_at"] == article["published_at"]
    assert quota["price"] is None
