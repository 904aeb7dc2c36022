"""`flask news import` and the news demo loader (under `flask demo`)."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import exists, select

from core.auth.services import find_user_by_email
from core.demo import DemoLoader, register_demo_loader
from core.extensions import db
from core.problems import Problem
from news.models import Article

news_cli = AppGroup("news", help="Industry news articles.")


@news_cli.command(
    "import",
    epilog="Front matter: title (required), slug, summary, tags, status, published_at, "
    "cover_image {url, alt}, source_links [{url, title}], products [slugs]. The article is "
    "matched by its slug, else one made from its title (give a slug to keep the address when "
    "the title changes): importing a file again updates its content, and keeps the status and "
    "publication time unless the file names them.",
)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--author", "author_email", required=True, help="Email of the user credited.")
def import_command(files: tuple[Path, ...], author_email: str) -> None:
    """Import Markdown files with a front-matter header as articles."""
    from news.imports import import_article_file

    author = find_user_by_email(author_email)
    if author is None:
        raise click.BadParameter(f"no user with email {author_email}", param_hint="--author")
    failures = 0
    for path in files:
        try:
            article, outcome = import_article_file(path, author)
        except Problem as problem:
            failures += 1
            click.echo(f"{path}: {problem.detail}", err=True)
            for field, messages in (problem.errors or {}).items():
                click.echo(f"  {field}: {' '.join(messages)}", err=True)
            continue
        click.echo(f"{path}: {outcome} {article.slug} ({article.current_status})")
    if failures:
        raise click.ClickException(f"{failures} of {len(files)} files were not imported.")


def load_demo_news() -> str:
    """Load the demo articles and the demo editor who signs them."""
    from news.demo import load_demo_articles

    return load_demo_articles()


def news_has_articles() -> bool:
    """Whether any article exists."""
    return bool(db.session.scalar(select(exists().where(Article.id.isnot(None)))))


def register_news_commands(app: Flask) -> None:
    """Add `flask news` and the news demo loader to `app`."""
    app.cli.add_command(news_cli)
    register_demo_loader(app, DemoLoader(20, "news", load_demo_news, news_has_articles))
