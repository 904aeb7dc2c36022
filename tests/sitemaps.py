"""Reading the site's sitemaps the way the tests need them: each location and its lastmod."""

import lxml.etree

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client, path: str) -> list[tuple[str, str | None]]:
    """Each `<loc>` of the sitemap (or sitemap index) at `path`, with its `<lastmod>` if any."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/xml"
    root = lxml.etree.fromstring(response.data)
    entries = []
    for entry in root:
        lastmod = entry.find(f"{SITEMAP}lastmod")
        entries.append(
            (entry.find(f"{SITEMAP}loc").text, None if lastmod is None else lastmod.text)
        )
    return entries
