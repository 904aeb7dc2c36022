"""Catalogue commands under `flask demo`: the demo catalogue loader and synthetic products."""

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import exists, select
from tqdm import tqdm

from catalog.models import Product
from core.demo import DemoLoader, demo_group, register_demo_loader
from core.extensions import db
from search import service as search_service


def load_demo_catalogue() -> str:
    """Load the demo brands, categories, finishes, certifications and products."""
    from catalog.demo import load_catalogue

    return load_catalogue()


def catalogue_has_products() -> bool:
    """Whether any product exists."""
    return bool(db.session.scalar(select(exists().where(Product.id.isnot(None)))))


def register_catalogue_commands(app: Flask) -> None:
    """Add the catalogue's demo loader and `flask demo generate` to `app`."""
    register_demo_loader(
        app, DemoLoader(10, "catalogue", load_demo_catalogue, catalogue_has_products)
    )
    demo_group(app).add_command(generate_products_command)


@click.command("generate")
@click.option(
    "--products",
    "count",
    type=click.IntRange(1, 1_000_000),
    required=True,
    help="How many products to add.",
)
@click.option(
    "--no-reindex",
    "skip_reindex",
    is_flag=True,
    help="Leave the search index as it is: listings and search show the new products once "
    "`flask search reindex` has run.",
)
@with_appcontext
def generate_products_command(count: int, skip_reindex: bool) -> None:
    """Add synthetic published products for benchmarks (the same count gives the same data)."""
    from catalog.synthetic import generate_products

    with tqdm(total=count, unit="product", desc="Generating") as progress:
        summary = generate_products(count, progress.update)
    click.echo(summary)
    if not skip_reindex:
        # Bulk inserts bypass the search outbox, so the index is rebuilt once, here.
        click.echo("Rebuilding the product search index…")
        search_service.reindex(types=["product"])
