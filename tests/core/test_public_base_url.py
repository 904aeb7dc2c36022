"""The site's public address comes from PUBLIC_BASE_URL; production will not start without one."""

import feedparser
import pytest

from app import create_app
from core.extensions import db
from tests.conftest import _test_config

NOT_A_SITE_ADDRESS = (
    "catalogue.example",
    "/news",
    "ftp://catalogue.example",
    "https://catalogue.example/?utm_source=feed",
    "https://catalogue.example/#top",
    "https://editor:secret@catalogue.example",
    "https://catalogue.example:99999",
)


@pytest.fixture
def settings(_schema, tmp_path, monkeypatch) -> dict:
    """The suite's settings without a public address, and none in the environment either."""
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    config = _test_config(_schema, tmp_path)
    config.pop("PUBLIC_BASE_URL")
    return config


def feed_links(app) -> set[str]:
    """The links the Atom feed of a fresh `app` gives feed readers."""
    try:
        response = app.test_client().get("/news/atom.xml")
    finally:
        with app.app_context():
            db.engine.dispose()
    assert response.status_code == 200, response.data
    return {link.href for link in feedparser.parse(response.data).feed.links}


def test_production_refuses_to_start_without_a_public_address(settings):
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL must be set in production"):
        create_app({**settings, "APP_ENV": "production"})


@pytest.mark.parametrize("address", NOT_A_SITE_ADDRESS)
def test_an_address_that_is_not_a_plain_http_url_is_refused(settings, address):
    for environment in ("development", "production"):
        with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL must be an absolute http"):
            create_app({**settings, "APP_ENV": environment, "PUBLIC_BASE_URL": address})


def test_development_links_to_where_make_run_serves(settings):
    assert feed_links(create_app(settings)) == {
        "http://127.0.0.1:5000/news/atom.xml",
        "http://127.0.0.1:5000/news",
    }


def test_an_address_from_the_environment_may_put_the_site_under_a_path(settings, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://trade.example.org/catalogue/")
    assert feed_links(create_app({**settings, "APP_ENV": "production"})) == {
        "https://trade.example.org/catalogue/news/atom.xml",
        "https://trade.example.org/catalogue/news",
    }
