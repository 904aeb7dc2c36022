"""Search-log stories: a small catalogue and newsroom from the domains' own fixtures."""

import pytest
from sqlalchemy import select

from core.extensions import db
from insights.models import SearchClick, SearchLogEntry, SearchLogGap
from insights.services import flush
from tests.catalog.conftest import make_product, taxonomy, variant  # noqa: F401  (fixtures)
from tests.console.conftest import (  # noqa: F401  (fixtures)
    chromium,
    console_server,
    editor_console,
    staff,
    tabs,
)


@pytest.fixture
def faucets(make_product):  # noqa: F811  (the imported fixture)
    """Two published faucets shoppers search for."""
    return [
        make_product(name="Gunmetal Bridge Kitchen Faucet"),
        make_product(
            name="Chrome Basin Mixer Tap",
            category="kitchen-single-lever",
            variants=[variant("CBM-1", "chrome", "99.00")],
        ),
    ]


def logged(app) -> tuple[list[SearchLogEntry], list[SearchClick], list[SearchLogGap]]:
    """Write what the app's searches queued, then read the log back (oldest first)."""
    with app.app_context():
        flush()
        searches = db.session.scalars(select(SearchLogEntry).order_by(SearchLogEntry.searched_at))
        clicks = db.session.scalars(select(SearchClick).order_by(SearchClick.id))
        gaps = db.session.scalars(select(SearchLogGap))
        found = list(searches), list(clicks), list(gaps)
        db.session.expunge_all()
    return found
