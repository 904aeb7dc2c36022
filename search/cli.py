"""`flask search worker|reindex|verify`: keep the index in step with the database."""

import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup
from tqdm import tqdm

from search.indexer import drain, drain_quietly
from search.registry import document_type, document_types
from search.sharing import ADVICE, IndexShared

search_cli = AppGroup("search", help="Keep the search index in step with the database.")
WORKER_LOCK_TIMEOUT = 5.0


def _engine():
    return current_app.extensions["search"]


def _chosen(names: tuple[str, ...]):
    known = {kind.name for kind in document_types()}
    for name in names:
        if name not in known:
            raise click.BadParameter(f"unknown type {name!r}", param_hint="--type")
    return [document_type(name) for name in names] if names else document_types()


@search_cli.command("worker")
@click.option("--interval", default=0.2, show_default=True, help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Drain what is pending, then exit.")
def worker_command(interval: float, once: bool) -> None:
    """Drain the outbox continuously (for deployments that prefer one indexer process)."""
    engine = _engine()
    if engine.postgres:
        click.echo("SEARCH_BACKEND=postgres indexes in each writer's transaction: no worker needed")
        return
    while True:
        if once:
            try:
                done = drain(engine.store, WORKER_LOCK_TIMEOUT)
            except IndexShared as refusal:
                raise click.ClickException(
                    f"{refusal}: this index is not updated. {ADVICE}"
                ) from None
        else:  # log once when the index stops or resumes taking writes, not at every poll
            done = drain_quietly(engine.store, WORKER_LOCK_TIMEOUT, state=engine.drain_state)
        if done:
            click.echo(f"indexed {done} change(s)")
        if once:
            return
        time.sleep(interval)


@search_cli.command("reindex")
@click.option("--type", "types", multiple=True, help="Only these document types.")
@click.option("--if-outdated", is_flag=True, help="Only indexes built by another version.")
def reindex_command(types: tuple[str, ...], if_outdated: bool) -> None:
    """Rebuild each index from the database (Whoosh: in a fresh directory, then swapped in;
    SEARCH_BACKEND=postgres: every entry written afresh, the ones left over dropped)."""
    backend = _engine().backend
    kinds = backend.outdated(_chosen(types)) if if_outdated else _chosen(types)
    for name, count in backend.reindex(kinds, progress=_progress_bar).items():
        click.echo(f"{name}: {count} document(s) indexed")


def _progress_bar(kind, documents, total):
    with tqdm(documents, total=total, desc=kind.name, unit="doc", file=sys.stderr) as bar:
        yield from bar


@search_cli.command("verify")
@click.option("--repair", "fix", is_flag=True, help="Re-index what differs, then check again.")
@click.option("--type", "types", multiple=True, help="Only these document types.")
def verify_command(fix: bool, types: tuple[str, ...]) -> None:
    """Compare index and database; exit 1 on missing, stale or extra documents."""
    backend = _engine().backend
    drifting = 0
    for kind in _chosen(types):
        drift = backend.verify(kind)
        if drift.count and fix:
            backend.repair(drift)
            click.echo(f"{kind.name}: repaired {drift.count} document(s)")
            drift = backend.verify(kind)
        click.echo(
            f"{kind.name}: {len(drift.missing)} missing, {len(drift.stale)} stale, "
            f"{len(drift.extra)} extra"
        )
        drifting += drift.count
    if drifting:
        raise click.exceptions.Exit(1)
