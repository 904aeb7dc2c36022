"""The dashboard: counts by status, the latest changes, and whether search keeps up."""

from tests.catalog.conftest import variant
from tests.console.console import text_of


def counts(page, card: str) -> dict[str, str]:
    section = page.xpath("//section[h2=$card]", card=card)[0]
    return {
        " ".join(row.xpath("./dt")[0].text_content().split()): " ".join(
            row.xpath("./dd")[0].text_content().split()
        )
        for row in section.xpath(".//dl/div")
    }


def test_counts_changes_and_search_health(editor_console, make_product, client, editor):
    make_product()
    make_product(name="Draft Faucet", status="draft", images=[], variants=[])
    make_product(
        name="Later Faucet",
        published_at="2099-01-01T00:00:00+00:00",
        images=[],
        variants=[variant("LTR-CH", "chrome", "150.00")],
    )
    page = editor_console.get("/admin").page
    assert counts(page, "Products") == {
        "Published": "1",
        "Scheduled": "1",
        "Draft": "1",
        "Archived": "0",
    }
    search = counts(page, "Search")
    assert search["Search index"] == "ok"
    assert search["Waiting to be indexed"].startswith("0")
    recent = page.xpath("//table[@class='list']//tr/td[3]")
    assert "create product later-faucet" in " ".join(recent[0].text_content().split())
    assert "editor@example.com" in text_of(page)
    # Each entry about a product links to its editor.
    assert page.xpath("//table[@class='list']//a/@href")[0].startswith("/admin/products/")
