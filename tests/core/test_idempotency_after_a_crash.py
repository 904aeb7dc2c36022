"""A worker killed between a write and its answer: the retry with the same key runs once."""

import http.client
import time

import pytest
from sqlalchemy import func, select

from core.auth.models import Role
from news.models import Article
from tests.conftest import ADMIN_PASSWORD, create_user
from tests.dying_app import DIE_HEADER
from tests.live_server import call, gunicorn_server, server_environment

pytestmark = pytest.mark.slow
ABANDON_SECONDS = 2
STORY = {"title": "Brass prices ease", "body": "Copper fell this week."}
PRODUCT_TERMS = {
    "brands": {"name": "Aquaverde", "slug": "aquaverde"},
    "categories": {"name": "Kitchen faucets", "slug": "kitchen-faucets"},
    "finishes": {"name": "Chrome", "slug": "chrome"},
}
PRODUCT = {
    "name": "Arc Single-Lever Faucet",
    "brand": "aquaverde",
    "category": "kitchen-faucets",
    "handle_type": "single",
    "mounting": "deck",
    "spout_type": "swivel",
    "variants": [
        {"sku": "ARC-CH", "finish": "chrome", "price": {"amount": "99.00", "currency": "USD"}}
    ],
}


@pytest.fixture
def served(app, database_url, tmp_path):
    """One gunicorn worker on the suite's database, whose worker dies when asked to."""
    create_user(app, "admin@example.com", ADMIN_PASSWORD, Role.ADMIN, "Ada Admin")
    environment = server_environment(
        database_url, tmp_path, 1, IDEMPOTENCY_ABANDON_SECONDS=str(ABANDON_SECONDS)
    )
    with gunicorn_server(
        environment, tmp_path / "gunicorn.log", application="tests.dying_app:app"
    ) as base:
        _, _, token = call(
            base,
            "POST",
            "/api/v1/auth/tokens",
            {"email": "admin@example.com", "password": ADMIN_PASSWORD},
        )
        yield base, {"Authorization": f"Bearer {token['token']}"}


def articles_stored(app) -> int:
    with app.app_context():
        from core.extensions import db

        return db.session.scalar(select(func.count()).select_from(Article))


def post_and_lose_the_worker(base, path, body, headers) -> None:
    """POST with a key; the worker dies after the view, so no answer comes back."""
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        call(base, "POST", path, body, {**headers, DIE_HEADER: "1"})


def retry_until_taken_over(base, path, body, headers) -> tuple[int, dict]:
    """Retry as a client would: told to wait while the dead request's key is held, then run."""
    deadline = time.monotonic() + 30
    while True:
        status, response_headers, answer = call(base, "POST", path, body, headers)
        if status != 409 or answer.get("type") != "/problems/idempotency-key-in-progress":
            return status, answer
        assert time.monotonic() < deadline, "the key was never released"
        time.sleep(float(response_headers["Retry-After"]))


def test_an_article_written_by_a_killed_worker_is_written_once_by_the_retry(app, served):
    base, admin = served
    keyed = {**admin, "Idempotency-Key": "brass-story-1"}

    post_and_lose_the_worker(base, "/api/v1/articles", STORY, keyed)
    assert articles_stored(app) == 0  # the write died with the worker that made it

    status, article = retry_until_taken_over(base, "/api/v1/articles", STORY, keyed)
    assert status == 201, article
    replay_status, replay_headers, replay = call(base, "POST", "/api/v1/articles", STORY, keyed)
    assert (replay_status, replay_headers["Idempotent-Replayed"]) == (201, "true")
    assert replay == article
    assert articles_stored(app) == 1


def test_a_product_retried_after_a_crash_is_created_not_refused_as_a_duplicate(app, served):
    base, admin = served
    for section, term in PRODUCT_TERMS.items():
        assert call(base, "POST", f"/api/v1/{section}", term, admin)[0] == 201
    keyed = {**admin, "Idempotency-Key": "arc-faucet-1"}

    post_and_lose_the_worker(base, "/api/v1/products", PRODUCT, keyed)
    status, product = retry_until_taken_over(base, "/api/v1/products", PRODUCT, keyed)

    assert status == 201, product
    assert product["slug"] == "arc-single-lever-faucet"
    _, _, listing = call(base, "GET", "/api/v1/products?status=draft", headers=admin)
    assert [item["slug"] for item in listing["items"]] == ["arc-single-lever-faucet"]
