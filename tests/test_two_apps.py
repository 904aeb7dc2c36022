"""Two apps in one process keep to themselves: their settings, registries, hooks and API document.

Each app here has its own SQLite database, so what one writes can be looked for in the other.
"""

import copy

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

import core
from app import create_app
from catalog.models import Brand, Product
from catalog.revision import current_revision
from core.api import api_of
from core.audit.models import AuditEntry
from core.auth import services as auth_services
from core.auth.models import Role
from core.extensions import db
from search import service
from search.outbox import SearchOutbox
from tests.catalog.conftest import BASE_PRODUCT, TAXONOMY
from tests.conftest import ADMIN_PASSWORD


def settings(tmp_path, name: str) -> dict:
    """Settings of an app called `name` with its own database, index and public address."""
    folder = tmp_path / name
    folder.mkdir()
    return {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{folder / 'catalogue.db'}",
        "SECRET_KEY": f"secret of {name}",
        "PUBLIC_BASE_URL": f"https://{name}.example",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 1024,
        "SEARCH_INDEX_DIR": str(folder / "search-index"),
        "RATELIMIT_ENABLED": False,
    }


def migrated(app: Flask) -> Flask:
    """`app` with its database built by the migrations."""
    with app.app_context():
        upgrade()
    return app


def admin_headers(app: Flask) -> dict[str, str]:
    """Sign an admin in on `app` and return the authorization headers."""
    with app.app_context():
        auth_services.create_user("admin@example.com", ADMIN_PASSWORD, Role.ADMIN, "Ada")
    response = app.test_client().post(
        "/api/v1/auth/tokens", json={"email": "admin@example.com", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 201, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def counts(app: Flask) -> dict[str, int]:
    """How many products, brands, outbox rows and audit entries `app`'s database holds."""
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Product, Brand, SearchOutbox, AuditEntry)
        } | {"revision": current_revision()}


def add_product(client, headers: dict[str, str]) -> dict:
    """Create the test taxonomy and one product through `client`; returns the product."""
    for section, entries in TAXONOMY.items():
        for entry in entries:
            response = client.post(f"/api/v1/{section}", json=entry, headers=headers)
            assert response.status_code == 201, response.json
    created = client.post("/api/v1/products", json=copy.deepcopy(BASE_PRODUCT), headers=headers)
    assert created.status_code == 201, created.json
    return created.json


@pytest.fixture
def two_apps(tmp_path):
    """Two complete apps built side by side with different settings."""
    first = migrated(create_app(settings(tmp_path, "first")))
    second = migrated(create_app({**settings(tmp_path, "second"), "SEARCH_DRAIN_ON_COMMIT": False}))
    yield first, second
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


def test_each_app_keeps_its_own_settings_and_api_document(two_apps):
    first, second = two_apps
    assert first.config["PUBLIC_BASE_URL"] == "https://first.example"
    assert second.config["PUBLIC_BASE_URL"] == "https://second.example"
    assert api_of(first) is not api_of(second)
    assert first.extensions["search"] is not second.extensions["search"]
    for app in two_apps:
        document = app.test_client().get("/api/openapi.json").json
        assert "/api/v1/products" in document["paths"]
        assert "/api/v1/search" in document["paths"]


def test_a_write_in_one_app_is_indexed_audited_and_counted_there_only(two_apps):
    first, second = two_apps
    before = counts(second)
    headers = admin_headers(first)
    # The second app's context stays pushed while the first app serves the requests: hooks
    # follow the app that is serving, not whichever app was built or pushed last.
    with second.app_context():
        created = add_product(first.test_client(), headers)

    written = counts(first)
    assert written["Product"] == 1
    assert written["Brand"] == len(TAXONOMY["brands"])
    assert written["AuditEntry"] > len(TAXONOMY["brands"])
    assert written["revision"] > 0
    # Indexed at once after the commit, as the first app's settings say.
    assert written["SearchOutbox"] == 0
    with first.app_context():
        found = service.search(BASE_PRODUCT["name"])
        made = db.session.scalar(select(Product.id).where(Product.slug == created["slug"]))
    assert [(hit.type, hit.id) for hit in found.hits] == [("product", made)]

    assert counts(second) == before
    with second.app_context():
        service.reindex()
        assert service.search(BASE_PRODUCT["name"]).total == 0


def test_the_second_app_keeps_its_own_drain_setting(two_apps):
    first, second = two_apps
    add_product(second.test_client(), admin_headers(second))
    # SEARCH_DRAIN_ON_COMMIT is off in the second app only: its change waits in the outbox.
    assert counts(second)["SearchOutbox"] > 0
    assert counts(first) == {
        "Product": 0,
        "Brand": 0,
        "SearchOutbox": 0,
        "AuditEntry": 0,
        "revision": 0,
    }


def test_a_kernel_only_app_runs_none_of_the_domains_hooks(two_apps, tmp_path):
    first, _ = two_apps
    kernel = Flask("kernel_only")
    core.init_app(
        kernel, {**settings(tmp_path, "kernel"), "DATABASE_URL": first.config["DATABASE_URL"]}
    )
    with kernel.app_context():
        db.session.add(Brand(slug="kernel-made", name="Kernel Made"))
        db.session.commit()
    after = counts(first)
    # The brand is there, but no revision moved and no outbox row was queued: those hooks
    # belong to the catalogue and search, which this app does not have.
    assert after["Brand"] == 1
    assert after["revision"] == 0
    assert after["SearchOutbox"] == 0
    ready = kernel.test_client().get("/readyz").json
    assert ready["checks"] == {"database": "ok"}
    assert "/api/v1/products" not in kernel.test_client().get("/api/openapi.json").json["paths"]
    assert "search index" in first.test_client().get("/readyz").json["checks"]
    assert "demo" in kernel.cli.commands
    assert "generate" not in kernel.cli.commands["demo"].commands
    assert "generate" in first.cli.commands["demo"].commands
