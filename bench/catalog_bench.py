"""Product listing benchmark: cold and warm listings through gunicorn, beside a bare-Flask ceiling.

Run from the project root: `PYTHONPATH=. .venv/bin/python bench/catalog_bench.py`
(`--products 10000` for a quick run; `--database-url postgresql://postgres@127.0.0.1/bench` for
PostgreSQL: that database is migrated and topped up to `--products`, never emptied; with
`--index-dir` the search index that serves listings is kept beside it between runs).

Headline rows are cold: distinct filter combinations of /api/v1/products (price from, finish,
handle type, stock, sort, page), of the storefront's /products and /c/<slug> pages (their facet
counts included), and distinct deep pages of the unfiltered listing, each URL sent once, so
neither a worker's listing cache nor a repeated plan answers them. The "warm (repeated)"
rows send one URL over and over, through gunicorn and in process (WSGI test client, with and
without emptying the listing cache first). The ceiling, a bare Flask endpoint with 20 static
items (bench/ceiling_app.py), is served the same way in the same run, before and after the
catalogue. Targets are judged on cold rows only. The search index and the SQLite database are
read once into the OS page cache before the catalogue is measured, as steady traffic keeps them:
"cold" means distinct queries missing the app's caches, not a disk read.
"""

import argparse
import contextlib
import json
import os
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from loopback import (
    PROJECT,
    Reply,
    drive,
    drive_each,
    flask_command,
    percentiles_ms,
    read_into_page_cache,
    serve,
    worker_rss_mb,
)

CEILING = "ceiling: 20 static items"
WARM = "warm (repeated): "
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
MISSED = ", listing cache emptied before each"
COLD_FILTERS = "cold: distinct filter combinations"
COLD_PAGES = "cold: /products and /c/<slug> pages, distinct filters"
PRICE_BANDS = (None, "-49.99", "50-99.99", "100-199.99", "200-499.99", "500-")
COLD_DEEP = "cold: distinct deep pages"
DEEP_PAGES = range(400, 600)  # of the unfiltered listing, PER_PAGE products each
PER_PAGE = 20
PRICE_FROM = (None, 50, 100, 150, 200, 300, 400, 500, 750)
HANDLE_TYPES = (None, "single", "twin", "touchless")
IN_STOCK = (None, "true", "false")
SORTS = (None, "newest", "price", "-price", "name")
PAGES = (1, 1, 1, 2, 3)
TARGET_SCALE = 100_000
COLD_P95_MS = 50
CEILING_SHARE = 0.15
WORKER_RSS_MB = 300


@dataclass
class Figures:
    """Latencies and throughput of one scenario through one channel."""

    scenario: str
    channel: str
    requests: int
    p50_ms: float
    p95_ms: float
    per_second: float
    matches: float
    errors: int = 0


def figures(
    scenario: str, channel: str, latencies: list[float], elapsed: float, matches: float
) -> Figures:
    """Summarise the latencies (seconds) of requests that took `elapsed` seconds in all."""
    p50, p95 = percentiles_ms(latencies, 50, 95)
    return Figures(scenario, channel, len(latencies), p50, p95, len(latencies) / elapsed, matches)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary dir")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent HTTP clients")
    parser.add_argument("--cold", type=int, default=400, help="distinct filter combinations")
    parser.add_argument("--requests", type=int, default=600, help="per warm scenario and channel")
    parser.add_argument("--seconds", type=float, default=8, help="cap per warm scenario")
    parser.add_argument(
        "--index-dir", help="the search index (default: built afresh in a temporary dir)"
    )
    return parser.parse_args()


def load_catalogue(environment: dict[str, str], products: int, fresh_index: bool):
    """Migrate, generate what is missing and index it; return (products added, seconds spent).

    Listings are served from the search index, so generating rebuilds it; an index that is new
    to an existing database is rebuilt too.
    """
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
        flask_command(environment, "demo", "generate", "--products", str(missing))
    elif fresh_index:
        flask_command(environment, "search", "reindex")
    return missing, time.perf_counter() - started


def filter_combinations(finishes: list[str], count: int, rng: random.Random) -> list[str]:
    """`count` distinct listing URLs, each a combination of filters, a sort and a page."""
    choices = {
        "min_price": PRICE_FROM,
        "finish": (None, *finishes),
        "handle_type": HANDLE_TYPES,
        "in_stock": IN_STOCK,
        "sort": SORTS,
    }
    paths: dict[str, None] = {}
    while len(paths) < count:
        arguments = [(name, rng.choice(values)) for name, values in choices.items()]
        chosen = [(name, value) for name, value in arguments if value is not None]
        paths[f"/api/v1/products?{urlencode([*chosen, ('page', rng.choice(PAGES))])}"] = None
    return list(paths)


def page_combinations(
    finishes: list[str], categories: list[str], count: int, rng: random.Random
) -> list[str]:
    """`count` distinct storefront listing URLs: /products or a category, filters, sort, page."""
    choices = {
        "price": PRICE_BANDS,
        "finish": (None, *finishes),
        "handle_type": HANDLE_TYPES,
        "in_stock": (None, "true"),
        "sort": SORTS,
    }
    paths: dict[str, None] = {}
    while len(paths) < count:
        base = rng.choice(["/products", *(f"/c/{slug}" for slug in categories)])
        arguments = [(name, rng.choice(values)) for name, values in choices.items()]
        chosen = [(name, value) for name, value in arguments if value is not None]
        paths[f"{base}?{urlencode([*chosen, ('page', rng.choice(PAGES))])}"] = None
    return list(paths)


def deep_pages(total: int, rng: random.Random) -> tuple[str, list[str]]:
    """Deep pages of the unfiltered listing, each once, in random order, and their row's label.

    DEEP_PAGES where the catalogue has them; a smaller catalogue's second half otherwise.
    """
    last = -(-total // PER_PAGE)
    first = DEEP_PAGES.start if last >= DEEP_PAGES.start else last // 2 + 1
    pages = list(range(first, min(DEEP_PAGES.stop, last + 1)))
    rng.shuffle(pages)
    label = f"{COLD_DEEP} {min(pages, default=0)}-{max(pages, default=0)} of {last}"
    paths = [
        f"/api/v1/products?{urlencode({'page': page, 'per_page': PER_PAGE})}" for page in pages
    ]
    return label, paths


def cold_figures(scenario: str, replies: list[Reply], elapsed: float) -> Figures:
    """Figures of URLs each sent once; failed replies are counted, not timed (pages: no total)."""
    ok = [reply for reply in replies if reply.status == 200]
    api = [reply for reply in ok if reply.path.startswith("/api")]
    totals = [json.loads(reply.body)["meta"]["total"] for reply in api]
    found = statistics.median(totals) if totals else 0
    row = figures(scenario, "gunicorn", [reply.seconds for reply in ok], elapsed, found)
    row.errors = len(replies) - len(ok)
    return row


def measure_in_process(client, scenario: str, path: str, matches: int, args, forget=None):
    """Call the WSGI app through the Flask test client, one request at a time, the same URL.

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
    return figures(scenario, "wsgi", latencies, time.perf_counter() - started, matches)


def measure_ceiling(environment, args, workdir: str, when: str) -> Figures:
    """Serve the bare-Flask ceiling and drive its one URL, warm (it has nothing to cache)."""
    process, port = serve("ceiling_app:app", environment, args.workers, workdir)
    try:
        drive(port, "/items", args.workers * 20, args.clients, args.seconds)
        latencies, elapsed = drive(port, "/items", args.requests, args.clients, args.seconds)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return figures(f"{CEILING} ({when})", "gunicorn", latencies, elapsed, 20)


def data_files(environment: dict[str, str]) -> list[str]:
    """The files listings read: the search index and, on SQLite, the database."""
    url = environment["DATABASE_URL"]
    files = [environment["SEARCH_INDEX_DIR"]]
    if url.startswith("sqlite:///"):
        files += [url.removeprefix("sqlite:///")]
    return files


def measure_gunicorn(environment, args, workdir, cold: dict, totals: dict):
    """Serve the catalogue: cold URLs once each, then the warm scenarios; the ceiling around it.

    The ceiling is measured before and after, as the machine's other work may slow one of them.
    Returns the figures and each worker's RSS (MB) at the end.
    """
    results = [measure_ceiling(environment, args, workdir, "before")]
    process, port = serve("wsgi:app", environment, args.workers, workdir)
    try:
        read_into_page_cache(*data_files(environment))
        # Each worker's first requests set up its connections and caches: a throwaway round, of
        # URLs (per_page=10) that no measured scenario uses.
        warm_up = [f"/api/v1/products?page={page}&per_page=10" for page in range(1, 21)]
        drive_each(port, warm_up, args.clients)
        for scenario, paths in cold.items():
            results.append(cold_figures(scenario, *drive_each(port, paths, args.clients)))
        for scenario, path in LISTINGS.items():
            drive(port, path, args.workers * 20, args.clients, args.seconds)
            latencies, elapsed = drive(port, path, args.requests, args.clients, args.seconds)
            results.append(
                figures(WARM + scenario, "gunicorn", latencies, elapsed, totals[scenario])
            )
        rss = worker_rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return [*results, measure_ceiling(environment, args, workdir, "after")], rss


def report(results: list[Figures], load: tuple[int, float], rss: list[float], args) -> None:
    """Print the figures and whether each target is met.

    Throughput is given as a share of the ceiling's through the same channel (the faster of
    its two runs through gunicorn).
    """
    added, seconds = load
    print(f"\n{args.products:,} products, {args.workers} gunicorn workers, {args.clients} clients "
          f"(load average {'/'.join(f'{v:.2f}' for v in os.getloadavg())})")  # fmt: skip
    print(f"loaded and indexed {added} products in {seconds:.1f} s")
    print(f"gunicorn worker RSS at the end: {', '.join(f'{mb:.0f}' for mb in rss)} MB "
          f"(target <= {WORKER_RSS_MB} MB at {TARGET_SCALE:,} products)")  # fmt: skip
    ceiling: dict[str, float] = {}
    for row in results:
        if row.scenario.startswith(CEILING):
            ceiling[row.channel] = max(ceiling.get(row.channel, 0), row.per_second)
    width = max(len(row.scenario) for row in results) + 2
    print(f"\n{'scenario':<{width}}{'via':<10}{'matches':>8}{'requests':>9}{'errors':>7}"
          f"{'p50 ms':>8}{'p95 ms':>8}{'req/s':>7}{'of ceiling':>11}")  # fmt: skip
    for row in results:
        share = row.per_second / ceiling[row.channel]
        print(f"{row.scenario:<{width}}{row.channel:<10}{row.matches:>8.0f}{row.requests:>9}"
              f"{row.errors:>7}{row.p50_ms:>8.2f}{row.p95_ms:>8.2f}{row.per_second:>7.0f}"
              f"{share:>11.0%}")  # fmt: skip
    scope = "" if args.products == TARGET_SCALE else f" (set for {TARGET_SCALE:,} products)"
    print(f"\ntargets on cold rows{scope}: p95 <= {COLD_P95_MS} ms and >= {CEILING_SHARE:.0%} "
          "of the ceiling's req/s, no errors")  # fmt: skip
    for row in results:
        if row.scenario.startswith("cold"):
            share = row.per_second / ceiling[row.channel]
            met = row.p95_ms <= COLD_P95_MS and share >= CEILING_SHARE and not row.errors
            print(f"  {row.scenario}: p95 {row.p95_ms:.1f} ms, {share:.0%} of the ceiling, "
                  f"{row.errors} errors: {'met' if met else 'MISSED'}")  # fmt: skip


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as workdir:
        settings = {
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/bench.db",
            "SECRET_KEY": "benchmark",
            "SEARCH_INDEX_DIR": args.index_dir or f"{workdir}/search-index",
            # One client address sends thousands of reads: the limiter is not what is measured.
            "RATELIMIT_ENABLED": "false",
        }
        environment = {**os.environ, **settings, "PYTHONPATH": str(PROJECT)}
        fresh_index = not os.path.exists(os.path.join(settings["SEARCH_INDEX_DIR"], "product"))
        load = load_catalogue(environment, args.products, fresh_index)

        from ceiling_app import app as ceiling_app

        from app import create_app

        catalogue_app = create_app(settings)
        catalogue = catalogue_app.test_client()

        def forget_cached_pages() -> None:
            catalogue_app.extensions.pop("catalogue_listing_cache", None)

        # The app logs one line per request to stderr; it still does, out of sight.
        with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
            totals = {
                name: catalogue.get(url).json["meta"]["total"] for name, url in LISTINGS.items()
            }
            finishes = [item["slug"] for item in catalogue.get("/api/v1/finishes").json["items"]]
            categories = [
                item["slug"] for item in catalogue.get("/api/v1/categories").json["items"]
            ]
            results = [measure_in_process(ceiling_app.test_client(), CEILING, "/items", 20, args)]
            for name, url in LISTINGS.items():
                results.append(measure_in_process(catalogue, WARM + name, url, totals[name], args))
                results.append(
                    measure_in_process(
                        catalogue,
                        WARM + name + MISSED,
                        url,
                        totals[name],
                        args,
                        forget_cached_pages,
                    )
                )
        rng = random.Random(f"listings-{args.products}")  # noqa: S311  (a sample, not secrets)
        deep_label, deep = deep_pages(totals[UNFILTERED], rng)
        cold = {
            COLD_FILTERS: filter_combinations(finishes, args.cold, rng),
            COLD_PAGES: page_combinations(finishes, categories, args.cold, rng),
            deep_label: deep,
        }
        # Through gunicorn first: those are the headline rows.
        remote, rss = measure_gunicorn(environment, args, workdir, cold, totals)
        report(remote + results, load, rss, args)


if __name__ == "__main__":
    main()
