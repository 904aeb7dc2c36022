"""Each host's mirror of the PostgreSQL backend: a host answers from it only once it holds the
database's latest version (it applies what it lacks first), and from the database whenever it
cannot (too far behind, its lock busy, no mirror yet), so a host never answers behind the
database; a mirror built for another feed, or behind a pruned change log, is rebuilt."""

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from core.extensions import db
from search.pg import feed
from search.pg.keeper import MirrorKeeper
from search.pg.mirror import read_applied
from search.pg.models import SearchChange, SearchVersion
from search.registry import document_type, document_types
from tests.conftest import needs_postgresql
from tests.search.test_shared_index import create, found

pytestmark = [
    pytest.mark.postgres,
    needs_postgresql,
    pytest.mark.parametrize("search_backend", ["postgres"]),
]


@pytest.fixture
def other_host(make_app, tmp_path):
    """A second app host on the same database, with its own local mirror directory."""

    def make(**settings):
        return make_app(SEARCH_INDEX_DIR=str(tmp_path / "other-host"), **settings)

    return make


def database_version(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(SearchVersion.version).where(SearchVersion.doc_type == "product")
        )


def mirrored_version(app) -> int | None:
    """The product version this host's mirror holds (None: no mirror)."""
    directory = Path(app.config["SEARCH_INDEX_DIR"]) / "mirror" / "product"
    applied = read_applied(directory.resolve()) if directory.exists() else None
    return None if applied is None else applied.version


def forget_every_entry(app) -> None:
    """Empty the database's entries behind the change log's back: only a mirror finds anything."""
    with app.app_context():
        db.session.execute(text("DELETE FROM search_entries"))
        db.session.commit()


def rename(client, editor, slug: str, name: str) -> None:
    response = client.patch(
        f"/api/v1/products/{slug}", json={"name": name}, headers={**editor, "If-Match": "*"}
    )
    assert response.status_code == 200, response.json


def test_another_host_answers_from_its_mirror_once_it_has_applied_each_change(
    app, client, editor, taxonomy, other_host
):
    other = other_host()
    create(client, editor, "Quillon Basin Mixer", "QB-1")
    assert found(other.test_client(), "quillon") == {"quillon-basin-mixer"}
    assert mirrored_version(other) == database_version(app)

    rename(client, editor, "quillon-basin-mixer", "Farrow Basin Mixer")
    create(client, editor, "Tessel Kitchen Tap", "TK-1")
    removed = client.delete(
        "/api/v1/products/tessel-kitchen-tap", headers={**editor, "If-Match": "*"}
    )
    assert removed.status_code == 204
    reader = other.test_client()
    assert found(reader, "farrow") == {"quillon-basin-mixer"}  # applied before answering
    assert found(reader, "quillon") == set()
    assert found(reader, "tessel") == set()  # archived: gone from the public's results
    assert mirrored_version(other) == database_version(app)

    # The oracle that the mirror answered: with the database's entries gone (and no change
    # logged), the mirror still finds the product, while the database alone finds nothing.
    forget_every_entry(app)
    assert found(reader, "farrow") == {"quillon-basin-mixer"}
    without_mirror = other_host(SEARCH_MIRROR=False).test_client()
    assert found(without_mirror, "farrow") == set()


def test_too_many_changes_are_answered_by_the_database_until_the_keeper_applies_them(
    app, client, editor, taxonomy, other_host
):
    other = other_host(SEARCH_MIRROR_CATCH_UP_MAX=1)
    create(client, editor, "Quillon Basin Mixer", "QB-1")
    reader = other.test_client()
    assert found(reader, "quillon") == {"quillon-basin-mixer"}
    built = mirrored_version(other)
    create(client, editor, "Farrow Basin Mixer", "FB-1")
    create(client, editor, "Tessel Basin Mixer", "TB-1")
    expected = {"quillon-basin-mixer", "farrow-basin-mixer", "tessel-basin-mixer"}
    assert found(reader, "basin") == expected  # by the database: two changes are too many
    assert mirrored_version(other) == built
    mirror = other.extensions["search"].mirror
    with other.app_context():
        mirror.keep_up(document_type("product"))  # the keeper's round
    assert mirrored_version(other) == database_version(app)
    forget_every_entry(app)
    assert found(reader, "basin") == expected  # now by the mirror


def test_a_search_waiting_on_a_busy_mirror_asks_the_database(
    app, client, editor, taxonomy, other_host, monkeypatch
):
    other = other_host()
    create(client, editor, "Quillon Basin Mixer", "QB-1")
    reader = other.test_client()
    assert found(reader, "quillon") == {"quillon-basin-mixer"}
    monkeypatch.setattr("search.pg.mirror.CATCH_UP_WAIT", 0.05)
    mirror = other.extensions["search"].mirror
    with other.app_context():
        product = document_type("product")
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with mirror.store.writing(product, 1.0):
            holding.set()
            release.wait(5)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        holding.wait(5)
        rename(client, editor, "quillon-basin-mixer", "Farrow Basin Mixer")
        assert found(reader, "farrow") == {"quillon-basin-mixer"}  # by the database
    finally:
        release.set()
        holder.join()
    assert mirrored_version(other) < database_version(app)
    assert found(reader, "farrow") == {"quillon-basin-mixer"}
    assert mirrored_version(other) == database_version(app)


def test_a_mirror_of_another_feed_or_behind_a_pruned_log_is_rebuilt(
    app, client, editor, taxonomy, other_host, runner
):
    other = other_host()
    create(client, editor, "Quillon Basin Mixer", "QB-1")
    reader = other.test_client()
    assert found(reader, "quillon") == {"quillon-basin-mixer"}
    directory = (Path(other.config["SEARCH_INDEX_DIR"]) / "mirror" / "product").resolve()

    # The change log is pruned past the mirror's version: it cannot catch up, so it rebuilds.
    rename(client, editor, "quillon-basin-mixer", "Farrow Basin Mixer")
    with app.app_context():
        with db.session.begin():
            assert feed.prune(db.session.connection(), "product", kept=0) > 0
    assert found(reader, "farrow") == {"quillon-basin-mixer"}
    rebuilt = (Path(other.config["SEARCH_INDEX_DIR"]) / "mirror" / "product").resolve()
    assert rebuilt != directory

    # The versions start again (tables emptied, entries rebuilt): another feed, so a rebuild.
    with app.app_context():
        db.session.execute(text("DELETE FROM search_versions"))
        db.session.commit()
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    forget_every_entry(app)  # the rebuilt mirror must come from the domain's tables
    assert found(reader, "farrow") == {"quillon-basin-mixer"}
    assert mirrored_version(other) == database_version(app)
    assert (Path(other.config["SEARCH_INDEX_DIR"]) / "mirror" / "product").resolve() != rebuilt


def test_a_large_type_s_mirror_is_built_by_the_keeper_and_readyz_says_so_meanwhile(
    app, client, editor, taxonomy, other_host, monkeypatch
):
    monkeypatch.setattr("search.pg.mirror.INLINE_BUILD_MAX", 0)  # too large to build inline
    create(client, editor, "Quillon Basin Mixer", "QB-1")
    other = other_host()
    reader = other.test_client()
    assert found(reader, "quillon") == {"quillon-basin-mixer"}  # by the database
    assert mirrored_version(other) is None
    ready = reader.get("/readyz").json
    assert ready["status"] == "degraded"
    assert "search mirror of product" in ready["checks"]["search mirror"]
    with other.app_context():
        for kind in document_types():  # the keeper's round
            other.extensions["search"].mirror.keep_up(kind)
    assert mirrored_version(other) == database_version(app)
    assert reader.get("/readyz").json["status"] == "ready"
    forget_every_entry(app)
    assert found(reader, "quillon") == {"quillon-basin-mixer"}  # by the mirror


def test_the_keeper_thread_builds_the_mirror_and_prunes_the_change_log(
    app, client, editor, taxonomy, other_host, monkeypatch
):
    monkeypatch.setattr("search.pg.mirror.INLINE_BUILD_MAX", 0)  # only the keeper builds
    monkeypatch.setattr("search.pg.feed.KEPT_CHANGES", 1)
    create(client, editor, "Quillon Basin Mixer", "QB-1")
    create(client, editor, "Farrow Basin Mixer", "FB-1")
    other = other_host()
    keeper = MirrorKeeper(other, other.extensions["search"].mirror, 0.05)
    try:
        deadline = time.monotonic() + 20
        while mirrored_version(other) != database_version(app) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        assert keeper.stop(timeout=10)
    assert mirrored_version(other) == database_version(app)
    with app.app_context():
        kept = db.session.scalars(
            select(SearchChange.version).where(SearchChange.doc_type == "product")
        ).all()
    assert kept == [database_version(app)]  # only the latest version's row is left
    forget_every_entry(app)
    assert found(other.test_client(), "basin") == {"quillon-basin-mixer", "farrow-basin-mixer"}


def test_verify_compares_this_host_s_mirror_and_repair_fixes_every_host(
    app, client, editor, taxonomy, other_host
):
    create(client, editor, "Quillon Basin Mixer", "QB-1")
    other = other_host()
    reader = other.test_client()
    assert found(reader, "quillon") == {"quillon-basin-mixer"}
    mirror = other.extensions["search"].mirror
    with other.app_context():
        product = document_type("product")
        key = db.session.scalar(text("SELECT id FROM products"))
    with mirror.store.writing(product, 1.0) as batch:  # the mirror loses it, nothing logged
        batch.put(key, None)
    assert found(reader, "quillon") == set()
    runner = other.test_cli_runner()
    drifting = runner.invoke(args=["search", "verify", "--type", "product"])
    assert drifting.exit_code == 1
    assert "product: 1 missing, 0 stale, 0 extra" in drifting.output
    repaired = runner.invoke(args=["search", "verify", "--repair", "--type", "product"])
    assert repaired.exit_code == 0, repaired.output
    assert "product: 0 missing, 0 stale, 0 extra" in repaired.output
    assert found(reader, "quillon") == {"quillon-basin-mixer"}


def test_a_host_whose_mirror_cannot_be_written_answers_from_the_database(
    app, client, editor, taxonomy, make_app, tmp_path, caplog
):
    blocked = tmp_path / "blocked-host"
    blocked.mkdir()
    (blocked / "mirror").write_text("not a directory")  # the mirror cannot be made here
    other = make_app(SEARCH_INDEX_DIR=str(blocked))
    create(client, editor, "Quillon Basin Mixer", "QB-1")
    reader = other.test_client()
    for _ in range(2):
        assert found(reader, "quillon") == {"quillon-basin-mixer"}  # by the database
    said = [record for record in caplog.records if "mirror cannot be brought up" in record.message]
    assert len(said) == 1  # once, not once per search
    ready = reader.get("/readyz").json
    assert ready["status"] == "degraded"
    assert "search mirror cannot be used" in ready["checks"]["search mirror"]
