"""Staff read the search log in the console: the period's daily trend, the top searches, those
that found nothing, those whose results nobody opened and those shown a "did you mean", for
the last 7, 30 or 90 days, each table also as a CSV download that no spreadsheet runs."""

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from core.extensions import db
from insights.models import SearchQueryDay
from tests.insights.conftest import logged

SEARCHES = ["gunmetal"] * 3 + ["unicornium"] * 2 + ["gunmetl", "=HYPERLINK(1)"]


def search_as_shoppers(app, client) -> None:
    """The searches above, one result opened from the first, the typo's correction refused
    (twice, as a double click would), a refusal of a search that had no correction; all
    written to the log."""
    found = [client.get("/api/v1/search", query_string={"q": q}).json for q in SEARCHES]
    first, typo = found[0], found[5]
    report = {"search_id": first["search_id"], "type": "product", "position": 1}
    report["id"] = first["items"][0]["id"]
    assert client.post("/api/v1/search/clicks", query_string=report).status_code == 204
    assert typo["suggestion"] == "gunmetal"
    for search in (typo, typo, first):
        declined = client.post(f"/api/v1/search/declines?search_id={search['search_id']}")
        assert declined.status_code == 204
    logged(app)


def rows_of(page, heading_id: str) -> list[list[str]]:
    """The body rows of the table under the heading `heading_id`, as cell texts."""
    section = page.xpath("//section[@aria-labelledby=$id]", id=heading_id)[0]
    return [
        [cell.text_content().strip() for cell in row.xpath("td")]
        for row in section.xpath(".//tbody/tr")
    ]


def test_the_insights_show_what_was_searched_found_nothing_was_corrected_and_opened(
    app, client, faucets, editor_console
):
    search_as_shoppers(app, client)
    page = editor_console.get("/admin/insights").page
    summary = page.xpath("//p[@class='count']")[0].text_content()
    assert "7 searches, 3 found nothing, 1 result opened" in summary

    # Query, searches, found nothing, did you mean, searched as typed instead, opened, opened
    # per search with results.
    assert rows_of(page, "table-top") == [
        ["gunmetal", "3", "0", "0", "0", "1", "0.33"],
        ["unicornium", "2", "2", "0", "0", "0", "—"],
        ["=hyperlink(1)", "1", "1", "0", "0", "0", "—"],
        ["gunmetl", "1", "0", "1", "1", "0", "0.00"],
    ]
    assert [row[:3] for row in rows_of(page, "table-zero")] == [
        ["unicornium", "2", "2"],
        ["=hyperlink(1)", "1", "1"],
    ]
    assert [row[0] for row in rows_of(page, "table-no-clicks")] == ["gunmetl"]
    assert [row[0] for row in rows_of(page, "table-corrected")] == ["gunmetl"]
    today = rows_of(page, "trend-heading")[-1]
    assert today[1:] == ["7", "3", "1"]
    assert len(rows_of(page, "trend-heading")) == 30
    assert len(page.xpath("//svg[@role='img']//rect[@class='bar-searches']")) == 30


def test_a_shorter_period_leaves_older_days_out(app, client, faucets, editor_console):
    search_as_shoppers(app, client)
    with app.app_context():  # the searches for "unicornium" were ten days ago
        db.session.execute(
            update(SearchQueryDay)
            .where(SearchQueryDay.query == "unicornium")
            .values(day=datetime.now(UTC).date() - timedelta(days=10))
        )
        db.session.commit()
    week = editor_console.get("/admin/insights?days=7").page
    assert [row[0] for row in rows_of(week, "table-zero")] == ["=hyperlink(1)"]
    month = editor_console.get("/admin/insights?days=30").page
    assert [row[0] for row in rows_of(month, "table-zero")] == ["unicornium", "=hyperlink(1)"]
    assert len(rows_of(week, "trend-heading")) == 7

    refused = editor_console.get("/admin/insights?days=5", expect=400)
    assert "Choose 7, 30 or 90 days." in refused.get_data(as_text=True)


def test_each_table_downloads_as_csv_with_formulas_neutralised(
    app, client, faucets, editor_console
):
    search_as_shoppers(app, client)
    response = editor_console.get("/admin/insights/zero.csv?days=30")
    assert response.mimetype == "text/csv"
    assert "searches-zero-30d.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["query", "searches", "found nothing", "found results", "did you mean",
                       "searched as typed instead", "opened"]  # fmt: skip
    assert rows[1] == ["unicornium", "2", "2", "0", "0", "0", "0"]
    assert rows[2][0] != "=hyperlink(1)" and rows[2][0].endswith("=hyperlink(1)")


def test_only_signed_in_staff_read_the_insights(client):
    response = client.get("/admin/insights")
    assert response.status_code in (302, 303)
    assert "/admin/sign-in" in response.headers["Location"]
