"""A write request indexes its own documents before answering, and nobody else's.

What it leaves behind (a fan-out beyond SEARCH_COMMIT_INDEX_MAX, a busy or unwritable index)
the worker's background drainer or `flask search worker` indexes soon after.
"""

import gc

from sqlalchemy import select, text

from catalog.models import Product
from core.extensions import db
from search.outbox import SearchOutbox
from search.registry import declared_type
from tests.search.conftest import names
from tests.search.indexing import background_drainer, product_index_dir, read_only, wait_until

JENOR_PUBLIC = {
    "Heritage Twin-Handle Kitchen Faucet",
    "Dual Lever Gun Metal Mixer Tap",
    "Arden Pull-Down Kitchen Faucet",
}
SLOW_POLL = 30.0  # a drainer interval no test waits for: only a wake-up explains prompt indexing


def pending(app) -> list[tuple[str, int]]:
    """The outbox rows waiting to be indexed, as (type, document id)."""
    with app.app_context():
        rows = db.session.execute(select(SearchOutbox.doc_type, SearchOutbox.doc_id)).all()
    return sorted(tuple(row) for row in rows)


def product_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Product.id).where(Product.slug == slug))


def rename_jenor(client, editor):
    write = {**editor, "If-Match": "*"}
    response = client.patch("/api/v1/brands/jenor", json={"name": "Bluewater Works"}, headers=write)
    assert response.status_code == 200, response.json


def test_a_product_is_searchable_as_soon_as_its_write_is_answered(
    app, client, editor, search, make_product
):
    created = make_product(name="Quokka Basin Mixer")
    assert names(search(q="quokka")) == ["Quokka Basin Mixer"]
    renamed = client.patch(
        f"/api/v1/products/{created['slug']}",
        json={"name": "Wombat Basin Mixer"},
        headers={**editor, "If-Match": "*"},
    )
    assert renamed.status_code == 200
    assert names(search(q="wombat")) == ["Wombat Basin Mixer"]
    assert search(q="quokka").json["meta"]["total"] == 0
    assert pending(app) == []


def test_a_write_indexes_its_own_product_and_leaves_what_others_queued(
    app, client, editor, search, catalogue, runner
):
    other = product_id(app, catalogue["melange"]["slug"])
    with app.app_context():
        # Another worker's change, committed but not yet indexed (raw SQL: no drain of its own).
        db.session.execute(
            text("UPDATE products SET name = 'Foreign Name' WHERE id = :id"), {"id": other}
        )
        db.session.add(SearchOutbox(doc_type="product", doc_id=other))
        db.session.commit()
    response = client.patch(
        f"/api/v1/products/{catalogue['heritage']['slug']}",
        json={"name": "Own Name Faucet"},
        headers={**editor, "If-Match": "*"},
    )
    assert response.status_code == 200
    assert names(search(q="own name")) == ["Own Name Faucet"]
    assert search(q="foreign").json["meta"]["total"] == 0
    assert pending(app) == [("product", other)]

    result = runner.invoke(args=["search", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "indexed 1 change(s)" in result.output
    assert names(search(q="foreign")) == ["Foreign Name"]
    assert pending(app) == []


def test_a_fan_out_beyond_the_bound_answers_first_and_the_worker_indexes_it(
    app, client, editor, search, catalogue, runner
):
    app.extensions["search"].commit_index_max = 5  # Jenor makes six products (three public)
    rename_jenor(client, editor)
    assert len(names(search(q="bluewater"))) < len(JENOR_PUBLIC)
    assert len(pending(app)) == 6

    result = runner.invoke(args=["search", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert set(names(search(q="bluewater"))) == JENOR_PUBLIC
    assert pending(app) == []


def test_the_background_drainer_picks_up_a_large_fan_out_at_once(
    app, client, editor, search, catalogue
):
    app.extensions["search"].commit_index_max = 5
    with background_drainer(app, interval=SLOW_POLL):
        rename_jenor(client, editor)
        wait_until(lambda: len(names(search(q="bluewater"))) == 3, 5, "indexing the fan-out")
    assert set(names(search(q="bluewater"))) == JENOR_PUBLIC
    assert pending(app) == []


def test_a_write_that_finds_the_index_busy_is_indexed_soon_after_it_frees(
    app, client, editor, search, catalogue
):
    store = app.extensions["search"].store
    with background_drainer(app, interval=SLOW_POLL):
        with store.writing(declared_type(app, "product"), timeout=1):  # as another process would
            response = client.patch(
                f"/api/v1/products/{catalogue['heritage']['slug']}",
                json={"name": "Patient Faucet"},
                headers={**editor, "If-Match": "*"},
            )
            assert response.status_code == 200
            assert search(q="patient").json["meta"]["total"] == 0
        wait_until(lambda: names(search(q="patient")) == ["Patient Faucet"], 5, "indexing")
    assert pending(app) == []


def test_a_write_that_met_an_unwritable_index_leaves_its_lock_to_the_next_indexer(
    app, client, editor, search, make_product, runner
):
    slug = make_product()["slug"]
    gc.disable()  # else a leaked lock could go whenever the collector happens to run
    try:
        with read_only(product_index_dir(app)):
            response = client.patch(
                f"/api/v1/products/{slug}",
                json={"name": "Sealed Faucet"},
                headers={**editor, "If-Match": "*"},
            )
            assert response.status_code == 200
        result = runner.invoke(args=["search", "worker", "--once"])  # waits 5 s for the lock
    finally:
        gc.enable()
    assert result.exit_code == 0, result.output
    assert "indexed 1 change(s)" in result.output
    assert names(search(q="sealed")) == ["Sealed Faucet"]
