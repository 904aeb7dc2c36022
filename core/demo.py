"""`flask demo load`: each domain registers how it fills an empty database with demo content."""

from collections.abc import Callable
from dataclasses import dataclass

import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Load demo content or generate synthetic data.")


@dataclass(frozen=True)
class DemoLoader:
    """How one domain loads its demo content."""

    order: int
    name: str
    load: Callable[[], str]  # idempotent; returns a one-line summary
    has_content: Callable[[], bool]  # whether the domain already holds data


_loaders: dict[str, DemoLoader] = {}


def register_demo_loader(loader: DemoLoader) -> None:
    """Add a domain's loader (registering the same name again replaces it)."""
    _loaders[loader.name] = loader


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Skip domains that already hold data.")
def load_demo_command(if_empty: bool) -> None:
    """Fill the database with demo content (safe to run again: nothing is duplicated)."""
    for loader in sorted(_loaders.values(), key=lambda entry: entry.order):
        if if_empty and loader.has_content():
            click.echo(f"{loader.name}: already has data, left as it is")
            continue
        click.echo(f"{loader.name}: {loader.load()}")
