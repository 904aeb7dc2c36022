"""Tokens die at expiry, on revocation and with their password; logins give nothing away."""

import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.auth.models import Role, User
from core.extensions import db
from tests.conftest import ADMIN_PASSWORD, EDITOR_PASSWORD, create_user

NOW = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
BRAND = {"name": "Aquaverde"}


def login(client, email: str, password: str):
    return client.post("/api/v1/auth/tokens", json={"email": email, "password": password})


def test_a_token_works_until_its_expiry_and_not_a_second_after(client, app, set_clock):
    set_clock(NOW)
    create_user(app, "ed@example.com", EDITOR_PASSWORD, Role.EDITOR, "Ed")
    issued = login(client, "ed@example.com", EDITOR_PASSWORD).json
    assert issued["expires_at"].startswith("2026-07-01T20:00:00")
    headers = {"Authorization": f"Bearer {issued['token']}"}
    set_clock(NOW + timedelta(hours=11, minutes=59))
    assert client.post("/api/v1/brands", json=BRAND, headers=headers).status_code == 201
    set_clock(NOW + timedelta(hours=12))
    expired = client.post("/api/v1/brands", json={"name": "Late"}, headers=headers)
    assert expired.status_code == 401
    assert expired.content_type == "application/problem+json"
    assert expired.headers["WWW-Authenticate"] == "Bearer"


def test_revoked_tokens_and_tokens_of_deactivated_users_are_refused(client, admin, editor):
    assert client.delete("/api/v1/auth/tokens/current", headers=editor).status_code == 204
    assert client.post("/api/v1/brands", json=BRAND, headers=editor).status_code == 401
    token = login(client, "editor@example.com", EDITOR_PASSWORD).json["token"]
    fresh = {"Authorization": f"Bearer {token}"}
    editor_id = client.get("/api/v1/auth/me", headers=fresh).json["id"]
    client.patch(f"/api/v1/users/{editor_id}", json={"is_active": False}, headers=admin)
    assert client.get("/api/v1/auth/me", headers=fresh).status_code == 401
    assert login(client, "editor@example.com", EDITOR_PASSWORD).status_code == 401


def test_raising_the_argon2_cost_rehashes_a_password_at_its_next_login(make_app, admin_token):
    def stored_hash(app) -> str:
        with app.app_context():
            return db.session.scalar(select(User.password_hash).where(User.role == "admin"))

    stronger = make_app(ARGON2_TIME_COST=2, ARGON2_MEMORY_KIB=2048)
    before = stored_hash(stronger)
    assert "m=1024,t=1" in before
    assert login(stronger.test_client(), "admin@example.com", ADMIN_PASSWORD).status_code == 201
    after = stored_hash(stronger)
    assert "m=2048,t=2" in after and after != before
    assert login(stronger.test_client(), "admin@example.com", ADMIN_PASSWORD).status_code == 201
    assert stored_hash(stronger) == after


@pytest.mark.parametrize("hash_at_current_cost", [True, False])
def test_unknown_emails_and_wrong_passwords_look_and_take_the_same(
    make_app, admin_token, hash_at_current_cost
):
    # A real hashing cost, so that skipping the hash for unknown emails would stand out.
    client = make_app(ARGON2_TIME_COST=2, ARGON2_MEMORY_KIB=8192).test_client()
    if hash_at_current_cost:
        assert login(client, "admin@example.com", ADMIN_PASSWORD).status_code == 201
    attempts = {
        "wrong password": ("admin@example.com", "not the password at all"),
        "unknown email": ("nobody@example.com", ADMIN_PASSWORD),
    }
    timings: dict[str, list[float]] = {name: [] for name in attempts}
    answers = set()
    for round_number in range(8):
        for name, (email, password) in attempts.items():
            started = time.perf_counter()
            response = login(client, email, password)
            if round_number:  # the first round warms caches
                timings[name].append(time.perf_counter() - started)
            answers.add((response.status_code, response.data))
    assert len(answers) == 1
    wrong, unknown = (statistics.median(timings[name]) for name in attempts)
    assert 0.5 < unknown / wrong < 2, timings


def bearer(response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_an_admin_who_changes_their_password_signs_out_their_other_sessions(client, admin):
    laptop = admin
    phone = bearer(login(client, "admin@example.com", ADMIN_PASSWORD))
    me = client.get("/api/v1/auth/me", headers=laptop).json["id"]
    new_password = "a brand new passphrase"
    changed = client.patch(f"/api/v1/users/{me}", json={"password": new_password}, headers=laptop)
    assert changed.status_code == 200

    assert client.get("/api/v1/auth/me", headers=phone).status_code == 401
    assert client.post("/api/v1/brands", json=BRAND, headers=phone).status_code == 401
    assert client.get("/api/v1/auth/me", headers=laptop).status_code == 200
    assert login(client, "admin@example.com", ADMIN_PASSWORD).status_code == 401
    assert login(client, "admin@example.com", new_password).status_code == 201


def test_a_password_reset_by_an_admin_signs_the_user_out_everywhere(client, admin, editor):
    second = bearer(login(client, "editor@example.com", EDITOR_PASSWORD))
    editor_id = client.get("/api/v1/auth/me", headers=editor).json["id"]
    reset = client.patch(
        f"/api/v1/users/{editor_id}", json={"password": "reset by the admin"}, headers=admin
    )
    assert reset.status_code == 200
    for headers in (editor, second):
        assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
        assert client.post("/api/v1/brands", json=BRAND, headers=headers).status_code == 401
    assert client.get("/api/v1/auth/me", headers=admin).status_code == 200
    assert login(client, "editor@example.com", "reset by the admin").status_code == 201


def test_an_editor_who_changes_their_own_password_signs_out_their_other_sessions(client, editor):
    phone = bearer(login(client, "editor@example.com", EDITOR_PASSWORD))
    new_password = "my own new passphrase"

    wrong = client.post(
        "/api/v1/auth/password",
        json={"current_password": "not my password", "new_password": new_password},
        headers=editor,
    )
    assert wrong.status_code == 422
    assert wrong.json["errors"] == {"current_password": ["Not correct."]}
    assert client.get("/api/v1/auth/me", headers=phone).status_code == 200

    changed = client.post(
        "/api/v1/auth/password",
        json={"current_password": EDITOR_PASSWORD, "new_password": new_password},
        headers=editor,
    )
    assert changed.status_code == 204
    assert client.get("/api/v1/auth/me", headers=phone).status_code == 401
    assert client.get("/api/v1/auth/me", headers=editor).status_code == 200
    assert login(client, "editor@example.com", EDITOR_PASSWORD).status_code == 401
    assert login(client, "editor@example.com", new_password).status_code == 201
