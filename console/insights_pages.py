"""Search insights: what shoppers search for, what finds nothing, what finds things nobody
opens, and which searches got a "did you mean", over the last 7, 30 or 90 days; each table also
as a CSV download."""

from flask import Response, render_template, request, stream_with_context

from bulk.writing import csv_chunks
from console.guard import console
from console.insights_chart import AXIS, HEIGHT, WIDTH, trend_bars
from insights.queries import PERIODS, TABLES, daily_counts, queries_of, ranked
from insights.schemas import InsightsArgs
from web.facets import load_arguments

TITLES = {
    "top": "Top searches",
    "zero": "Searches that found nothing",
    "no-clicks": "Searches with results nobody opened",
    "corrected": 'Searches shown a "did you mean"',
}
CSV_HEADER = [
    "query",
    "searches",
    "found nothing",
    "found results",
    "did you mean",
    "searched as typed instead",
    "opened",
]


@console.route("/insights")
def insights():
    """The period's daily trend and its tables of queries."""
    days = load_arguments(InsightsArgs(), request.args, {"days"})["days"]
    trend, searched = daily_counts(days), queries_of(days)
    bars, tallest = trend_bars(trend)
    return render_template(
        "console/insights.html",
        title="Search insights",
        days=days,
        periods=PERIODS,
        trend=trend,
        bars=bars,
        tallest=tallest,
        chart_size=(WIDTH, HEIGHT),
        axis=AXIS,
        totals={
            "searches": sum(day.searches for day in trend),
            "zero_results": sum(day.zero_results for day in trend),
            "clicks": sum(day.clicks for day in trend),
        },
        tables={name: (TITLES[name], ranked(name, searched)) for name in TABLES},
    )


@console.route(f"/insights/<any({', '.join(repr(name) for name in TABLES)}):table>.csv")
def insights_csv(table: str):
    """One table of the period, every query of it, as a CSV spreadsheet."""
    days = load_arguments(InsightsArgs(), request.args, {"days"})["days"]
    rows = (
        [
            row.query,
            row.searches,
            row.zero_results,
            row.with_results,
            row.corrected,
            row.declined,
            row.clicks,
        ]
        for row in ranked(table, queries_of(days), limit=None)
    )
    return Response(
        stream_with_context(csv_chunks(CSV_HEADER, rows)),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="searches-{table}-{days}d.csv"'},
    )
