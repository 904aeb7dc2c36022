"""Every console section in a real browser, with a screenshot of each page; editors and People."""

import re

from core.auth.models import Role
from tests.conftest import ADMIN_PASSWORD, EDITOR_PASSWORD, create_user
from tests.console.browser import BROWSER_MARKS, expect, shot, sign_in

pytestmark = BROWSER_MARKS
ADMIN, EDITOR = "ada@example.com", "eddie@example.com"


def test_an_admin_walks_through_terms_and_people(app, taxonomy, tabs):
    create_user(app, ADMIN, ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    tab = tabs()
    sign_in(tab, ADMIN, ADMIN_PASSWORD)

    tab.get_by_role("link", name="Terms", exact=True).click()
    expect(tab.locator("h1")).to_have_text("Terms")
    shot(tab, "terms")
    tab.goto("/admin/terms/categories")
    expect(tab.locator("main")).to_contain_text("Twin-handle")
    shot(tab, "term-categories")
    tab.get_by_role("link", name="Twin-handle", exact=True).click()
    tab.get_by_label("Parent").select_option("bathroom-faucets")
    tab.get_by_role("button", name="Save").click()
    expect(tab.get_by_role("status")).to_contain_text("Saved category Twin-handle.")
    shot(tab, "term-edit")
    tab.goto("/admin/terms/finishes")
    shot(tab, "term-finishes")

    tab.get_by_role("link", name="People", exact=True).click()
    shot(tab, "people")
    tab.get_by_role("link", name=re.compile("new", re.IGNORECASE)).first.click()
    tab.get_by_label("Email").fill(EDITOR)
    tab.get_by_label("Name", exact=True).fill("Eddie Editor")
    tab.get_by_label("Password again").fill(EDITOR_PASSWORD)
    tab.locator("#password").fill(EDITOR_PASSWORD)
    shot(tab, "person-new")
    tab.get_by_role("button", name=re.compile("create", re.IGNORECASE)).click()
    expect(tab.get_by_role("status")).to_be_visible()
    shot(tab, "person")


def test_an_editor_is_refused_the_people_section(app, tabs):
    create_user(app, EDITOR, EDITOR_PASSWORD, Role.EDITOR, "Eddie Editor")
    tab = tabs()
    sign_in(tab, EDITOR, EDITOR_PASSWORD)
    expect(tab.get_by_role("link", name="People", exact=True)).to_have_count(0)
    response = tab.goto("/admin/people")
    assert response.status == 403
    expect(tab.locator("h1")).to_have_text("Not for your role")
    shot(tab, "forbidden")
