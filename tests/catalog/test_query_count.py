"""A page costs the same number of SQL queries however many products and variants it shows."""

from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event

from core import hot_reads
from tests.catalog.conftest import variant

FINISHES = ("chrome", "gunmetal", "matte-black")


@contextmanager
def counted_queries(app):
    """Collect every SQL statement the app sends while the block runs, through any of its
    engines and on the driver connections hot reads keep."""
    statements: list[str] = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    send = hot_reads._rows

    def record_hot_read(connection, sql, arguments):
        statements.append(sql)
        return send(connection, sql, arguments)

    event.listen(Engine, "before_cursor_execute", record)
    hot_reads._rows = record_hot_read
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", record)
        hot_reads._rows = send


def query_count(app, client, url: str, headers: dict | None = None) -> int:
    with counted_queries(app) as statements:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.json
    return len(statements)


@pytest.fixture
def rich_shelf(make_product):
    """Twelve products, each with three variants, two images and two certifications."""
    for number in range(12):
        make_product(
            name=f"Faucet {number}",
            variants=[
                variant(f"F{number}-{finish}", finish, f"{100 + number}.00") for finish in FINISHES
            ],
            images=[
                {"url": f"https://images.example.com/{number}-{view}.jpg", "alt": "A view"}
                for view in range(2)
            ],
            certifications=["nsf-ansi-61", "wras"],
        )
    make_product(
        name="Plain", variants=[variant("PLAIN", "chrome", "9.00")], images=[], certifications=[]
    )


@pytest.mark.parametrize("query", ["", "&sort=price&finish=gunmetal&category=kitchen-faucets"])
def test_a_listing_page_costs_the_same_queries_for_one_product_or_fifty(
    app, client, rich_shelf, query
):
    one = query_count(app, client, f"/api/v1/products?per_page=1{query}")
    fifty = query_count(app, client, f"/api/v1/products?per_page=50{query}")
    assert one == fifty


def test_editors_listing_costs_the_same_queries_for_any_page_size(app, client, rich_shelf, editor):
    one = query_count(app, client, "/api/v1/products?per_page=1&status=published", editor)
    fifty = query_count(app, client, "/api/v1/products?per_page=50&status=published", editor)
    assert one == fifty


def test_a_product_page_costs_the_same_queries_however_much_it_shows(app, client, rich_shelf):
    plain = query_count(app, client, "/api/v1/products/plain")
    rich = query_count(app, client, "/api/v1/products/faucet-3")
    assert plain == rich


def test_a_shoppers_listing_costs_one_query_cached_or_not(app, client, rich_shelf, make_product):
    """The search index filters, sorts, counts and holds the rows: the one query asks the outbox
    which products changed since it took them in (the cache key, and the rows to read afresh)."""
    url = "/api/v1/products?per_page=50&finish=gunmetal"
    assert query_count(app, client, url) == 1
    assert query_count(app, client, url) == 1
    make_product(name="Newcomer", variants=[variant("NEW", "gunmetal", "5.00")])
    assert query_count(app, client, url) == 1
    assert "newcomer" in [item["slug"] for item in client.get(url).json["items"]]
