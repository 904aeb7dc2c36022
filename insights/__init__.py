"""Search insights: a private log of what shoppers and readers search for and which results
they open, kept for SEARCH_LOG_RETENTION_DAYS (`flask insights prune`).

Pieces: `models` (the log, opened results, the count of rows lost), `recording` (normalising,
the bounded in-memory queue, the writer thread), `services` (batch writes, pruning), `routes`
(`POST /api/v1/search/clicks`) and `cli`. The search engine tells `recording` of each shopper's
search through its observer (`search.observers`); staff searches are not logged.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Log `app`'s shopper searches when SEARCH_LOG_ENABLED; needs search's document types."""
    from core.api import register_api_blueprints
    from core.background import on_process_start
    from insights.cli import insights_cli
    from insights.recording import EXTENSION, SearchLog, record_search, start_writer
    from insights.routes import clicks_blp, declines_blp
    from search.observers import observe_searches

    app.cli.add_command(insights_cli)
    if not app.config["SEARCH_LOG_ENABLED"]:
        return
    app.extensions[EXTENSION] = SearchLog(int(app.config["SEARCH_LOG_QUEUE_MAX"]))
    observe_searches(app, record_search)
    register_api_blueprints(app, clicks_blp, declines_blp)
    on_process_start(app, lambda: start_writer(app))
