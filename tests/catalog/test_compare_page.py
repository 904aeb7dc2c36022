"""Shoppers compare faucets on the comparison page and pick them while browsing, without
JavaScript: the selection lives in the page's address."""

import pytest

from tests.catalog.conftest import variant
from tests.web.pages import meta, parse, query_of, text, texts

ARC, HERITAGE = "arc-single-lever", "heritage-twin"


def rows(page) -> dict[str, list[str]]:
    """Each row's name (with its "differs" mark) and the values in each product's column."""
    return {
        text(row.xpath("th")[0]): [text(cell) for cell in row.xpath("td")]
        for row in page.xpath("//table[@class='compare']/tbody/tr")
    }


def test_two_faucets_side_by_side_with_the_rows_that_differ_marked(client, faucets_to_compare):
    response = client.get(f"/compare?products={ARC},{HERITAGE}")
    assert response.status_code == 200
    page = parse(response)
    assert texts(page, "//table//a[@class='compare-name']") == [
        "Arc Single Lever",
        "Heritage Twin",
    ]
    assert page.xpath("//a[@class='compare-name']/@href") == [f"/p/{ARC}", f"/p/{HERITAGE}"]
    assert texts(page, "//thead//p[@class='eyebrow']") == [
        "Aquaverde",
        "Kaiping Jenor Sanitary Ware Co., Ltd",
    ]
    assert rows(page) == {
        "Price differs": ["$99.00–$129.00", "$189.00"],
        "Finishes differs": ["Matte black $129.00 Chrome $99.00–$119.00", "Chrome $189.00"],
        "Flow rate": ["6.80 L/min (1.80 gpm)", "6.80 L/min (1.80 gpm)"],
        "Spout height": ["230 mm (9.06 in)", "230 mm (9.06 in)"],
        "Spout reach differs": ["250 mm (9.84 in)", "210 mm (8.27 in)"],
        "Installation holes differs": ["1 hole", "2 holes"],
        "Mounting": ["Deck mounted", "Deck mounted"],
        "Handles differs": ["Single handle", "Twin handle"],
        "Spout": ["Swivel", "Swivel"],
        "Valve": ["1/4-turn ceramic disc valves", "1/4-turn ceramic disc valves"],
        "Body": ["lead-free brass", "lead-free brass"],
        "Certifications differs": ["NSF/ANSI 61, WRAS", "NSF/ANSI 61"],
        "Approved for": ["None", "None"],  # no market is defined yet
        "Availability": ["In stock", "In stock"],
    }
    assert len(page.xpath("//tr[@class='differs']")) == 6
    assert meta(page, "robots") == "noindex, follow"
    remove = page.xpath("//a[@class='compare-remove']/@href")
    assert remove == [f"/compare?products={HERITAGE}", f"/compare?products={ARC}"]
    more = page.xpath("//a[normalize-space()='Add another faucet']/@href")[0]
    assert query_of(more) == {"compare": [f"{ARC},{HERITAGE}"]}
    assert "Disallow: /compare" in client.get("/robots.txt").get_data(as_text=True)


def test_only_the_differences_on_request(client, faucets_to_compare):
    page = parse(client.get(f"/compare?products={ARC},{HERITAGE}"))
    only = page.xpath("//a[normalize-space()='Show only differences']/@href")[0]
    assert only == f"/compare?products={ARC},{HERITAGE}&only=differences"
    page = parse(client.get(only))
    assert list(rows(page)) == [
        "Price differs",
        "Finishes differs",
        "Spout reach differs",
        "Installation holes differs",
        "Handles differs",
        "Certifications differs",
    ]
    assert page.xpath("//a[@class='compare-remove']/@href")[0] == (
        f"/compare?products={HERITAGE}&only=differences"
    )
    everything = page.xpath("//a[normalize-space()='Show all rows']/@href")[0]
    assert len(rows(parse(client.get(everything)))) == 14


def test_the_markets_each_faucet_is_approved_for_are_compared(client, editor, faucets_to_compare):
    for name, required in (("United Kingdom", ["wras"]), ("United States", ["nsf-ansi-61"])):
        body = {"name": name, "certifications": required}
        assert client.post("/api/v1/markets", json=body, headers=editor).status_code == 201
    page = parse(client.get(f"/compare?products={ARC},{HERITAGE}"))
    assert rows(page)["Approved for differs"] == ["United Kingdom, United States", "United States"]
    api = client.get(f"/api/v1/comparisons?products={ARC},{HERITAGE}").json
    assert "markets" in api["differences"]
    assert [m["slug"] for m in api["products"][1]["markets"]] == ["united-states"]


def test_repeats_unknown_drafts_and_a_fifth_faucet_are_explained_not_errors(
    client, make_product, faucets_to_compare
):
    for name in ("Third", "Fourth", "Fifth"):
        make_product(name=name, variants=[variant(name.upper(), "chrome", "10.00")])
    response = client.get(
        f"/compare?products={HERITAGE},{HERITAGE},secret-draft,no-such-faucet,third,fourth,fifth"
    )
    assert response.status_code == 200
    page = parse(response)
    # The first four asked for, repeats counted once; two of them name nothing to show.
    assert texts(page, "//a[@class='compare-name']") == ["Heritage Twin", "Third"]
    notes = texts(page, "//p[@class='notice' and @role='status']")
    assert notes[0] == (
        "You can compare up to 4 faucets at a time, so this shows the first 4 you chose "
        "and leaves out 2."
    )
    assert notes[1].endswith("secret-draft, no-such-faucet.")
    assert "Secret Draft" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    ["", "?products=", "?products=%00,%3Cb%3E", "?products=" + "x" * 5000, "?products=a&only=x"],
    ids=["nothing", "empty", "not-slugs", "long", "unknown-view"],
)
def test_an_empty_or_odd_selection_gets_a_friendly_page(client, faucets_to_compare, query):
    response = client.get(f"/compare{query}")
    assert response.status_code == 200
    page = parse(response)
    assert page.xpath("//p[@class='empty']//a/@href") == ["/products"]
    assert "<b>" not in response.get_data(as_text=True)


def test_a_renamed_faucet_is_compared_under_its_new_address(client, editor, faucets_to_compare):
    url = f"/api/v1/products/{HERITAGE}"
    etag = client.get(url, headers=editor).headers["ETag"]
    client.patch(url, json={"slug": "heritage-bridge"}, headers={**editor, "If-Match": etag})
    page = parse(client.get(f"/compare?products={HERITAGE},{ARC}"))
    assert page.xpath("//a[@class='compare-name']/@href") == ["/p/heritage-bridge", f"/p/{ARC}"]


def test_picking_two_faucets_from_the_listing_keeps_the_page_and_filters(
    client, faucets_to_compare
):
    listing = parse(client.get("/products?sort=name&in_stock=true"))
    add_arc = listing.xpath(f"//p[@data-slug='{ARC}']/a/@href")[0]
    assert query_of(add_arc) == {"sort": ["name"], "in_stock": ["true"], "compare": [ARC]}

    listing = parse(client.get(add_arc))
    assert text(listing.xpath(f"//p[@data-slug='{ARC}']")[0]).startswith("Remove from compare")
    tray = listing.xpath("//aside[@data-compare-tray]")[0]
    assert text(tray).startswith("Compare (1 of 4): Arc Single Lever")
    assert meta(listing, "og:url").endswith("/products?in_stock=true")  # no selection in it
    # The listing's own links carry the selection on.
    sort_form = listing.xpath("//form[@id='filters']//input[@name='compare']/@value")
    assert sort_form == [ARC]
    title_link = listing.xpath(f"//h3/a[contains(@href, '{HERITAGE}')]/@href")[0]
    assert query_of(title_link) == {"compare": [ARC]}

    add_heritage = listing.xpath(f"//p[@data-slug='{HERITAGE}']/a/@href")[0]
    listing = parse(client.get(add_heritage))
    compare = listing.xpath("//aside[@data-compare-tray]//a[@class='button']/@href")[0]
    assert compare == f"/compare?products={ARC},{HERITAGE}"
    assert text(listing.xpath("//aside[@data-compare-tray]//a[@class='button']")[0]) == (
        "Compare 2 faucets"
    )


def test_a_product_page_adds_itself_to_the_selection(client, faucets_to_compare):
    page = parse(client.get(f"/p/{HERITAGE}?compare={ARC}"))
    add = page.xpath(f"//div[@class='buy-box']//p[@data-slug='{HERITAGE}']/a/@href")[0]
    assert query_of(add) == {"compare": [f"{ARC},{HERITAGE}"]}
    assert page.xpath("//form[@data-finish-picker]//input[@name='compare']/@value") == [ARC]


def test_the_home_page_promise_to_compare_links_to_the_comparison(client, faucets_to_compare):
    page = parse(client.get("/"))
    assert page.xpath(
        "//section[@class='hero']//a[normalize-space()='compare specifications']/@href"
    ) == ["/compare"]
