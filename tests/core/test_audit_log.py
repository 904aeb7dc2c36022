"""Admins can tell who changed a listing, a user or a token, when, and from what to what."""

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from catalog.models import Brand
from core.audit.models import AuditEntry
from core.extensions import db
from tests.catalog.conftest import variant
from tests.conftest import EDITOR_PASSWORD, if_match_now

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_a_products_history_shows_each_edit_with_its_author_and_changes(
    client, make_product, editor
):
    slug = make_product()["slug"]
    url = f"/api/v1/products/{slug}"
    edit = client.patch(
        url,
        json={
            "brand": "aquaverde",
            "certifications": ["nsf-ansi-61", "wras"],
            "variants": [variant("HER-CH", "chrome", "199.00", 12)],
        },
        headers=if_match_now(client, url, editor),
    )
    assert edit.status_code == 200
    assert client.delete(url, headers=if_match_now(client, url, editor)).status_code == 204

    history = client.get(f"{url}/history", headers=editor).json
    archived, edited, created = history["items"]
    assert [e["action"] for e in history["items"]] == ["archive", "update", "create"]
    assert {e["actor"] for e in history["items"]} == {"editor@example.com"}
    assert archived["changes"] == {"status": {"from": "published", "to": "archived"}}
    assert edited["request_id"] == edit.headers["X-Request-ID"]
    assert edited["changes"]["brand"] == {"from": "jenor", "to": "aquaverde"}
    assert edited["changes"]["certifications"] == {
        "from": ["nsf-ansi-61"],
        "to": ["nsf-ansi-61", "wras"],
    }
    assert edited["changes"]["variants[HER-CH].price"] == {"from": "189.00", "to": "199.00"}
    assert edited["changes"]["variants[HER-GM]"]["to"] is None
    assert edited["changes"]["variants[HER-GM]"]["from"]["price"] == "219.50"
    assert created["changes"]["name"]["to"] == "Heritage Twin-Handle Kitchen Faucet"
    assert created["changes"]["variants[HER-CH]"]["to"]["finish"] == "chrome"
    assert "description_html" not in created["changes"]
    assert created["object_label"] == slug


def test_history_is_for_staff_only(client, make_product, editor):
    slug = make_product()["slug"]
    assert client.get(f"/api/v1/products/{slug}/history").status_code == 401
    assert client.get("/api/v1/products/no-such-thing/history", headers=editor).status_code == 404


def test_terms_are_audited_up_to_their_destruction(client, editor, admin):
    client.post("/api/v1/brands", json={"name": "Jenor", "slug": "jenor"}, headers=editor)
    url = "/api/v1/brands/jenor"
    client.patch(url, json={"country": "CN"}, headers=if_match_now(client, url, editor))
    client.delete(url, headers=if_match_now(client, url, editor))
    client.delete(f"{url}?hard=true", headers=if_match_now(client, url, admin))

    log = client.get("/api/v1/audit?object_type=brand", headers=admin).json["items"]
    assert [(e["action"], e["actor"]) for e in log] == [
        ("delete", "admin@example.com"),
        ("archive", "editor@example.com"),
        ("update", "editor@example.com"),
        ("create", "editor@example.com"),
    ]
    assert log[2]["changes"] == {"country": {"from": None, "to": "CN"}}
    assert log[0]["changes"]["name"] == {"from": "Jenor", "to": None}


def test_user_and_token_changes_are_audited_without_their_secrets(client, admin, runner):
    created = client.post(
        "/api/v1/users",
        json={"email": "new@example.com", "password": "a long password!", "role": "editor"},
        headers=admin,
    ).json
    login = client.post(
        "/api/v1/auth/tokens", json={"email": "new@example.com", "password": "a long password!"}
    ).json
    client.patch(
        f"/api/v1/users/{created['id']}",
        json={"password": "another long one", "is_active": False},
        headers=admin,
    )
    runner.invoke(args=["users", "create", "--email", "ops@example.com", "--password", "x" * 12])

    users = client.get("/api/v1/audit?object_type=user", headers=admin).json["items"]
    assert [(e["action"], e["object_label"], e["actor"]) for e in users] == [
        ("create", "ops@example.com", None),
        ("deactivate", "new@example.com", "admin@example.com"),
        ("create", "new@example.com", "admin@example.com"),
        ("create", "admin@example.com", None),
    ]
    assert users[1]["changes"]["password_hash"] == {"from": "(secret)", "to": "(secret)"}
    tokens = client.get("/api/v1/audit?object_type=api_token", headers=admin).json["items"]
    assert [(e["action"], e["actor"]) for e in tokens][:2] == [
        ("revoke", "admin@example.com"),
        ("create", "new@example.com"),
    ]
    everything = json.dumps(client.get("/api/v1/audit?per_page=100", headers=admin).json)
    for secret in ("a long password!", "another long one", login["token"], "$argon2"):
        assert secret not in everything


def test_the_log_is_for_admins_and_filters_by_object_user_action_and_time(
    client, admin, editor, set_clock
):
    set_clock(NOW)
    client.post("/api/v1/brands", json={"name": "Early", "slug": "early"}, headers=editor)
    set_clock(NOW + timedelta(hours=2))
    client.post("/api/v1/brands", json={"name": "Late", "slug": "late"}, headers=admin)
    client.post("/api/v1/finishes", json={"name": "Chrome", "slug": "chrome"}, headers=editor)
    editor_id = client.get("/api/v1/auth/me", headers=editor).json["id"]

    def labels(query):
        response = client.get(f"/api/v1/audit?object_type=brand&{query}", headers=admin)
        assert response.status_code == 200, response.json
        return [entry["object_label"] for entry in response.json["items"]]

    assert labels(f"user_id={editor_id}") == ["early"]
    assert labels("since=2026-06-01T13:00:00Z") == ["late"]
    assert labels("until=2026-06-01T13:00:00%2B00:00") == ["early"]
    assert labels("action=create&per_page=1&page=2") == ["early"]
    late = client.get("/api/v1/audit?object_type=brand&action=create", headers=admin).json
    assert labels(f"object_id={late['items'][0]['object_id']}") == ["late"]
    page = client.get("/api/v1/audit?per_page=2", headers=admin).json
    assert page["meta"]["per_page"] == 2 and page["meta"]["total"] >= 5
    assert client.get("/api/v1/audit", headers=editor).status_code == 403
    assert client.get("/api/v1/audit").status_code == 401
    assert client.get("/api/v1/audit?since=yesterday", headers=admin).status_code == 422


def test_an_entry_lives_and_dies_with_its_transaction(app, client, editor):
    client.post("/api/v1/brands", json={"name": "Jenor", "slug": "jenor"}, headers=editor)
    with app.app_context():
        entries = db.session.scalar(select(func.count(AuditEntry.id)))
        brand = db.session.scalar(select(Brand).where(Brand.slug == "jenor"))
        brand.name = "Renamed"
        db.session.flush()
        assert db.session.scalar(select(func.count(AuditEntry.id))) == entries + 1
        db.session.rollback()
        assert db.session.scalar(select(func.count(AuditEntry.id))) == entries
        assert EDITOR_PASSWORD not in json.dumps(
            [entry.changes for entry in db.session.scalars(select(AuditEntry))]
        )
