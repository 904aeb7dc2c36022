"""A script that retries a POST with the same Idempotency-Key never creates a thing twice."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from catalog import services as catalog_services
from core import idempotency
from core.idempotency import IdempotencyKey

BRAND = {"name": "Aquaverde", "country": "IT"}
NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def post_brand(client, headers, key, body=BRAND, **kwargs):
    return client.post(
        "/api/v1/brands", json=body, headers={**headers, "Idempotency-Key": key}, **kwargs
    )


def brand_count(client) -> int:
    return client.get("/api/v1/brands").json["meta"]["total"]


def test_a_retry_replays_the_first_response_and_creates_nothing(client, editor):
    first = post_brand(client, editor, "create-aquaverde-1")
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    # The same JSON spelt differently is the same request.
    retry = client.post(
        "/api/v1/brands",
        data=json.dumps(BRAND, indent=4, sort_keys=True),
        content_type="application/json",
        headers={**editor, "Idempotency-Key": "create-aquaverde-1"},
    )
    assert retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json == first.json
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.headers["ETag"] == first.headers["ETag"]
    assert retry.content_type == "application/json"
    assert brand_count(client) == 1


def test_the_same_key_with_another_body_is_refused(client, editor):
    assert post_brand(client, editor, "key-1").status_code == 201
    reused = post_brand(client, editor, "key-1", body={**BRAND, "country": "FR"})
    assert reused.status_code == 422
    assert reused.content_type == "application/problem+json"
    assert reused.json["type"] == "/problems/idempotency-key-reused"
    assert brand_count(client) == 1


def test_keys_belong_to_their_user(client, editor, admin):
    assert post_brand(client, editor, "shared-key").status_code == 201
    other = post_brand(client, admin, "shared-key", body={"name": "Jenor"})
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other.headers
    assert brand_count(client) == 2


def test_keys_expire_after_a_day(client, editor, set_clock):
    set_clock(NOW)
    assert post_brand(client, editor, "daily").status_code == 201
    set_clock(NOW + timedelta(hours=23, minutes=59))
    assert post_brand(client, editor, "daily").headers["Idempotent-Replayed"] == "true"
    set_clock(NOW + timedelta(hours=24, seconds=1))
    fresh = post_brand(client, editor, "daily")
    assert fresh.status_code == 201
    assert "Idempotent-Replayed" not in fresh.headers
    assert brand_count(client) == 2


def test_a_retry_while_the_first_is_still_running_is_told_to_wait(client, app, editor, monkeypatch):
    release = threading.Event()
    create_term = catalog_services.create_term

    def slow_create_term(*args, **kwargs):
        release.wait(timeout=10)
        return create_term(*args, **kwargs)

    monkeypatch.setattr(catalog_services, "create_term", slow_create_term)
    first: dict = {}
    worker = threading.Thread(
        target=lambda: first.update(response=post_brand(app.test_client(), editor, "slow"))
    )
    worker.start()
    try:
        _wait_for_reservation(app)
        waiting = post_brand(client, editor, "slow")
        assert waiting.status_code == 409
        assert waiting.json["type"] == "/problems/idempotency-key-in-progress"
        assert waiting.headers["Retry-After"] == "1"
    finally:
        release.set()
        worker.join(timeout=10)
    assert first["response"].status_code == 201
    assert post_brand(client, editor, "slow").headers["Idempotent-Replayed"] == "true"
    assert brand_count(client) == 1


def test_the_loser_of_a_race_for_a_key_is_told_to_wait(client, app, editor, monkeypatch):
    # Both requests looked the key up before either reserved it; the unique key decides.
    assert post_brand(client, editor, "race").status_code == 201
    with app.app_context():
        idempotency.db.session.execute(
            IdempotencyKey.__table__.update().values(status=None, headers=None, body=None)
        )
        idempotency.db.session.commit()
    find = idempotency._find
    lookups = iter([None])
    monkeypatch.setattr(idempotency, "_find", lambda *args: next(lookups, None) or find(*args))
    loser = post_brand(client, editor, "race")
    assert loser.status_code == 409
    assert brand_count(client) == 1


def test_a_server_error_frees_the_key_for_a_retry(client, editor, monkeypatch):
    create_term = catalog_services.create_term

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(catalog_services, "create_term", broken)
    assert post_brand(client, editor, "flaky").status_code == 500
    monkeypatch.setattr(catalog_services, "create_term", create_term)
    retried = post_brand(client, editor, "flaky")
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried.headers


def test_odd_keys_are_refused_and_fresh_tokens_are_never_stored(client, app, editor):
    assert post_brand(client, editor, "bad key with spaces").status_code == 400
    assert post_brand(client, editor, "x" * 256).status_code == 400
    login = {"email": "editor@example.com", "password": "editor password 1234"}
    tokens = {
        client.post(
            "/api/v1/auth/tokens", json=login, headers={**headers, "Idempotency-Key": "login"}
        ).json["token"]
        for headers in ({}, {}, editor, editor)
    }
    assert len(tokens) == 4
    with app.app_context():
        assert idempotency.db.session.scalar(select(func.count(IdempotencyKey.id))) == 0


def _wait_for_reservation(app) -> None:
    deadline = time.monotonic() + 10
    with app.app_context():
        while not idempotency.db.session.scalar(select(func.count(IdempotencyKey.id))):
            assert time.monotonic() < deadline, "the first request never reserved its key"
            idempotency.db.session.rollback()
            time.sleep(0.02)
