"""Console stories: staff accounts, a small catalogue (from the catalogue's own fixtures)."""

import pytest

from core.auth.models import Role
from tests.catalog.conftest import make_product, taxonomy  # noqa: F401  (fixtures)
from tests.conftest import ADMIN_PASSWORD, EDITOR_PASSWORD, create_user
from tests.console.console import Console

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
