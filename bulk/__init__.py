"""Bulk catalogue import and export: spreadsheets in (checked, then applied as a job) and out."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount the import and export API and the `flask catalog` commands; run the job worker
    thread in each web process unless IMPORT_WORKER=off (the test client never starts it)."""
    from bulk.cli import catalog_cli
    from bulk.routes import blueprints
    from bulk.worker import start_worker, wake_if_asked
    from core.api import register_api_blueprints
    from core.background import on_process_start
    from core.session_events import on_session_event

    if app.config["IMPORT_WORKER"] not in ("thread", "off"):
        raise RuntimeError("IMPORT_WORKER must be thread or off.")
    register_api_blueprints(app, *blueprints)
    on_session_event(app, "after_commit", wake_if_asked)
    app.cli.add_command(catalog_cli)
    if app.config["IMPORT_WORKER"] == "thread":
        on_process_start(app, lambda: start_worker(app))
