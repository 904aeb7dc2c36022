"""The PostgreSQL backend's own promises: entries written in the writer's transaction (none for
one rolled back), verify and repair, rebuilds when the format changes, caches told of every
change, hostile queries answered at bounded cost, and a clear refusal where it cannot run."""

import time

import pytest
from sqlalchemy import func, select, text, update

from app import create_app
from core.extensions import db
from search.listings import listing_state
from search.pg.models import SearchEntry, SearchVersion, SearchWord
from tests.conftest import BACKEND_SETTINGS, needs_postgresql
from tests.search.conftest import names
from tests.search.indexing import (
    drift_behind_the_index,
    phantom_product,
    verify_finds_and_repair_fixes_the_drift,
)

pytestmark = [pytest.mark.postgres, needs_postgresql]
# Writes, verify and reindex are the same with or without a mirror; what is read is not.
WRITES = pytest.mark.parametrize("search_backend", ["postgres"])
READS = pytest.mark.parametrize("search_backend", ["postgres", "postgres-database"])


def entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SearchEntry)) or 0


@WRITES
def test_a_rolled_back_transaction_writes_no_entry(app, search, catalogue, runner):
    before = entries(app)
    with app.app_context():
        phantom_product()
        db.session.flush()
        db.session.rollback()
    assert entries(app) == before
    assert search(q="phantom").json["meta"]["total"] == 0
    assert runner.invoke(args=["search", "verify"]).exit_code == 0


@READS
def test_entries_and_words_follow_every_write_in_the_same_transaction(
    app, client, editor, search, catalogue
):
    slug = catalogue["melange"]["slug"]
    renamed = client.patch(
        f"/api/v1/products/{slug}",
        json={"name": "Quillon Basin Mixer"},
        headers={**editor, "If-Match": "*"},
    )
    assert renamed.status_code == 200
    with app.app_context():
        words = set(db.session.scalars(select(SearchWord.word)))
    assert "quillon" in words
    assert names(search(q="quillon")) == ["Quillon Basin Mixer"]
    assert search(q="qillon").json["suggestion"] == "quillon"  # a typo of a new public word
    completions = client.get("/api/v1/search/suggest", query_string={"q": "quil"}).json
    assert completions["items"] == ["quillon"]


@WRITES
def test_verify_reports_drift_and_repair_fixes_it(app, search, catalogue, runner):
    with app.app_context():
        missing = drift_behind_the_index(catalogue)
        db.session.execute(
            text("DELETE FROM search_entries WHERE doc_type = 'product' AND doc_id = :id"),
            {"id": missing},
        )
        db.session.commit()
    verify_finds_and_repair_fixes_the_drift(runner, search)


@WRITES
def test_reindex_if_outdated_rebuilds_only_entries_another_format_wrote(app, catalogue, runner):
    first = runner.invoke(args=["search", "reindex", "--if-outdated"])
    assert "product: 7 document(s) indexed" in first.output  # never rebuilt before
    again = runner.invoke(args=["search", "reindex", "--if-outdated"])
    assert again.exit_code == 0 and "product:" not in again.output
    with app.app_context():
        db.session.execute(
            update(SearchVersion).where(SearchVersion.doc_type == "product").values(format="0")
        )
        db.session.commit()
    stale = runner.invoke(args=["search", "reindex", "--if-outdated"])
    assert "product: 7 document(s) indexed" in stale.output
    assert "article:" not in stale.output


@WRITES
def test_every_committed_change_moves_the_state_caches_key_on(app, client, editor, catalogue):
    def state():
        with app.test_request_context():
            return listing_state(["product"])

    before = state()
    assert state() == before
    slug = catalogue["heritage"]["slug"]
    patched = client.patch(
        f"/api/v1/products/{slug}", json={"summary": "New"}, headers={**editor, "If-Match": "*"}
    )
    assert patched.status_code == 200
    assert state() != before


HOSTILE = [
    "a & b | !c",
    "'quoted' <-> :* !!",
    "faucet:*",
    "\\' OR 1=1 --",
    "x" * 200,
    " ".join(f"word{n}x" for n in range(40))[:200],  # more clauses than are matched
    " ".join(f"AB-{n:04d}-CD" for n in range(30))[:200],  # more codes than are looked up
    '"unbalanced quote',
    "ünïcödé ﬁnish ❤",
]


@READS
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_plain_words_at_bounded_cost(search, catalogue, query):
    started = time.perf_counter()
    found = search(q=query)
    assert found.status_code == 200, found.json
    assert time.perf_counter() - started < 2.0
    suggested = search(path="/api/v1/search/suggest", q=query[:100])
    assert suggested.status_code == 200


@WRITES
def test_the_backend_refuses_to_start_where_it_cannot_run(tmp_path, search_backend):
    sqlite = {"DATABASE_URL": f"sqlite:///{tmp_path / 'one.db'}", "SECRET_KEY": "x"}
    with pytest.raises(RuntimeError, match="needs a PostgreSQL DATABASE_URL"):
        create_app({**sqlite, **BACKEND_SETTINGS[search_backend]})
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND must be one of"):
        create_app({**sqlite, "SEARCH_BACKEND": "elastic"})


@READS
def test_readiness_reports_the_database_search_and_the_mirror_if_any(client, search_backend):
    ready = client.get("/readyz").json
    assert ready["status"] == "ready"
    mirror = {"search mirror": "ok"} if search_backend == "postgres" else {}
    assert ready["checks"] == {"database": "ok", "search index": "ok", **mirror}
