"""Crawlers, password guessers and runaway scripts run out of budget; everyone else carries on."""

import secrets

import pytest

from app import create_app
from tests.conftest import ADMIN_PASSWORD, _test_config

OTHER_CLIENT = {"REMOTE_ADDR": "127.0.0.2"}


def limited_app(make_app, **limits):
    return make_app(RATELIMIT_ENABLED=True, **limits)


def assert_rate_limited(response) -> None:
    assert response.status_code == 429
    assert response.content_type == "application/problem+json"
    assert response.json["type"] == "/problems/rate-limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_a_password_guesser_is_stopped_but_other_addresses_may_still_log_in(make_app, admin):
    client = limited_app(make_app, RATELIMIT_LOGIN="3 per minute").test_client()
    guess = {"email": "admin@example.com", "password": "guess guess guess"}
    for _ in range(3):
        assert client.post("/api/v1/auth/tokens", json=guess).status_code == 401
    blocked = client.post(
        "/api/v1/auth/tokens", json={"email": "admin@example.com", "password": ADMIN_PASSWORD}
    )
    assert_rate_limited(blocked)
    elsewhere = client.post(
        "/api/v1/auth/tokens",
        json={"email": "admin@example.com", "password": ADMIN_PASSWORD},
        environ_base=OTHER_CLIENT,
    )
    assert elsewhere.status_code == 201


def test_guessing_the_current_password_through_a_stolen_token_spends_the_login_budget(
    make_app, admin
):
    client = limited_app(make_app, RATELIMIT_LOGIN="3 per minute").test_client()
    guess = {"current_password": "guess guess guess", "new_password": "a new passphrase"}
    for _ in range(3):
        assert client.post("/api/v1/auth/password", json=guess, headers=admin).status_code == 422
    assert_rate_limited(client.post("/api/v1/auth/password", json=guess, headers=admin))


def test_a_crawler_is_limited_per_address_and_health_probes_never_are(make_app):
    client = limited_app(make_app, RATELIMIT_READS="5 per minute").test_client()
    for _ in range(5):
        assert client.get("/api/v1/brands").status_code == 200
    assert_rate_limited(client.get("/api/v1/products"))
    assert client.get("/api/v1/brands", environ_base=OTHER_CLIENT).status_code == 200
    for _ in range(3):
        assert client.get("/healthz").status_code == 200


def test_full_text_queries_have_their_own_smaller_budget(make_app):
    client = limited_app(
        make_app, RATELIMIT_READS="50 per minute", RATELIMIT_SEARCH="2 per minute"
    ).test_client()
    for _ in range(2):
        assert client.get("/api/v1/search?q=tap").status_code == 200
    assert_rate_limited(client.get("/api/v1/products?q=gunmetal"))
    assert client.get("/api/v1/products").status_code == 200


def test_writes_are_counted_per_token(make_app, editor, admin, new_brand):
    client = limited_app(make_app, RATELIMIT_WRITES="2 per minute").test_client()
    for number in range(2):
        created = client.post("/api/v1/brands", json=new_brand(number), headers=editor)
        assert created.status_code == 201
    assert_rate_limited(client.post("/api/v1/brands", json=new_brand(2), headers=editor))
    assert client.post("/api/v1/brands", json=new_brand(3), headers=admin).status_code == 201
    assert client.get("/api/v1/brands", headers=editor).status_code == 200


def test_made_up_tokens_spend_the_address_budget_while_a_real_token_keeps_its_own(
    make_app, editor, new_brand
):
    client = limited_app(make_app, RATELIMIT_WRITES="3 per minute").test_client()
    statuses = []
    for number in range(6):
        made_up = {"Authorization": f"Bearer {secrets.token_urlsafe(32)}"}
        response = client.post("/api/v1/brands", json=new_brand(number), headers=made_up)
        statuses.append(response.status_code)
    assert statuses == [401, 401, 401, 429, 429, 429]
    assert_rate_limited(client.post("/api/v1/brands", json=new_brand(6)))
    assert client.post("/api/v1/brands", json=new_brand(7), headers=editor).status_code == 201


@pytest.fixture(params=["redis", "counters file"])
def shared_counters(request, tmp_path) -> dict[str, str]:
    """Settings that make app instances count in one place: Redis, or a SQLite counters file."""
    if request.param == "redis":
        return {
            "RATELIMIT_STORAGE_URI": request.getfixturevalue("redis_url"),
            "RATELIMIT_KEY_PREFIX": request.getfixturevalue("unique_prefix"),
        }
    return {"RATELIMIT_STORAGE_URI": f"sqlite:///{tmp_path / 'counters.sqlite'}"}


def test_two_app_instances_sharing_counters_share_one_budget(make_app, shared_counters):
    shared = {"RATELIMIT_READS": "4 per minute", **shared_counters}
    first = limited_app(make_app, **shared).test_client()
    second = limited_app(make_app, **shared).test_client()
    for client in (first, second, first, second):
        assert client.get("/api/v1/brands").status_code == 200
    assert_rate_limited(first.get("/api/v1/brands"))
    assert_rate_limited(second.get("/api/v1/brands"))
    assert first.get("/api/v1/brands", environ_base=OTHER_CLIENT).status_code == 200


def test_without_redis_each_app_instance_counts_alone(make_app):
    first = limited_app(make_app, RATELIMIT_READS="2 per minute").test_client()
    second = limited_app(make_app, RATELIMIT_READS="2 per minute").test_client()
    for client in (first, first, second, second):
        assert client.get("/api/v1/brands").status_code == 200


# Choosing where counters live is configuration: no server need answer at this address.
UNANSWERED_REDIS = "redis://127.0.0.1:1/0"


def test_the_environment_chooses_where_counters_live_and_the_budgets(
    _schema, tmp_path, monkeypatch
):
    monkeypatch.setenv("RATELIMIT_LOGIN", "2 per minute")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    production = {**_test_config(_schema, tmp_path), "APP_ENV": "production"}
    production.pop("RATELIMIT_ENABLED")
    # One process (no server saying otherwise) may keep its own counters, even in production.
    assert create_app(production).config["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv("REDIS_URL", UNANSWERED_REDIS)
    app = create_app(production)
    assert app.config["RATELIMIT_STORAGE_URI"] == UNANSWERED_REDIS
    assert app.config["RATELIMIT_LOGIN"] == "2 per minute"
    counters_file = f"sqlite:///{tmp_path / 'counters.sqlite'}"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", counters_file)
    assert create_app(production).config["RATELIMIT_STORAGE_URI"] == counters_file
