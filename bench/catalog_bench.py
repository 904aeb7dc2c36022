"""Product listing benchmark at 100,000 products, in-process and through gunicorn, with a ceiling.

Run from the project root: `PYTHONPATH=. .venv/bin/python bench/catalog_bench.py`
(`--database-url postgresql://postgres@127.0.0.1/bench` for PostgreSQL; that database is migrated
and topped up to `--products`, never emptied).
"""

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from dataclasses import dataclass

from loopback import PROJECT, drive, flask_command, serve

CEILING = "ceiling: 20 static items"
UNFILTERED = "products, unfiltered"
# Slugs both the synthetic taxonomy and the demo catalogue use, so either database works.
FILTERED = {
    "products, category+finish+stock, by price": (
        "/api/v1/products?category=kitchen-faucets&finish=gunmetal&in_stock=true&sort=price"
    ),
    "products, twin+cert+price range, by name": (
        "/api/v1/products?handle_type=twin&certification=nsf-ansi-61"
        "&min_price=150&max_price=400&sort=name"
    ),
}
LISTINGS = {UNFILTERED: "/api/v1/products", **FILTERED}
SCENARIOS = {CEILING: "/items", **LISTINGS}
MISSED = " (cache miss)"
LOAD_TARGET_SECONDS = 120


@dataclass
class Figures:
    """Latencies and throughput of one scenario through one channel."""

    scenario: str
    channel: str
    requests: int
    p50_ms: float
    p95_ms: float
    per_second: float


def figures(scenario: str, channel: str, latencies: list[float], elapsed: float) -> Figures:
    """Summarise the latencies (seconds) of requests that took `elapsed` seconds in all."""
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Figures(
        scenario,
        channel,
        len(latencies),
        cuts[49] * 1000,
        cuts[94] * 1000,
        len(latencies) / elapsed,
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary dir")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument("--requests", type=int, default=600, help="per scenario and channel")
    parser.add_argument("--seconds", type=float, default=8, help="cap per scenario and channel")
    parser.add_argument(
        "--reindex", action="store_true", help="also rebuild the search index while loading"
    )
    return parser.parse_args()


def load_catalogue(environment: dict[str, str], products: int, reindex: bool) -> tuple[int, float]:
    """Migrate, then generate what is missing; return (products added, seconds spent adding)."""
    from sqlalchemy import create_engine, func, select

    from catalog.models import Product
    from core.config import normalise_database_url

    flask_command(environment, "db", "upgrade", "heads")
    engine = create_engine(normalise_database_url(environment["DATABASE_URL"]))
    with engine.connect() as connection:
        existing = connection.scalar(select(func.count(Product.id)))
    engine.dispose()
    missing = max(products - existing, 0)
    started = time.perf_counter()
    if missing:
        skip = [] if reindex else ["--no-reindex"]
        flask_command(environment, "demo", "generate", "--products", str(missing), *skip)
    return missing, time.perf_counter() - started


def measure_in_process(client, scenario: str, path: str, args, forget=None) -> Figures:
    """Call the WSGI app through the Flask test client, one request at a time.

    `forget`, when given, empties the listing cache before each request: what a miss costs.
    """
    for _ in range(10):
        client.get(path)
    latencies: list[float] = []
    started = time.perf_counter()
    while len(latencies) < args.requests and time.perf_counter() - started < args.seconds:
        if forget:
            forget()
        before = time.perf_counter()
        response = client.get(path)
        latencies.append(time.perf_counter() - before)
        assert response.status_code == 200, response.data
    return figures(scenario, "wsgi", latencies, time.perf_counter() - started)


def measure_gunicorn(environment: dict[str, str], args, workdir: str) -> list[Figures]:
    """Serve the ceiling and the catalogue with gunicorn and drive each scenario over HTTP."""
    results = []
    for target, scenarios in (
        ("ceiling_app:app", [CEILING]),
        ("wsgi:app", [name for name in SCENARIOS if name != CEILING]),
    ):
        process, port = serve(target, environment, args.workers, workdir)
        try:
            for scenario in scenarios:
                drive(port, SCENARIOS[scenario], args.workers * 20, args.clients, args.seconds)
                latencies, elapsed = drive(
                    port, SCENARIOS[scenario], args.requests, args.clients, args.seconds
                )
                results.append(figures(scenario, "gunicorn", latencies, elapsed))
        finally:
            process.terminate()
            process.wait(timeout=30)
    return results


def report(results: list[Figures], totals: dict[str, int], load: tuple[int, float], args) -> None:
    """Print the figures and whether each target is met."""
    added, seconds = load
    index = "with" if args.reindex else "without"
    print(
        f"\nloaded {added} products in {seconds:.1f} s, {index} rebuilding the search index "
        f"(target under {LOAD_TARGET_SECONDS} s)"
    )
    print(f"\n{'scenario':<58}{'via':<10}{'matches':>8}{'requests':>10}"
          f"{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}")  # fmt: skip
    for row in results:
        print(
            f"{row.scenario:<58}{row.channel:<10}{totals.get(row.scenario, 20):>8}"
            f"{row.requests:>10}{row.p50_ms:>9.2f}{row.p95_ms:>9.2f}{row.per_second:>9.0f}"
        )
    print("\ntargets")
    for channel in ("wsgi", "gunicorn"):
        rows = {row.scenario: row for row in results if row.channel == channel}
        share = rows[UNFILTERED].per_second / rows[CEILING].per_second
        print(f"  {channel:<9} unfiltered page at {share:.0%} of the ceiling's req/s "
              f"(target >= 40%): {'met' if share >= 0.4 else 'MISSED'}")  # fmt: skip
        for scenario in FILTERED:
            row = rows[scenario]
            ratio = row.p50_ms / rows[UNFILTERED].p50_ms
            print(f"  {channel:<9} {scenario}: p50 {ratio:.1f}x the unfiltered p50 "
                  f"(target <= 3x): {'met' if ratio <= 3 else 'MISSED'}")  # fmt: skip


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as workdir:
        settings = {
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/bench.db",
            "SECRET_KEY": "benchmark",
            "SEARCH_INDEX_DIR": f"{workdir}/search-index",
            # One client address sends thousands of reads: the limiter is not what is measured.
            "RATELIMIT_ENABLED": "false",
        }
        environment = {**os.environ, **settings, "PYTHONPATH": str(PROJECT)}
        load = load_catalogue(environment, args.products, args.reindex)

        from ceiling_app import app as ceiling_app

        from core import create_app

        catalogue_app = create_app(settings)
        catalogue = catalogue_app.test_client()

        def forget_cached_pages() -> None:
            catalogue_app.extensions.pop("catalogue_listing_cache", None)

        # The app logs one line per request to stderr; it still does, out of sight.
        with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
            totals = {
                name: catalogue.get(url).json["meta"]["total"] for name, url in LISTINGS.items()
            }
            totals |= {name + MISSED: total for name, total in totals.items()}
            results = [measure_in_process(ceiling_app.test_client(), CEILING, "/items", args)]
            results += [measure_in_process(catalogue, *entry, args) for entry in LISTINGS.items()]
            results += [
                measure_in_process(catalogue, name + MISSED, url, args, forget_cached_pages)
                for name, url in LISTINGS.items()
            ]
        results += measure_gunicorn(environment, args, workdir)
        report(results, totals, load, args)


if __name__ == "__main__":
    main()
