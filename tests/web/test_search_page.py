"""Shoppers and readers search from a plain form: snippets, "did you mean" and facets, no JS."""

from tests.web.pages import link_to, parse, query_of, text, texts

RESULT_LINKS = "//ol[@class='search-results']//h3/a"


def test_a_misspelt_search_shows_what_it_found_for_the_correction_and_links_both(visitor):
    page = parse(visitor.get("/search?q=gunmetl"))
    # The results are for the corrected word: the page says so, not "results for gunmetl".
    assert texts(page, "//h1") == ["Results for “gunmetal”"]
    assert texts(page, "//p[@class='did-you-mean']") == [
        "Showing results for gunmetal. Search instead for gunmetl."
    ]
    corrected = link_to(page, "gunmetal")
    assert corrected == "/search?q=gunmetal"
    assert page.xpath(RESULT_LINKS), "the typo still finds gunmetal items"

    as_typed = parse(visitor.get(link_to(page, "gunmetl")))
    assert texts(as_typed, "//h1") == ["Results for “gunmetl”"]
    assert not as_typed.xpath("//p[@class='did-you-mean']") and not as_typed.xpath(RESULT_LINKS)
    assert as_typed.xpath("//form[@id='filters']//input[@name='exact']/@value") == ["true"]

    results = parse(visitor.get(corrected))
    assert not results.xpath("//p[@class='did-you-mean']")
    hrefs = results.xpath(f"{RESULT_LINKS}/@href")
    assert any(href.startswith("/p/") for href in hrefs)
    assert any(href.startswith("/news/") for href in hrefs)
    marked = results.xpath("//ol[@class='search-results']//mark")
    assert marked and all(text(mark).lower().startswith("gunmetal") for mark in marked)


def test_the_search_form_and_filters_are_get_forms_that_work_without_javascript(visitor):
    page = parse(visitor.get("/search?q=kitchen"))
    search = page.xpath("//form[@role='search' and contains(@class, 'big-search')]")[0]
    assert search.get("method") == "get" and search.get("action") == "/search"
    box = search.xpath(".//input[@name='q']")[0]
    assert box.get("value") == "kitchen"
    assert page.xpath("//label[@for=$id]", id=box.get("id"))
    assert box.get("data-suggest") == "/api/v1/search/suggest"
    filters = page.xpath("//form[@id='filters']")[0]
    assert filters.xpath(".//input[@type='hidden' and @name='q']/@value") == ["kitchen"]


def test_search_facets_filter_and_count_like_the_search_api(visitor):
    page = parse(visitor.get("/search?q=kitchen&finish=gunmetal&handle_type=twin"))
    # Of the demo's ten twin-handle products offered in gunmetal, the two shower mixers never
    # say "kitchen"; the widespread basin faucet does, in its description.
    assert set(texts(page, RESULT_LINKS)) == {
        "Cascadia Harbour Dual-Handle Gooseneck Kitchen Faucet",
        "Jenor Dual-Handle Gunmetal Kitchen Faucet",
        "Jenor Gunmetal Twin-Handle Pull-Out Kitchen Faucet",
        "Jenor Heritage Twin-Handle Bridge Kitchen Faucet",
        "Jenor Stainless Dual-Handle Kitchen Mixer Tap",
        "Jenor Two-Handle Mixer Tap for Kitchen Sinks",
        "Jenor Wall-Mounted Twin-Handle Kitchen Faucet",
        "Jenor Twin-Handle Widespread Basin Faucet",
    }
    assert texts(page, "//h2[@id='results-count']") == ["8 results"]
    api = visitor.get("/api/v1/search?q=kitchen&finish=gunmetal&handle_type=twin&per_page=20")
    assert texts(page, "//h2[@id='results-count']") == [f"{api.json['meta']['total']} results"]
    # A result filtered by finish links to the product in that finish.
    expected = [f"/p/{item['document']['slug']}?finish=gunmetal" for item in api.json["items"]]
    assert page.xpath(f"{RESULT_LINKS}/@href") == expected
    finish_counts = {facet["value"]: facet["count"] for facet in api.json["facets"]["finish"]}
    chrome = page.xpath("//label[@for='finish-chrome']")[0]
    assert f"({finish_counts['chrome']})" in text(chrome)
    removal = page.xpath("//ul[@class='chosen']//a/@href")
    assert "/search?q=kitchen&handle_type=twin" in removal


def test_readers_can_search_articles_only_and_product_filters_are_set_aside(visitor):
    page = parse(visitor.get("/search?q=quota&type=article&finish=gunmetal&sort=price"))
    hrefs = page.xpath(f"{RESULT_LINKS}/@href")
    # Only the rare-earths story of the demo newsroom speaks of quotas.
    assert hrefs == ["/news/rare-earth-export-quotas-after-the-wto-ruling"]
    assert page.xpath("//input[@name='type' and @value='article']/@checked")
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, follow"]


def test_an_empty_search_lists_everything_newest_first_and_nothing_found_says_so(visitor):
    everything = parse(visitor.get("/search"))
    assert text(everything.xpath("//h1")[0]) == "Search"
    # The demo's 44 published products and 7 published articles (one is a draft, one is
    # scheduled for 2030).
    assert texts(everything, "//h2[@id='results-count']") == ["51 results"]
    assert len(everything.xpath(RESULT_LINKS)) == 20
    assert query_of(link_to(everything, "Next")) == {"page": ["2"]}
    nothing = parse(visitor.get("/search?q=zzzzqqqq"))
    assert "Nothing found for “zzzzqqqq”" in text(nothing.xpath("//p[@class='empty']")[0])
