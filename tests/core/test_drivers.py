"""PostgreSQL's driver set-up: statements mean the same with the server's own `$1` placeholders
(the default) as with psycopg's `%(name)s` ones (an operator's choice), in every path that sends
them: the session, streamed results and the hot reads."""

import pytest
from sqlalchemy import bindparam, func, literal, select, text

from core.extensions import db
from core.hot_reads import hot_read
from tests.conftest import needs_postgresql

pytestmark = needs_postgresql


@pytest.fixture(params=["default", "pyformat"])
def driver_app(request, make_app, monkeypatch):
    if request.param == "pyformat":
        monkeypatch.setenv("SQLALCHEMY_ENGINE_OPTIONS", '{"paramstyle": "pyformat"}')
    app = make_app()
    expected = "numeric_dollar" if request.param == "default" else "pyformat"
    with app.app_context():
        assert db.engine.dialect.paramstyle == expected
    return app


def test_percent_signs_stay_literal_beside_parameters(driver_app):
    with driver_app.app_context():
        row = db.session.execute(
            text("SELECT '100%' AS whole, :finish || ' 50%' AS part, 'gun%' LIKE :pattern AS hit"),
            {"finish": "gunmetal", "pattern": "gun%"},
        ).one()
    assert tuple(row) == ("100%", "gunmetal 50%", True)


def test_a_statement_with_thousands_of_parameters_keeps_their_order(driver_app):
    values = list(range(1, 1501))
    with driver_app.app_context():
        row = db.session.execute(select(*[literal(value) for value in values])).one()
    assert list(row) == values


def test_streamed_results_and_hot_reads_take_parameters(driver_app):
    with driver_app.app_context():
        streamed = db.session.execute(
            select(func.generate_series(1, bindparam("last"))).execution_options(yield_per=7),
            {"last": 20},
        ).scalars()
        assert list(streamed) == list(range(1, 21))
        with driver_app.test_request_context():
            assert hot_read(select(bindparam("n") + 1), {"n": 41}) == [(42,)]
