"""Shoppers browse the demo catalogue: home, filtered listings, categories and product pages."""

import re
from decimal import Decimal

import pytest

from catalog import services as catalog_services
from catalog.models import Category
from catalog.term_schemas import CategoryInputSchema
from core.extensions import db
from tests.conftest import PUBLIC_BASE_URL
from tests.web.pages import DEMO, HERITAGE, link_to, meta, parse, query_of, text, texts

CARD_LINKS = "//article[contains(@class, 'product-card')]//h3/a/@href"
CARD_NAMES = "//article[contains(@class, 'product-card')]//h3"
# What the demo catalogue (catalog/demo_content/catalogue.json) holds, read off by hand.
KITCHEN_TWIN_HANDLE = {
    "Cascadia Harbour Dual-Handle Gooseneck Kitchen Faucet",
    "Halden & Rowe Ashby Wall-Mounted Bridge Kitchen Tap",
    "Jenor Dual-Handle Gunmetal Kitchen Faucet",
    "Jenor Gunmetal Twin-Handle Pull-Out Kitchen Faucet",
    "Jenor Heritage Twin-Handle Bridge Kitchen Faucet",
    "Jenor Schoolhouse Cross-Handle Kitchen Faucet",
    "Jenor Stainless Dual-Handle Kitchen Mixer Tap",
    "Jenor Two-Handle Mixer Tap for Kitchen Sinks",
    "Jenor Wall-Mounted Twin-Handle Kitchen Faucet",
    "Norrbrook Fulton Two-Handle High-Arc Kitchen Faucet",
}
# Listings by filter: a list where the sort fixes the order (ties in the order they were
# added, reversed with the sort), a set where it is only "newest first".
DEMO_LISTINGS = {
    "finish=gunmetal&handle_type=twin": {
        "Jenor Heritage Twin-Handle Bridge Kitchen Faucet",
        "Jenor Dual-Handle Gunmetal Kitchen Faucet",
        "Jenor Two-Handle Mixer Tap for Kitchen Sinks",
        "Jenor Wall-Mounted Twin-Handle Kitchen Faucet",
        "Jenor Gunmetal Twin-Handle Pull-Out Kitchen Faucet",
        "Jenor Stainless Dual-Handle Kitchen Mixer Tap",
        "Cascadia Harbour Dual-Handle Gooseneck Kitchen Faucet",
        "Jenor Twin-Handle Widespread Basin Faucet",
        "Clairval Ondine Bath-Edge Thermostatic Shower Mixer",
        "Jenor Twin-Handle Exposed Shower Mixer",
    },
    "brand=jenor&sort=price": [
        "Jenor Compact Single-Lever Kitchen Mixer Tap",  # from $79
        "Jenor Twin-Handle Widespread Basin Faucet",  # $139
        "Jenor Stainless Dual-Handle Kitchen Mixer Tap",  # $149
        "Jenor Sensor Basin Tap",  # $159
        "Jenor Two-Handle Mixer Tap for Kitchen Sinks",  # $169
        "Jenor Twin-Handle Exposed Shower Mixer",  # $169
        "Jenor Wall-Mounted Twin-Handle Kitchen Faucet",  # $199
        "Jenor Commercial-Style Spring Pull-Down Kitchen Faucet",  # $199
        "Jenor Dual-Handle Gunmetal Kitchen Faucet",  # $219
        "Jenor Gunmetal Twin-Handle Pull-Out Kitchen Faucet",  # $259
        "Jenor Waterfall Wall-Mounted Bath Filler",  # $259
        "Jenor Heritage Twin-Handle Bridge Kitchen Faucet",  # $289
        "Jenor Schoolhouse Cross-Handle Kitchen Faucet",  # $329
    ],
    "certification=wras&sort=-price": [
        "Halden & Rowe Ashby Deck-Mounted Bath Shower Mixer",  # from $549
        "Halden & Rowe Stockpot Wall-Mounted Pot Filler",  # $469
        "Halden & Rowe Ashby Wall-Mounted Bridge Kitchen Tap",  # $399
        "Halden & Rowe Marlow Pull-Down Kitchen Tap",  # $349
        "Jenor Heritage Twin-Handle Bridge Kitchen Faucet",  # $289
        "Kestrel Tern Thermostatic Bar Shower Mixer",  # $279
        "Jenor Waterfall Wall-Mounted Bath Filler",  # $259
        "Halden & Rowe Belgravia Three-Hole Basin Mixer",  # $259
        "Halden & Rowe Ashby Two-Handle Wall Basin Tap",  # $249
        "Kestrel Brea Single-Lever Pull-Out Kitchen Tap",  # $229
        "Kestrel Halcyon Wall-Mounted Basin Mixer",  # $219
        "Jenor Commercial-Style Spring Pull-Down Kitchen Faucet",  # $199
        "Jenor Twin-Handle Exposed Shower Mixer",  # $169
        "Jenor Two-Handle Mixer Tap for Kitchen Sinks",  # $169
        "Jenor Sensor Basin Tap",  # $159
        "Jenor Stainless Dual-Handle Kitchen Mixer Tap",  # $149
        "Jenor Twin-Handle Widespread Basin Faucet",  # $139
        "Kestrel Halcyon Mono Basin Mixer",  # $139
        "Jenor Compact Single-Lever Kitchen Mixer Tap",  # $79
    ],
    # "From" prices of $200 to $499.99, with something in stock, by name.
    "price=200-499.99&in_stock=true&sort=name": [
        "AquaVerde Sensa Touchless Pull-Down Kitchen Faucet",
        "AquaVerde Thermo Thermostatic Shower Valve",
        "Cascadia Harbour Dual-Handle Gooseneck Kitchen Faucet",
        "Cascadia Kinetic Touchless Pull-Down Faucet",
        "Halden & Rowe Ashby Two-Handle Wall Basin Tap",
        "Halden & Rowe Ashby Wall-Mounted Bridge Kitchen Tap",
        "Halden & Rowe Belgravia Three-Hole Basin Mixer",
        "Halden & Rowe Marlow Pull-Down Kitchen Tap",
        "Halden & Rowe Stockpot Wall-Mounted Pot Filler",
        "Jenor Dual-Handle Gunmetal Kitchen Faucet",
        "Jenor Gunmetal Twin-Handle Pull-Out Kitchen Faucet",
        "Jenor Heritage Twin-Handle Bridge Kitchen Faucet",
        "Jenor Schoolhouse Cross-Handle Kitchen Faucet",
        "Jenor Waterfall Wall-Mounted Bath Filler",
        "Kestrel Brea Single-Lever Pull-Out Kitchen Tap",
        "Kestrel Halcyon Wall-Mounted Basin Mixer",
        "Kestrel Tern Thermostatic Bar Shower Mixer",
        "Norrbrook Arden Pull-Down Kitchen Faucet",
        "Norrbrook Beacon Touchless Basin Faucet",
        "Norrbrook Beacon Touchless Wall-Mounted Basin Faucet",
        "Norrbrook Clawfoot Wall-Mount Tub Filler",
        "Norrbrook Fulton Two-Handle High-Arc Kitchen Faucet",
        "Norrbrook Hearth Wall-Mount Pot Filler",
    ],
    "mounting=wall&finish=chrome&finish=gunmetal": {
        "Jenor Wall-Mounted Twin-Handle Kitchen Faucet",
        "Halden & Rowe Ashby Wall-Mounted Bridge Kitchen Tap",
        "Norrbrook Hearth Wall-Mount Pot Filler",
        "Halden & Rowe Stockpot Wall-Mounted Pot Filler",
        "Kestrel Halcyon Wall-Mounted Basin Mixer",
        "Clairval Rhône Wall-Mounted Basin Mixer",
        "Norrbrook Beacon Touchless Wall-Mounted Basin Faucet",
        "Halden & Rowe Ashby Two-Handle Wall Basin Tap",
        "Jenor Waterfall Wall-Mounted Bath Filler",
        "Norrbrook Clawfoot Wall-Mount Tub Filler",
        "AquaVerde Thermo Thermostatic Shower Valve",
        "Kestrel Tern Thermostatic Bar Shower Mixer",
        "Norrbrook Fulton Pressure-Balance Shower Trim",
        "Jenor Twin-Handle Exposed Shower Mixer",
    },
}


def slugs_on(page) -> list[str]:
    """The product slugs of a listing page's cards, in order."""
    return [href.removeprefix("/p/").split("?")[0] for href in page.xpath(CARD_LINKS)]


def api_slugs(visitor, query: str, per_page: int = 24) -> list[str]:
    response = visitor.get(f"/api/v1/products?per_page={per_page}&{query}")
    assert response.status_code == 200, response.json
    return [item["slug"] for item in response.json["items"]]


def test_the_home_page_leads_to_categories_new_products_and_news(visitor):
    page = parse(visitor.get("/"))
    assert "Faucets for kitchens and bathrooms" in text(page.xpath("//h1")[0])
    categories = page.xpath("//section[@aria-labelledby='categories-title']//h3/a/@href")
    assert categories == ["/c/kitchen-faucets", "/c/bathroom-faucets", "/c/bath-shower"]
    # The demo publishes its products in file order; the last eight published come first.
    assert texts(page, CARD_NAMES) == [
        "Jenor Twin-Handle Exposed Shower Mixer",
        "Norrbrook Fulton Pressure-Balance Shower Trim",
        "Clairval Ondine Bath-Edge Thermostatic Shower Mixer",
        "Kestrel Tern Thermostatic Bar Shower Mixer",
        "AquaVerde Thermo Thermostatic Shower Valve",
        "Norrbrook Clawfoot Wall-Mount Tub Filler",
        "Jenor Waterfall Wall-Mounted Bath Filler",  # the draft Garonne mixer is left out
        "Halden & Rowe Ashby Deck-Mounted Bath Shower Mixer",
    ]
    assert slugs_on(page) == api_slugs(visitor, "sort=newest")[:8]
    articles = page.xpath("//article[contains(@class, 'article-card')]//h3/a/@href")
    assert len(articles) == 3 and all(href.startswith("/news/") for href in articles)


@pytest.mark.parametrize(
    ("page_query", "api_query"),
    [
        ("finish=gunmetal&handle_type=twin", "finish=gunmetal&handle_type=twin"),
        ("brand=jenor&sort=price", "brand=jenor&sort=price"),
        ("certification=wras&sort=-price", "certification=wras&sort=-price"),
        (
            "price=200-499.99&in_stock=true&sort=name",
            "min_price=200&max_price=499.99&in_stock=true&sort=name",
        ),
        (
            "mounting=wall&finish=chrome&finish=gunmetal",
            "mounting=wall&finish=chrome&finish=gunmetal",
        ),
    ],
)
def test_a_filtered_listing_shows_what_the_api_lists_for_the_same_filters(
    visitor, page_query, api_query
):
    page = parse(visitor.get(f"/products?{page_query}"))
    names = texts(page, CARD_NAMES)
    demo = DEMO_LISTINGS[page_query]
    assert (names if isinstance(demo, list) else set(names)) == demo
    assert len(names) == len(demo)
    expected = api_slugs(visitor, api_query)
    assert slugs_on(page) == expected
    assert text(page.xpath("//h2[@id='results-count']")[0]).startswith(f"{len(expected)} product")
    for name, values in query_of(f"?{page_query}").items():
        for value in values:
            if name != "sort":
                assert page.xpath(
                    "//form[@id='filters']//input[@name=$n and @value=$v]/@checked", n=name, v=value
                ), f"{name}={value} is not shown as chosen"


def test_every_facet_count_is_the_number_of_products_its_link_shows(visitor):
    page = parse(visitor.get("/c/kitchen-faucets?handle_type=twin"))
    options = page.xpath("//fieldset[legend='Finish']//div[@class='option']")
    # The demo's twelve twin-handle kitchen products (ten in their own category, two pot
    # fillers) come in these finishes.
    assert [text(option) for option in options] == [
        "Chrome (11)",
        "Gunmetal (7)",
        "Polished brass (5)",
        "Brushed nickel (4)",
        "Matte black (3)",
        "Oil-rubbed bronze (3)",
        "Brushed gold (2)",
        "Stainless steel (2)",
    ]
    for option in options:
        value = option.xpath("input/@value")[0]
        count = int(re.search(r"\((\d+)\)", text(option)).group(1))
        shown = parse(visitor.get(f"/c/kitchen-faucets?handle_type=twin&finish={value}"))
        assert len(slugs_on(shown)) == count, value


def test_the_sidebar_is_a_get_form_so_every_state_is_a_bookmarkable_url(visitor):
    page = parse(visitor.get("/c/kitchen-faucets?finish=gunmetal&sort=price"))
    form = page.xpath("//form[@id='filters']")[0]
    assert form.get("method") == "get" and form.get("action") == "/c/kitchen-faucets"
    for field in form.xpath(".//input[@type='checkbox' or @type='radio']"):
        labels = page.xpath("//label[@for=$id]", id=field.get("id"))
        assert labels, f"{field.get('name')}={field.get('value')} has no label"
    assert page.xpath("//select[@name='sort' and @form='filters']/option[@selected]/@value") == [
        "price"
    ]
    chosen = page.xpath("//ul[@class='chosen']//a/@href")
    assert "/c/kitchen-faucets?sort=price" in chosen  # removes the gunmetal filter
    subcategory = page.xpath("//nav[@class='subcategories']//a/@href")
    assert "/c/kitchen-twin-handle?finish=gunmetal&sort=price" in subcategory


def test_listings_page_through_with_links_that_keep_the_filters(visitor):
    first = parse(visitor.get("/products?sort=name"))
    # The demo has 47 products, three of them drafts: a page of 24 and one of 20.
    assert texts(first, "//h2[@id='results-count']") == ["44 products"]
    everything = api_slugs(visitor, "sort=name", per_page=100)
    assert len(everything) == 44
    assert slugs_on(first) == everything[:24]
    following = link_to(first, "Next")
    assert following == "/products?sort=name&page=2"
    second = parse(visitor.get(following))
    assert slugs_on(second) == everything[24:48]
    assert len(slugs_on(second)) == 20
    assert not second.xpath("//a[contains(normalize-space(.), 'Next')]")
    assert link_to(second, "Previous") == "/products?sort=name&page=1"


def test_a_category_page_has_a_breadcrumb_and_its_subcategories(visitor):
    page = parse(visitor.get("/c/kitchen-twin-handle"))
    assert texts(page, "//nav[@class='breadcrumb']//li") == [
        "Home",
        "Faucets",
        "Kitchen faucets",
        "Twin-handle",
    ]
    assert set(texts(page, CARD_NAMES)) == KITCHEN_TWIN_HANDLE
    assert slugs_on(page) == api_slugs(visitor, "category=kitchen-twin-handle")
    kitchen = parse(visitor.get("/c/kitchen-faucets"))
    assert "Twin-handle" in " ".join(texts(kitchen, "//nav[@class='subcategories']//a"))


def test_bad_filters_get_an_error_page_naming_them_and_unknown_categories_a_404(visitor):
    bad = visitor.get("/products?handle_type=seven&page=0")
    assert bad.status_code == 400
    assert {"handle_type.0", "page"} <= set(texts(parse(bad), "//code"))
    assert visitor.get("/c/no-such-category").status_code == 404


def test_a_product_page_offers_each_finish_with_its_price_and_stock(visitor):
    page = parse(visitor.get(HERITAGE))
    picker = page.xpath("//form[@data-finish-picker]")[0]
    assert picker.get("method") == "get" and picker.get("action") == HERITAGE
    finishes = picker.xpath(".//input[@name='finish']/@value")
    assert finishes == ["chrome", "gunmetal", "polished-brass", "oil-rubbed-bronze"]
    labels = texts(picker, ".//label")
    assert labels[1] == "Gunmetal $339.00 In stock"
    assert text(page.xpath("//*[@data-show='price']")[0]) == "$289.00"  # the first in stock
    gunmetal = parse(visitor.get(f"{HERITAGE}?finish=gunmetal"))
    assert text(gunmetal.xpath("//*[@data-show='price']")[0]) == "$339.00"
    assert text(gunmetal.xpath("//s[@data-show='compare']")[0]) == "Was $409.00"
    assert gunmetal.xpath("//input[@value='gunmetal']/@checked")
    assert text(gunmetal.xpath("//*[@data-show='sku']")[0]) == "JNR-TH201-GM"


def test_a_product_page_gives_specs_in_both_units_certifications_and_images_with_alt(visitor):
    page = parse(visitor.get(HERITAGE))
    specs = dict(
        zip(
            texts(page, "//table[@class='specs']//th"),
            texts(page, "//table[@class='specs']//td"),
            strict=True,
        )
    )
    assert specs["Flow rate"] == "6.80 L/min (1.80 gpm)"
    assert specs["Spout height"] == "230 mm (9.06 in)"
    assert specs["Spout reach"] == "220 mm (8.66 in)"
    assert specs["Handles"] == "Twin handle"
    certifications = " ".join(texts(page, "//ul[@class='certifications']/li"))
    assert "NSF/ANSI 61" in certifications and "WRAS" in certifications
    # The photo of the finish shown (the first in stock), and each finish's photos for the picker.
    gallery = page.xpath("//section[@class='gallery']//img")
    assert [image.get("alt") for image in gallery] == [
        "Jenor Heritage Twin-Handle Bridge Kitchen Faucet in chrome, an illustration"
    ]
    assert (gallery[0].get("width"), gallery[0].get("height")) == ("1280", "960")
    assert gallery[0].get("src").endswith("-1280.jpg")
    assert gallery[0].get("loading") is None
    webp = page.xpath("//section[@class='gallery']//source[@type='image/webp']/@srcset")[0]
    assert [entry.split()[1] for entry in webp.split(", ")] == ["320w", "640w", "1280w"]
    finishes = page.xpath("//template/@data-gallery-for")
    assert finishes == page.xpath("//input[@name='finish']/@value")


def test_a_product_page_describes_itself_from_its_seo_fields(visitor):
    page = parse(visitor.get(f"{HERITAGE}?finish=gunmetal"))
    assert text(page.xpath("//title")[0]) == (
        "Jenor Heritage Twin-Handle Bridge Kitchen Faucet | Sanitary Ware Catalogue"
    )
    assert meta(page, "description").startswith("Bridge kitchen faucet with two cross handles")
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{PUBLIC_BASE_URL}{HERITAGE}"]
    assert meta(page, "og:type") == "product"
    assert meta(page, "og:url") == f"{PUBLIC_BASE_URL}{HERITAGE}"
    gunmetal_photo = page.xpath("//section[@class='gallery']//img/@src")[0]
    assert meta(page, "og:image") == f"{PUBLIC_BASE_URL}{gunmetal_photo}"
    assert meta(page, "product:price:amount") == "339.00"


def test_a_product_page_suggests_related_products_and_reading(visitor):
    page = parse(visitor.get(HERITAGE))
    related = page.xpath("//section[@aria-labelledby='related-title']//h3/a/@href")
    assert related and HERITAGE not in related and len(related) <= 4
    in_category = api_slugs(visitor, "category=kitchen-twin-handle")
    assert all(href.removeprefix("/p/") in in_category for href in related)
    reading = page.xpath("//section[@aria-labelledby='reading-title']//h3/a/@href")
    assert "/news/twin-handle-kitchen-faucets-are-back" in reading


def test_unknown_products_are_a_404_page(visitor):
    response = visitor.get("/p/no-such-faucet")
    assert response.status_code == 404
    assert "We can't find that page" in text(parse(response).xpath("//h1")[0])


def chip_labels(page) -> list[str]:
    """What each chip of the filters in use says (less its remove mark)."""
    return [" ".join(label.split()) for label in page.xpath("//ul[@class='chosen']/li/a/text()")]


def test_filter_chips_name_every_chosen_term_even_when_nothing_matches(visitor):
    finishes = {
        item["slug"]: item["name"] for item in visitor.get("/api/v1/finishes").json["items"]
    }
    brand = visitor.get("/api/v1/brands").json["items"][0]
    query = "&".join(f"finish={slug}" for slug in finishes)
    page = parse(visitor.get(f"/products?brand={brand['slug']}&{query}&handle_type=touchless"))
    labels = chip_labels(page)
    assert set(finishes.values()) | {brand["name"]} <= set(labels)
    assert not set(finishes) & set(labels) - set(finishes.values())


def test_under_a_finish_filter_each_card_shows_that_finishs_price_photo_and_link(visitor):
    gunmetal = {
        product["name"]: min(
            Decimal(v["price"]["amount"]) for v in product["variants"] if v["finish"] == "gunmetal"
        )
        for product in DEMO["products"]
        if product["status"] == "published"
        and any(v["finish"] == "gunmetal" for v in product["variants"])
    }
    page = parse(visitor.get("/products?finish=gunmetal"))
    cards = page.xpath("//article[contains(@class, 'product-card')]")
    assert len(cards) == len(gunmetal)
    for card in cards:
        name = text(card.xpath(".//h3")[0])
        assert text(card.xpath(".//p[@class='price']")[0]) == f"${gunmetal[name]:,.2f} in Gunmetal"
        assert query_of(card.xpath(".//h3/a/@href")[0])["finish"] == ["gunmetal"]
        assert "gunmetal" in card.xpath(".//img/@alt")[0].lower()


@pytest.mark.parametrize("path", ["/products", "/search?q=faucet", "/news"])
def test_a_page_past_the_last_says_so_and_links_to_the_last(visitor, path):
    joiner = "&" if "?" in path else "?"
    page = parse(visitor.get(f"{path}{joiner}page=99"))
    message = texts(page, "//p[@class='empty']")
    assert message and message[0].startswith("Page 99 is past the end")
    (last,) = page.xpath("//p[@class='empty']/a/@href")
    number = int(query_of(last)["page"][0])
    assert 1 <= number < 99
    shown = parse(visitor.get(last))
    assert not shown.xpath("//p[@class='empty']")
    assert shown.xpath("//nav[@class='pagination']//span[@aria-current='page']/text()") in (
        [str(number)],
        [],
    )


def test_an_archived_category_has_no_page_and_a_new_one_shows_at_once(site, visitor):
    with site.app_context():
        category = catalog_services.create_term(
            Category,
            CategoryInputSchema().load(
                {"name": "Pot fillers", "slug": "pot-fillers", "parent": "kitchen-faucets"}
            ),
        )
    try:
        page = parse(visitor.get("/c/pot-fillers"))
        assert texts(page, "//nav[@class='breadcrumb']//li")[-2:] == [
            "Kitchen faucets",
            "Pot fillers",
        ]
        with site.app_context():
            catalog_services.archive_term(db.session.merge(category))
        gone = visitor.get("/c/pot-fillers")
        assert gone.status_code == 404
        assert "Pot fillers" not in text(parse(gone).xpath("//main")[0])
    finally:
        with site.app_context():
            catalog_services.delete_term(db.session.merge(category))
