"""Every kind of page is small, accessible, described for search engines and safe under CSP."""

import pytest

from tests.conftest import PUBLIC_BASE_URL
from tests.web.pages import PAGE_TYPES, meta, parse, text
from web import catalogue_pages

BUDGET_BYTES = 100 * 1024
ONE_YEAR = 31536000


def static_file(visitor, url: str, **kwargs):
    """GET a static file, its body read and the file it streamed from closed."""
    with visitor.get(url, **kwargs) as response:
        response.get_data()
    return response


@pytest.mark.parametrize("url", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_each_page_with_its_css_and_js_stays_under_100_kb(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 200
    page = parse(response)
    assets = page.xpath("//link[@rel='stylesheet']/@href | //script/@src")
    assert len(assets) == 2
    total = len(response.data) + sum(len(static_file(visitor, asset).data) for asset in assets)
    assert total < BUDGET_BYTES, f"{url}: {total} bytes"


@pytest.mark.parametrize("url", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_each_page_is_described_and_structured_for_every_reader(visitor, url):
    page = parse(visitor.get(url))
    assert page.get("lang") == "en"
    assert text(page.xpath("//title")[0]).endswith("| Sanitary Ware Catalogue")
    assert meta(page, "description") and meta(page, "og:title") and meta(page, "og:type")
    assert page.xpath("//link[@rel='canonical']/@href")[0].startswith(f"{PUBLIC_BASE_URL}/")
    assert len(page.xpath("//h1")) == 1
    assert page.xpath("//a[@class='skip-link']/@href") == ["#main"]
    assert page.xpath("//main[@id='main']")
    assert all(image.get("alt") for image in page.xpath("//img"))
    for field in page.xpath("//input[not(@type='hidden')] | //select"):
        assert page.xpath("//label[@for=$id]", id=field.get("id")), field.get("name")
    # Under the pages' CSP only the site's own files run: nothing inline (JSON-LD is data that
    # browsers never run).
    inline = "//script[not(@src) and not(@type='application/ld+json')] | //style | //*[@style]"
    assert not page.xpath(inline)
    assert not page.xpath("//@*[starts-with(name(), 'on')]")


def test_pages_get_the_site_policy_and_the_api_keeps_its_own(visitor):
    policy = visitor.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "connect-src 'self'" in policy and "form-action 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    api = visitor.get("/api/v1/products").headers["Content-Security-Policy"]
    assert api.startswith("default-src 'none'") and "script-src" not in api


def test_static_files_have_versioned_urls_and_are_cached_for_a_year(visitor):
    page = parse(visitor.get("/"))
    for url in page.xpath("//link[@rel='stylesheet']/@href | //script/@src"):
        assert "?v=" in url
        response = static_file(visitor, url)
        assert response.status_code == 200
        cache = response.cache_control
        assert cache.public and cache.max_age == ONE_YEAR and cache.immutable
        again = static_file(visitor, url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


def test_browsers_get_a_404_page_in_the_site_style_while_the_api_keeps_problems(visitor, site):
    page = visitor.get("/no/such/page")
    assert page.status_code == 404 and page.mimetype == "text/html"
    document = parse(page)
    assert text(document.xpath("//h1")[0]) == "We can't find that page"
    assert document.xpath("//link[@rel='stylesheet']")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    api = visitor.get("/api/v1/products/no-such-faucet")
    assert api.status_code == 404 and api.mimetype == "application/problem+json"
    curl = site.test_client().get("/no/such/page", headers={"Accept": "*/*"})
    assert curl.status_code == 404 and curl.mimetype == "application/problem+json"


def test_a_crash_shows_the_500_page_without_a_traceback(visitor, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("secret connection string")

    monkeypatch.setattr(catalogue_pages, "category_tree", broken)
    response = visitor.get("/")
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert text(parse(response).xpath("//h1")[0]) == "Something went wrong on our side"
    assert b"secret connection string" not in response.data
    assert b"Traceback" not in response.data


def test_pages_and_their_files_come_compressed_when_the_browser_accepts_it(visitor):
    import brotli

    plain = visitor.get("/")
    page = visitor.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    assert brotli.decompress(page.data) == plain.data
    shown = parse(plain)
    for asset in (
        shown.xpath("//link[@rel='stylesheet']/@href")[0],
        shown.xpath("//script[@src]/@src")[0],
    ):
        packed = visitor.get(asset, headers={"Accept-Encoding": "br"})
        assert packed.headers["Content-Encoding"] == "br", asset
        unpacked = visitor.get(asset)
        assert brotli.decompress(packed.get_data()) == unpacked.get_data()
        packed.close()
        unpacked.close()


@pytest.mark.parametrize("path", ["/news/atom.xml", "/news/feed.xml", "/sitemaps/products-1.xml"])
def test_compressed_feeds_and_sitemaps_keep_their_etags(visitor, path):
    import brotli

    plain = visitor.get(path)
    packed = visitor.get(path, headers={"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.data) == plain.data
    again = visitor.get(
        path, headers={"Accept-Encoding": "br", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.headers["ETag"] == packed.headers["ETag"]
