"""The console in the system Chromium: marks, signing in and screenshots (fixtures: conftest)."""

import pytest

from tests.web.browser import CHROMIUM, SCREENSHOTS

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[dev]'"
)
expect = playwright_api.expect
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: install the Debian package (.ci/run does)",
    ),
]


def sign_in(tab, email: str, password: str) -> None:
    """Sign in through the form, as a person does."""
    tab.goto("/admin")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("button", name="Sign out")).to_be_visible()


def shot(tab, name: str) -> None:
    """A full-page screenshot of a console page, kept with the test artifacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"console-{name}.png"), full_page=True)
