"""Shoppers type what they want, misspelt or not, and find the right faucets first."""

import pytest

from tests.search.conftest import names

pytestmark = pytest.mark.both_backends  # the engine contract: each backend


def test_all_words_must_match_and_the_best_match_comes_first(search, catalogue):
    response = search(q="pull down kitchen")
    assert response.json["matched"] == "all"
    assert names(response)[0] == "Arden Pull-Down Kitchen Faucet"
    assert response.json["meta"]["total"] == 1


def test_when_nothing_matches_every_word_any_word_will_do_ranked(search, catalogue):
    response = search(q="pull-down unobtainium")
    assert response.json["matched"] == "any"
    assert names(response)[0] == "Arden Pull-Down Kitchen Faucet"


def test_stemming_and_accent_folding(search, catalogue):
    assert names(search(q="melange mixers"))[0] == "Mélange Single Handle Basin Mixer"
    assert names(search(q="MÉLANGE"))[0] == "Mélange Single Handle Basin Mixer"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tap", "Arden Pull-Down Kitchen Faucet"),  # tap ↔ faucet
        ("mixing", "Dual Lever Gun Metal Mixer Tap"),  # mixing ↔ mixer
        ("twin", "Dual Lever Gun Metal Mixer Tap"),  # twin ↔ dual
        ("two-handle", "Heritage Twin-Handle Kitchen Faucet"),  # two handle ↔ twin
        ("gunmetal mixer", "Dual Lever Gun Metal Mixer Tap"),  # gunmetal ↔ gun metal
        ("single lever basin", "Mélange Single Handle Basin Mixer"),  # single lever ↔ handle
    ],
)
def test_domain_synonyms_find_what_people_mean(search, catalogue, typed, expected):
    assert expected in names(search(q=typed, per_page=10))


def test_a_misspelt_word_still_finds_the_product_and_suggests_the_spelling(search, catalogue):
    response = search(q="gunmetl mixr")
    assert "Dual Lever Gun Metal Mixer Tap" in names(response)
    assert response.json["suggestion"] == "gunmetal mixer"

    response = search(q="faucett")
    assert "Arden Pull-Down Kitchen Faucet" in names(response)
    assert response.json["suggestion"].startswith("faucet")


def test_correct_spelling_gets_no_suggestion(search, catalogue):
    assert search(q="gunmetal").json["suggestion"] is None


def test_a_quoted_phrase_matches_only_those_words_in_that_order(search, catalogue):
    assert names(search(q='"pull down spray"')) == ["Arden Pull-Down Kitchen Faucet"]
    assert search(q='"spray pull down"').json["meta"]["total"] == 0


def test_a_pasted_sku_ranks_its_product_first(search, catalogue):
    assert names(search(q="ARD-BK"))[0] == "Arden Pull-Down Kitchen Faucet"
    assert names(search(q="her-gm kitchen"))[0] == "Heritage Twin-Handle Kitchen Faucet"


def test_snippets_mark_matches_and_escape_everything_else(search, catalogue):
    item = search(q="gunmetal coat").json["items"][0]
    assert item["highlights"]["name"] == "Dual Lever <mark>Gun</mark> <mark>Metal</mark> Mixer Tap"
    snippet = item["highlights"]["description"]
    assert "<mark>coat</mark>" in snippet
    assert "&lt;script&gt;" not in snippet or "<script>" not in snippet
    assert "<script>" not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_search_results_carry_the_listing_summary_of_each_product(search, catalogue):
    item = search(q="arden").json["items"][0]
    assert item["type"] == "product"
    assert item["document"]["slug"] == catalogue["pull_down"]["slug"]
    assert item["document"]["price_range"]["min"] == {"amount": "259.00", "currency": "USD"}
    assert item["score"] > 0


def test_search_as_you_type_completes_the_last_word(search, catalogue):
    response = search("/api/v1/search/suggest", q="gunm")
    assert response.json["items"] == ["gunmetal"]
    assert search("/api/v1/search/suggest", q="kitchen mel").json["items"] == ["kitchen melange"]
    assert len(search("/api/v1/search/suggest", q="a").json["items"]) <= 10


def test_completions_and_corrections_never_reveal_unpublished_products(search, catalogue):
    assert search("/api/v1/search/suggest", q="zeph").json["items"] == []
    assert search("/api/v1/search/suggest", q="tomor").json["items"] == []
    response = search(q="zephyrio")
    assert response.json["suggestion"] is None
    assert response.json["meta"]["total"] == 0


@pytest.mark.parametrize(
    "typed",
    [
        "status:draft",
        "zephyrion status:draft",
        "*",
        "zeph*",
        '"unbalanced quote',
        'a "b',
        "name:(zephyrion OR x) AND NOT y",
        "\x00zephyrion\x00",
        "\\\\ ~ ^2 {} [] <>",
        "🚰 ø ß",
    ],
)
def test_query_syntax_never_reaches_fields_or_drafts(search, catalogue, typed):
    response = search(q=typed)
    assert response.status_code == 200
    assert "Zephyrion Prototype Faucet" not in names(response)


def test_oversized_queries_are_refused_cleanly(search, catalogue):
    for path in ("/api/v1/search", "/api/v1/products", "/api/v1/search/suggest"):
        response = search(path, q="gunmetal " * 1250)
        assert response.status_code == 422
        assert response.content_type == "application/problem+json"
        assert "q" in str(response.json["errors"])


def test_the_product_listing_searches_with_q(search, catalogue):
    response = search("/api/v1/products", q="gunmetal", finish="matte-black")
    assert names(response) == ["Dual Lever Gun Metal Mixer Tap"]
    assert response.json["meta"]["total"] == 1
    by_price = search("/api/v1/products", q="kitchen", sort="price")
    assert names(by_price) == [
        "Dual Lever Gun Metal Mixer Tap",
        "Heritage Twin-Handle Kitchen Faucet",
        "Arden Pull-Down Kitchen Faucet",
    ]
    relevance = search("/api/v1/products", q="kitchen faucet", sort="relevance")
    assert names(relevance)[0] in {
        "Heritage Twin-Handle Kitchen Faucet",
        "Arden Pull-Down Kitchen Faucet",
    }
