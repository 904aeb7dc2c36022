"""`flask catalog import|export|work`: spreadsheets from the command line, and the job worker."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from tqdm import tqdm

from bulk import export, queries, runner, services
from bulk.models import ImportJob, ImportState
from bulk.writing import csv_chunks, xlsx_chunks
from catalog.models import ProductStatus
from core.extensions import db

catalog_cli = AppGroup("catalog", help="Import and export the catalogue as spreadsheets.")


@catalog_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the file and report; write nothing.")
@click.option("--create-terms", is_flag=True, help="Create brands, categories … not found.")
@click.option("--valid-only", is_flag=True, help="Write the valid products even if others fail.")
def import_command(path: Path, dry_run: bool, create_terms: bool, valid_only: bool) -> None:
    """Check a CSV or XLSX file of products, then (without --dry-run) write it."""
    if path.stat().st_size > current_app.config["IMPORT_MAX_BYTES"]:
        raise click.ClickException(services.too_large().detail)
    owner = runner.worker_name()
    job = services.start_import(
        path.name, path.read_bytes(), user=None, create_terms=create_terms, held_by=owner
    )
    _run_with_progress(job, owner, "Checking")
    errors = _print_report(job)
    if dry_run or job.state is not ImportState.VALIDATED:
        _exit_for(job, errors)
        return
    if errors and not valid_only:
        raise click.ClickException("Nothing was written: fix the errors, or use --valid-only.")
    services.apply_import(job, valid_only=valid_only, held_by=owner)
    _run_with_progress(job, owner, "Writing")
    _exit_for(job, _print_report(job))


def _run_with_progress(job: ImportJob, owner: str, label: str) -> None:
    with tqdm(total=0, unit="row", desc=label) as bar:

        def show(current: ImportJob) -> None:
            bar.total = current.rows_total
            bar.n = current.rows_done
            bar.refresh()

        runner.run(job.id, owner, show)
    db.session.refresh(job)


def _print_report(job: ImportJob) -> int:
    """Print the job's state, summary and errors; how many errors it has."""
    report = queries.report(job)
    summary = ", ".join(f"{count} {name}" for name, count in report["summary"].items() if count)
    click.echo(f"Import {job.id} ({job.filename}): {job.state.value}; {summary or 'no products'}.")
    for term in report["terms_to_create"]:
        click.echo(f"  creates {term['kind']} '{term['name']}'")
    for error in report["errors"]:
        place = f"line {error['line']}" if error["line"] else "file"
        column = f", column {error['column']}" if error["column"] else ""
        click.echo(f"  {place}{column}: {error['message']}", err=True)
    if report["error_count"] > len(report["errors"]):
        click.echo(f"  … {report['error_count'] - len(report['errors'])} more errors", err=True)
    return report["error_count"]


def _exit_for(job: ImportJob, errors: int) -> None:
    if job.state is ImportState.FAILED or errors:
        raise SystemExit(1)


@catalog_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--status",
    type=click.Choice([status.value for status in ProductStatus]),
    help="Only products in this status (default: every status).",
)
def export_command(path: Path, status: str | None) -> None:
    """Write every product to PATH (.csv or .xlsx), one row per variant."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise click.BadParameter("Name a .csv or .xlsx file.", param_hint="PATH")
    args = {"status": ProductStatus(status)} if status else {}
    rows = export.product_rows(args)
    chunks = (
        csv_chunks(export.header(), rows)
        if suffix == ".csv"
        else xlsx_chunks(export.header(), rows)
    )
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as target:
        for chunk in chunks:
            target.write(chunk)
    partial.replace(path)
    click.echo(f"Wrote {path}.")


@catalog_cli.command("work")
@click.option("--once", is_flag=True, help="Run the waiting jobs, then stop.")
def work_command(once: bool) -> None:
    """Run import jobs as they are queued (for IMPORT_WORKER=off deployments)."""
    interval = float(current_app.config["IMPORT_POLL_SECONDS"])
    while True:
        ran = runner.work_until_idle()
        if once:
            click.echo(f"Ran {ran} import jobs.")
            return
        db.session.remove()
        time.sleep(interval)
