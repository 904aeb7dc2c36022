"""Operators see from /readyz when search cannot open its index or has fallen behind."""

from pathlib import Path

from core.extensions import db
from search.outbox import SearchOutbox


def test_a_working_search_engine_is_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {
        "database": "ok",
        "search index": "ok",
        "search outbox": "ok",
    }


def test_an_index_directory_that_cannot_be_opened_makes_the_app_unready(app, client):
    Path(app.config["SEARCH_INDEX_DIR"]).write_text("a file where the index should be")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    assert response.json["detail"] == "Not ready: search index."
    assert list(response.json["errors"]) == ["search index"]


def test_a_backlog_over_the_threshold_makes_the_app_unready_until_it_drains(app, client):
    app.config["SEARCH_OUTBOX_READY_MAX"] = 2
    with app.app_context():
        db.session.add_all(SearchOutbox(doc_type="product", doc_id=i) for i in (1, 2))
        db.session.commit()
    assert client.get("/readyz").status_code == 200

    with app.app_context():
        db.session.add(SearchOutbox(doc_type="product", doc_id=3))
        db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["errors"] == {"search outbox": ["more than 2 changes wait to be indexed"]}
