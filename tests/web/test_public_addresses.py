"""Links meant for other sites (canonical addresses, feeds) name the site's configured address,
whatever Host a request claims to be for."""

from urllib.parse import urlsplit

import feedparser
import pytest

from tests.conftest import PUBLIC_BASE_URL
from tests.web.pages import PAGE_TYPES, meta, parse

CLAIMED_HOST = "evil.example"
FEEDS = ("/news/feed.xml", "/news/atom.xml", "/news/feed.xml?tag=rare-earths")


@pytest.mark.parametrize("url", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_a_page_asked_for_under_another_host_is_canonical_on_the_sites_address(visitor, url):
    response = visitor.get(url, headers={"Host": CLAIMED_HOST})
    page = parse(response)
    canonical = page.xpath("//link[@rel='canonical']/@href")
    assert len(canonical) == 1 and canonical[0].startswith(f"{PUBLIC_BASE_URL}/")
    assert meta(page, "og:url") == canonical[0]
    assert CLAIMED_HOST not in response.text


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_asked_for_under_another_host_links_to_the_sites_address(visitor, url):
    response = visitor.get(url, headers={"Host": CLAIMED_HOST})
    assert response.status_code == 200
    assert CLAIMED_HOST not in response.text
    feed = feedparser.parse(response.data)
    assert feed.entries
    links = [link.href for link in feed.feed.links]
    links += [link.href for entry in feed.entries for link in entry.links]
    assert f"{PUBLIC_BASE_URL}{url}" in links  # the feed's own address
    assert all(link.startswith(f"{PUBLIC_BASE_URL}/") for link in links), links
    host = urlsplit(PUBLIC_BASE_URL).hostname
    assert all(entry.id.startswith(f"tag:{host},") for entry in feed.entries)
