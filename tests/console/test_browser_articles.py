"""An editor writes, previews and schedules an article in a real browser."""

import re
from datetime import UTC, datetime, timedelta

from core.auth.models import Role
from tests.conftest import EDITOR_PASSWORD, create_user
from tests.console.browser import BROWSER_MARKS, expect, shot, sign_in

pytestmark = BROWSER_MARKS
EDITOR = "eddie@example.com"


def test_an_editor_writes_previews_and_schedules_an_article(app, make_product, tabs, client):
    create_user(app, EDITOR, EDITOR_PASSWORD, Role.EDITOR, "Eddie Editor")
    make_product()
    tab = tabs()
    sign_in(tab, EDITOR, EDITOR_PASSWORD)
    tab.get_by_role("link", name="Articles", exact=True).click()
    shot(tab, "articles")
    tab.get_by_role("link", name=re.compile("new article", re.IGNORECASE)).click()
    tab.get_by_role("textbox", name="Title", exact=True).fill(
        "Rare-earth quotas and the price of brass fittings"
    )
    tab.get_by_role("textbox", name="Summary", exact=True).fill(
        "What export quotas mean for faucet makers."
    )
    tab.get_by_role("textbox", name="Body", exact=True).fill(
        "China's **export quotas** reach further than magnets.\n\n- Brass\n- Ceramics"
    )
    tab.get_by_label("Tags").fill("Rare earths, Trade")
    tab.get_by_label("Linked products").fill("heritage-twin-handle-kitchen-faucet")
    tab.get_by_role("button", name="Preview the body").click()
    preview = tab.locator("#body-preview")
    expect(preview.locator("strong")).to_have_text("export quotas")
    expect(preview.locator("li")).to_have_count(2)
    expect(tab.get_by_role("textbox", name="Title", exact=True)).to_have_value(
        "Rare-earth quotas and the price of brass fittings"
    )
    shot(tab, "article-new-preview")

    tab.get_by_role("button", name="Save draft").click()
    expect(tab.get_by_role("status")).to_contain_text("Rare-earth quotas")
    shot(tab, "article-edit")
    tab.get_by_role("link", name="Preview", exact=True).click()
    expect(tab.get_by_role("note")).to_be_visible()
    expect(tab.locator("h1")).to_have_text("Rare-earth quotas and the price of brass fittings")
    shot(tab, "article-preview")
    tab.go_back()

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT09:00")
    tab.get_by_label("Publish at (UTC)").fill(tomorrow)
    tab.get_by_role("button", name="Schedule").click()
    expect(tab.get_by_role("status")).to_contain_text("scheduled")
    slug = "rare-earth-quotas-and-the-price-of-brass-fittings"
    assert client.get(f"/api/v1/articles/{slug}").status_code == 404
    tab.get_by_role("link", name="History").click()
    expect(tab.locator(".history > li").first).to_contain_text(EDITOR)
    shot(tab, "article-history")
