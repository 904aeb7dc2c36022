"""Admins and editors get bearer tokens, lose them on revocation, and are held to their roles."""

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from core import clock
from tests.conftest import ADMIN_PASSWORD


def test_an_admin_exchanges_credentials_for_a_token_and_revokes_it(client, admin_token):
    headers = {"Authorization": f"Bearer {admin_token}"}
    assert client.get("/api/v1/auth/me", headers=headers).json["email"] == "admin@example.com"

    assert client.delete("/api/v1/auth/tokens/current", headers=headers).status_code == 204

    response = client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert "revoked" in response.json["detail"]


def test_wrong_password_and_unknown_email_get_the_same_answer(client, admin_token):
    wrong = client.post(
        "/api/v1/auth/tokens", json={"email": "admin@example.com", "password": "nope nope nope"}
    )
    unknown = client.post(
        "/api/v1/auth/tokens", json={"email": "ghost@example.com", "password": ADMIN_PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json


def test_an_expired_token_is_refused(client, admin_token, set_clock):
    set_clock(clock.utcnow() + timedelta(hours=13))
    headers = {"Authorization": f"Bearer {admin_token}"}
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_no_token_is_401_and_the_wrong_role_is_403(client, editor):
    assert client.get("/api/v1/users").status_code == 401
    response = client.get("/api/v1/users", headers=editor)
    assert response.status_code == 403
    assert response.json["type"] == "/problems/forbidden"


def test_an_admin_creates_an_editor_who_can_then_log_in(client, admin):
    response = client.post(
        "/api/v1/users",
        json={"email": "New@Example.com", "password": "a long password!", "role": "editor"},
        headers=admin,
    )
    assert response.status_code == 201
    assert response.json["email"] == "new@example.com"
    assert "password" not in response.json
    login = client.post(
        "/api/v1/auth/tokens", json={"email": "new@example.com", "password": "a long password!"}
    )
    assert login.status_code == 201


def test_the_last_active_admin_cannot_demote_or_deactivate_themselves(client, admin):
    me = client.get("/api/v1/auth/me", headers=admin).json
    for change in (
        {"role": "editor"},
        {"is_active": False},
        {"role": "editor", "is_active": False},
    ):
        refused = client.patch(f"/api/v1/users/{me['id']}", json=change, headers=admin)
        assert refused.status_code == 409
        assert refused.content_type == "application/problem+json"
        assert refused.json["type"] == "/problems/last-admin"
        assert "last active admin" in refused.json["detail"]
    still = client.get("/api/v1/auth/me", headers=admin)
    assert still.status_code == 200
    assert (still.json["role"], still.json["is_active"]) == ("admin", True)


def test_with_a_second_admin_one_may_step_down_but_then_the_other_may_not(client, admin):
    colleague = {"email": "bea@example.com", "password": "bea's long password"}
    created = client.post("/api/v1/users", json={**colleague, "role": "admin"}, headers=admin)
    assert created.status_code == 201
    login = client.post("/api/v1/auth/tokens", json=colleague)
    bea = {"Authorization": f"Bearer {login.json['token']}"}
    bea_id = login.json["user"]["id"]
    ada_id = client.get("/api/v1/auth/me", headers=admin).json["id"]

    stepped_down = client.patch(f"/api/v1/users/{ada_id}", json={"role": "editor"}, headers=admin)
    assert stepped_down.status_code == 200
    assert stepped_down.json["role"] == "editor"

    refused = client.patch(f"/api/v1/users/{bea_id}", json={"is_active": False}, headers=bea)
    assert refused.status_code == 409
    assert refused.json["type"] == "/problems/last-admin"
    assert client.get("/api/v1/users", headers=bea).status_code == 200


def test_a_change_that_changes_nothing_is_refused(client, admin):
    me = client.get("/api/v1/auth/me", headers=admin).json
    response = client.patch(f"/api/v1/users/{me['id']}", json={}, headers=admin)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.json["type"] == "/problems/nothing-to-change"
    assert "changes nothing" in response.json["detail"]


def test_a_write_with_a_made_up_token_is_refused_before_its_body_is_read(client):
    made_up = {"Authorization": f"Bearer {secrets.token_urlsafe(32)}"}
    bodies = {
        "nested too deep": b"[" * 100 + b"]" * 100,
        "over the size limit": b'{"name": "' + b"x" * (2 * 1024 * 1024) + b'"}',
        "cut short": b'{"name": ',
    }
    for what, body in bodies.items():
        response = client.post(
            "/api/v1/brands", data=body, content_type="application/json", headers=made_up
        )
        assert response.status_code == 401, what
        assert response.content_type == "application/problem+json"
        assert response.json["type"] == "/problems/unauthorised"
        assert response.headers["WWW-Authenticate"] == "Bearer"
    not_json = client.post("/api/v1/brands", data="name=x", headers=made_up)
    assert not_json.status_code == 401


def test_two_admins_stepping_down_at_once_leave_one_admin(client, admin, make_app):
    colleague = {"email": "bea@example.com", "password": "bea's long password"}
    client.post("/api/v1/users", json={**colleague, "role": "admin"}, headers=admin)
    bea = client.post("/api/v1/auth/tokens", json=colleague).json
    ada_id = client.get("/api/v1/auth/me", headers=admin).json["id"]
    steps = [
        (ada_id, admin),
        (bea["user"]["id"], {"Authorization": f"Bearer {bea['token']}"}),
    ]
    apps = [make_app(), make_app()]  # two workers, each with its own connections
    start = threading.Barrier(len(steps))

    def step_down(index: int) -> int:
        user_id, headers = steps[index]
        own_client = apps[index].test_client()
        start.wait()
        change = {"role": "editor"}
        return own_client.patch(
            f"/api/v1/users/{user_id}", json=change, headers=headers
        ).status_code

    with ThreadPoolExecutor(max_workers=len(steps)) as pool:
        statuses = sorted(pool.map(step_down, range(len(steps))))
    assert statuses == [200, 409]
    roles = [client.get("/api/v1/auth/me", headers=headers).json["role"] for _, headers in steps]
    assert sorted(roles) == ["admin", "editor"]
