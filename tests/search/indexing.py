"""What the indexing stories share: an index nobody may write, a drainer, waiting for an effect."""

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import select, text

from catalog.models import Brand, Category, HandleType, Mounting, Product, ProductStatus, SpoutType
from core.extensions import db
from tests.search.conftest import NOW, names

T = TypeVar("T")


def phantom_product():
    """A published product added to the current session, not yet flushed (a test rolls it back)."""

    product = Product(
        name="Phantom Faucet",
        slug="phantom-faucet",
        brand=db.session.scalar(select(Brand)),
        category=db.session.scalar(select(Category)),
        handle_type=HandleType.SINGLE,
        mounting=Mounting.DECK,
        spout_type=SpoutType.FIXED,
        status=ProductStatus.PUBLISHED,
        published_at=NOW,
    )
    db.session.add(product)
    return product


def drift_behind_the_index(catalogue) -> int:
    """Change products in raw SQL, which bypasses the session's hooks and leaves the index
    behind: one renamed ("Stale Heritage"), one deleted (the Mélange). Returns the id of a third
    (the Arden) whose index entry the caller removes. Needs an app context."""
    slugs = {name: catalogue[name]["slug"] for name in catalogue}
    db.session.execute(
        text("UPDATE products SET name = 'Stale Heritage' WHERE slug = :slug"),
        {"slug": slugs["heritage"]},
    )
    db.session.execute(text("DELETE FROM products WHERE slug = :slug"), {"slug": slugs["melange"]})
    db.session.commit()
    return db.session.scalar(select(Product.id).where(Product.slug == slugs["pull_down"]))


def verify_finds_and_repair_fixes_the_drift(runner, search) -> None:
    """`flask search verify` reports what `drift_behind_the_index` did (and the entry removed);
    `--repair` brings the index back to the database."""
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code == 1
    assert "product: 1 missing, 1 stale, 1 extra" in result.output
    repaired = runner.invoke(args=["search", "verify", "--repair"])
    assert repaired.exit_code == 0, repaired.output
    assert "product: 0 missing, 0 stale, 0 extra" in repaired.output
    assert names(search(q="stale heritage")) == ["Stale Heritage"]
    assert search(q="melange").json["meta"]["total"] == 0
    assert names(search(q="arden")) == ["Arden Pull-Down Kitchen Faucet"]


def product_index_dir(app) -> Path:
    """The live directory of the product index (the symlink resolved)."""
    return (Path(app.config["SEARCH_INDEX_DIR"]) / "product").resolve()


@contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """Make `directory` unwritable, even for root (which ignores permission bits)."""
    if os.geteuid() == 0:
        sealing = subprocess.run(["chattr", "+i", str(directory)], check=False)  # noqa: S603,S607
        if sealing.returncode:
            pytest.skip("cannot make a directory read-only for root here (no chattr support)")
        undo = ["chattr", "-i", str(directory)]
    else:
        directory.chmod(0o555)
        undo = ["chmod", "755", str(directory)]
    try:
        yield
    finally:
        subprocess.run(undo, check=True)  # noqa: S603


@contextmanager
def background_drainer(app, interval: float) -> Iterator[None]:
    """Run the app's background drainer (as each web worker does) for the block."""
    engine = app.extensions["search"]
    engine.drain_interval = interval
    engine.start_drainer(app)
    try:
        yield
    finally:
        assert engine.drainer.stop(timeout=10), "the background drainer did not stop"


def wait_until(condition: Callable[[], T], seconds: float, what: str) -> T:
    """Poll `condition` until it returns something truthy (returned); fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        outcome = condition()
        if outcome:
            return outcome
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.02)
