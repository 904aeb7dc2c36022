"""Operators probe liveness and readiness, and follow each request through the logs by its id."""

import json
import re

import pytest

from core import health
from core.auth import services as auth_services
from tests.conftest import ADMIN_PASSWORD


def test_the_probes_say_alive_and_ready(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["status"] == "ready"
    assert ready.json["checks"]["database"] == "ok"


def test_readiness_names_the_part_that_is_not_ready(app, client, monkeypatch):
    checks = app.extensions[health.CHECKS]
    monkeypatch.setitem(checks, "search index", lambda: "the index cannot be opened")

    def broken_outbox():
        raise OSError("disk gone")

    monkeypatch.setitem(checks, "search outbox", broken_outbox)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.json["detail"] == "Not ready: search index, search outbox."
    assert response.json["errors"] == {
        "search index": ["the index cannot be opened"],
        "search outbox": ["failed (OSError)"],
    }
    assert client.get("/healthz").status_code == 200


def test_readiness_fails_when_the_database_is_unreachable(make_app, tmp_path):
    unreachable = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'nowhere.db'}")
    response = unreachable.test_client().get("/readyz")
    assert response.status_code == 503
    # Checks that read the database (the search outbox's) fail with it.
    assert response.json["errors"]["database"] == ["failed (OperationalError)"]


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [(None, False), ("checkout-7f3a", True), ("has spaces", False), ("x" * 200, False)],
)
def test_each_response_carries_a_request_id(client, sent, echoed):
    headers = {"X-Request-ID": sent} if sent else {}
    request_id = client.get("/api/v1/brands", headers=headers).headers["X-Request-ID"]
    if echoed:
        assert request_id == sent
    else:
        assert re.fullmatch(r"[0-9a-f]{32}", request_id)


def json_log_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_one_json_line_per_request_with_its_id_status_and_duration(make_app, capsys):
    client = make_app(LOG_FORMAT="json").test_client()
    capsys.readouterr()
    response = client.get("/api/v1/brands?page=1", headers={"X-Request-ID": "trace-123"})
    lines = [line for line in json_log_lines(capsys.readouterr().err) if "status" in line]
    assert len(lines) == 1
    line = lines[0]
    assert (line["request_id"], line["method"], line["path"], line["status"]) == (
        "trace-123",
        "GET",
        "/api/v1/brands",
        response.status_code,
    )
    assert line["duration_ms"] >= 0 and line["level"] == "INFO"


def test_errors_are_logged_with_the_request_id_but_never_credentials_or_bodies(
    make_app, admin_token, capsys, monkeypatch
):
    client = make_app(LOG_FORMAT="json").test_client()
    secret_password = "hunter2 is my very long password"

    def crash(*args, **kwargs):
        raise RuntimeError("the user store fell over")

    monkeypatch.setattr(auth_services, "create_user", crash)
    capsys.readouterr()
    failed = client.post(
        "/api/v1/users",
        json={"email": "new@example.com", "password": secret_password, "role": "editor"},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    wrong_login = client.post(
        "/api/v1/auth/tokens", json={"email": "admin@example.com", "password": secret_password}
    )
    login = client.post(
        "/api/v1/auth/tokens", json={"email": "admin@example.com", "password": ADMIN_PASSWORD}
    )
    output = capsys.readouterr().err
    assert failed.status_code == 500 and wrong_login.status_code == 401
    for secret in (secret_password, ADMIN_PASSWORD, admin_token, login.json["token"]):
        assert secret not in output
    errors = [line for line in json_log_lines(output) if line["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == failed.headers["X-Request-ID"]
    assert "the user store fell over" in errors[0]["exception"]
