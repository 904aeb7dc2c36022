"""Shoppers' and readers' searches are logged with what they asked and found, never who asked;
staff searches, suggest and plain browsing are not; a full queue or a refusing database costs
log rows (counted), never a search; old rows are pruned."""

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from app import create_app
from core.extensions import db
from insights.models import SearchLogEntry, SearchQueryDay
from insights.recording import EXTENSION
from tests.insights.conftest import logged

SHARED_SETTINGS = ("TESTING", "DATABASE_URL", "SECRET_KEY", "SEARCH_INDEX_DIR", "RATELIMIT_ENABLED")
SHOPPER = {
    "User-Agent": "Mozilla/5.0 (TestPhone) ShopperBrowser/9",
    "X-Forwarded-For": "203.0.113.9",
}


def test_shopper_searches_are_logged_with_what_they_found_and_nothing_about_who(
    app, client, editor, faucets
):
    api = client.get("/api/v1/search?q=Gunmetal%20%20FAUCET&type=product", headers=SHOPPER)
    assert api.status_code == 200 and api.json["search_id"]
    page = client.get("/search?q=basin+mixer", headers=SHOPPER)
    listing = client.get("/api/v1/products?q=kitchen&finish=chrome", headers=SHOPPER)
    articles = client.get("/api/v1/articles?q=quota", headers=SHOPPER)
    typo = client.get("/api/v1/search?q=gunmetl", headers=SHOPPER)
    for response in (page, listing, articles, typo):
        assert response.status_code == 200
    # Not a shopper's search: staff's, suggest-as-you-type, a listing without words.
    assert client.get("/api/v1/search?q=gunmetal", headers=editor).status_code == 200
    assert client.get("/api/v1/search/suggest?q=gunm").status_code == 200
    assert client.get("/api/v1/products?finish=chrome").status_code == 200

    searches, _, gaps = logged(app)
    assert [(row.query, row.source, row.types) for row in searches] == [
        ("gunmetal faucet", "api", "product"),
        ("basin mixer", "page", "product,article"),
        ("kitchen", "api", "product"),
        ("quota", "api", "article"),
        ("gunmetl", "api", "product,article"),
    ]
    first, _, third, fourth, fifth = searches
    assert str(first.id) == api.json["search_id"]
    assert first.results == api.json["meta"]["total"] > 0
    assert third.results == listing.json["meta"]["total"] and third.filters == {
        "finish": ["chrome"]
    }
    assert fourth.results == 0
    assert fifth.correction == typo.json["suggestion"] == "gunmetal"
    assert all(row.took_ms > 0 and row.page == 1 for row in searches)
    assert not gaps
    stored = " ".join(str(vars(row)) for row in searches)
    assert (
        "203.0.113" not in stored and "ShopperBrowser" not in stored and "127.0.0.1" not in stored
    )


def test_personal_details_typed_into_the_search_box_are_masked(app, client, faucets):
    text = "Call Jo on +44 20 7946 0958 or JO.Bloggs@Example.com about JNR-SX720"
    assert client.get("/api/v1/search", query_string={"q": text}).status_code == 200
    (row,), _, _ = logged(app)
    assert row.query == "call jo on [number] or [email] about jnr-sx720"


def test_an_opened_result_is_recorded_from_the_api_beacon_and_bad_reports_are_refused(
    app, client, faucets
):
    found = client.get("/api/v1/search?q=gunmetal&type=product").json
    first = found["items"][0]
    report = {"search_id": found["search_id"], "type": "product", "id": first["id"]}
    # As browsers send a link's ping: a `text/ping` body, ignored; the report is the address.
    pinged = client.post(
        "/api/v1/search/clicks",
        query_string={**report, "position": 1},
        data="PING",
        content_type="text/ping",
    )
    assert pinged.status_code == 204
    for wrong, field in [
        ({"type": "brand"}, "type"),
        ({"search_id": "12ab"}, "search_id"),
        ({"position": 0}, "position"),
        ({"id": -3}, "id"),
    ]:
        response = client.post(
            "/api/v1/search/clicks", query_string={**report, "position": 1, **wrong}
        )
        assert response.status_code == 422, response.json
        assert response.content_type == "application/problem+json"
        assert field in str(response.json["errors"])

    _, clicks, _ = logged(app)
    assert [(c.search_id, c.doc_type, c.doc_id, c.position) for c in clicks] == [
        (int(found["search_id"]), "product", first["id"], 1)
    ]


def test_a_full_queue_drops_and_counts_rows_and_every_search_still_answers(app, client, faucets):
    app.extensions[EXTENSION].limit = 2
    for word in ("gunmetal", "basin", "mixer", "kitchen"):
        assert client.get(f"/api/v1/search?q={word}").status_code == 200
    searches, _, gaps = logged(app)
    assert [row.query for row in searches] == ["gunmetal", "basin"]
    assert [(gap.day, gap.dropped) for gap in gaps] == [(datetime.now(UTC).date(), 2)]


def test_a_batch_the_database_refuses_is_counted_lost_and_the_search_answered(
    app, client, faucets, caplog
):
    found = client.get("/api/v1/search?q=gunmetal").json
    with app.app_context():  # a row that already holds the queued search's id: the batch fails
        row = {"id": int(found["search_id"]), "searched_at": datetime.now(UTC), "query": "x",
               "types": "product", "filters": {}, "page": 1, "results": 0, "took_ms": 1.0,
               "source": "api"}  # fmt: skip
        db.session.execute(insert(SearchLogEntry), [row])
        db.session.commit()
    with caplog.at_level(logging.WARNING, logger="insights.recording"):
        searches, _, gaps = logged(app)
    assert [row.query for row in searches] == ["x"] and not gaps
    assert "search log rows dropped" in caplog.text
    assert client.get("/api/v1/search?q=basin").status_code == 200
    searches, _, gaps = logged(app)  # the next batch is written, with the count of the lost one
    assert [row.query for row in searches] == ["x", "basin"]
    assert [gap.dropped for gap in gaps] == [1]


def test_prune_deletes_rows_past_the_retention_and_keeps_the_rest(app, client, faucets):
    for word in ("gunmetal", "basin"):
        found = client.get(f"/api/v1/search?q={word}&type=product").json
        item = found["items"][0]["id"]
        client.post(
            f"/api/v1/search/clicks?search_id={found['search_id']}&type=product&id={item}&position=1"
        )
    searches, _, _ = logged(app)
    old = datetime.now(UTC) - timedelta(days=121)
    with app.app_context():
        db.session.execute(
            update(SearchLogEntry)
            .where(SearchLogEntry.id == searches[0].id)
            .values(searched_at=old)
        )
        db.session.commit()

    runner = app.test_cli_runner()
    result = runner.invoke(args=["insights", "prune"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 search(es) and 0 opened result(s)" in result.output
    assert [row.query for row in logged(app)[0]] == ["basin"]
    assert runner.invoke(args=["insights", "prune", "--days", "0"]).exit_code == 2


def test_a_result_opened_before_its_search_is_written_waits_for_it(app, client, faucets):
    # Two workers: the search is queued in one, its result's ping reaches the other first.
    other = create_app({name: app.config[name] for name in SHARED_SETTINGS})
    try:
        found = client.get("/api/v1/search?q=gunmetal&type=product").json
        item = found["items"][0]["id"]
        ping = f"/api/v1/search/clicks?search_id={found['search_id']}&type=product&id={item}"
        assert other.test_client().post(ping + "&position=1").status_code == 204
        assert logged(other)[1] == []  # the search is not written yet: the click waits
        searches, _, _ = logged(app)
        _, clicks, _ = logged(other)
        assert [(c.search_id, c.doc_id) for c in clicks] == [(searches[0].id, item)]
        with app.app_context():
            counted = db.session.scalar(select(SearchQueryDay.clicks))
    finally:
        with other.app_context():
            db.engine.dispose()
    assert counted == 1  # and counted for its query, once
