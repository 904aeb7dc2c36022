"""`flask demo load`: each domain registers how it fills an empty database with demo content."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

LOADERS = "core.demo_loaders"


@dataclass(frozen=True)
class DemoLoader:
    """How one domain loads its demo content."""

    order: int
    name: str
    load: Callable[[], str]  # idempotent; returns a one-line summary
    has_content: Callable[[], bool]  # whether the domain already holds data


def register_demo_commands(app: Flask) -> None:
    """Give `app` its own `flask demo` group, which domains extend with loaders and commands."""
    group = AppGroup("demo", help="Load demo content or generate synthetic data.")
    group.add_command(load_demo_command)
    app.cli.add_command(group)
    app.extensions[LOADERS] = {}


def demo_group(app: Flask) -> AppGroup:
    """`app`'s `flask demo` group, for a domain's own demo commands."""
    return cast(AppGroup, app.cli.commands["demo"])


def register_demo_loader(app: Flask, loader: DemoLoader) -> None:
    """Add a domain's loader to `app` (registering the same name again replaces it)."""
    app.extensions[LOADERS][loader.name] = loader


@click.command("load")
@click.option("--if-empty", is_flag=True, help="Skip domains that already hold data.")
@with_appcontext
def load_demo_command(if_empty: bool) -> None:
    """Fill the database with demo content (safe to run again: nothing is duplicated)."""
    loaders = current_app.extensions[LOADERS].values()
    for loader in sorted(loaders, key=lambda entry: entry.order):
        if if_empty and loader.has_content():
            click.echo(f"{loader.name}: already has data, left as it is")
            continue
        click.echo(f"{loader.name}: {loader.load()}")
