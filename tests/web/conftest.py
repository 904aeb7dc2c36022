"""The demo site, loaded once for every page test here; the tests only read it.

Tests in this folder use `site` and `visitor`, never the root `app` fixture: that one empties
every table after each test, which would wipe the demo content the other tests share.
"""

import pytest

from app import create_app
from core.extensions import db
from search import service as search_service
from tests.conftest import _test_config, emptied_after
from tests.web.browser import chromium, page, server  # noqa: F401  (fixtures for browser stories)

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="package")
def site(_schema, tmp_path_factory):
    """The app serving the demo catalogue and newsroom (`flask demo load`)."""
    config = _test_config(_schema, tmp_path_factory.mktemp("site"))
    # Loading without draining after every commit, then indexing once, is several times faster.
    loader = create_app({**config, "SEARCH_DRAIN_ON_COMMIT": False})
    result = loader.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with loader.app_context():
        search_service.reindex()
        db.engine.dispose()
    with emptied_after(create_app(config)) as app:
        yield app


@pytest.fixture
def visitor(site):
    """A test client that asks for pages the way a browser does."""
    client = site.test_client()
    client.environ_base["HTTP_ACCEPT"] = BROWSER_ACCEPT
    return client
