"""Console stories: staff accounts, a small catalogue (from the catalogue's own fixtures)."""

import pytest

from core.auth.models import Role
from tests.catalog.conftest import make_product, taxonomy  # noqa: F401  (fixtures)
from tests.conftest import ADMIN_PASSWORD, EDITOR_PASSWORD, create_user
from tests.console.console import Console
from tests.web import browser

chromium = browser.chromium  # the system Chromium, one per module (a fixture)
ADMIN_EMAIL = "ada@example.com"
EDITOR_EMAIL = "eddie@example.com"


@pytest.fixture
def staff(app):
    """An admin and an editor who can sign in to the console."""
    create_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    create_user(app, EDITOR_EMAIL, EDITOR_PASSWORD, Role.EDITOR, "Eddie Editor")


@pytest.fixture
def admin_console(app, staff) -> Console:
    """The admin, signed in to the console in a browser of their own."""
    console = Console(app.test_client())
    console.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    return console


@pytest.fixture
def editor_console(app, staff) -> Console:
    """The editor, signed in to the console in a browser of their own."""
    console = Console(app.test_client())
    console.sign_in(EDITOR_EMAIL, EDITOR_PASSWORD)
    return console


@pytest.fixture
def console_server(app):
    """The test app (its tables emptied after the test) over HTTP on a free loopback port."""
    with browser.served(app) as address:
        yield address


@pytest.fixture
def tabs(chromium, console_server):
    """Opens browser tabs, each in a context of its own (its own cookies): one person each;
    `options` go to the browser context (java_script_enabled, viewport …).

    The test fails if a script breaks or the Content-Security-Policy refuses anything.
    """
    problems: list[str] = []
    opened = []

    def open_one(**options):
        tab = browser.open_tab(chromium, console_server, problems, **options)
        opened.append(tab)
        return tab

    yield open_one
    for tab in opened:
        tab.context.close()
    assert problems == []


@pytest.fixture
def visitor_csp(app) -> str:
    """The Content-Security-Policy a shopper's page is served with."""
    return (
        app.test_client()
        .get("/", headers={"Accept": "text/html"})
        .headers["Content-Security-Policy"]
    )
