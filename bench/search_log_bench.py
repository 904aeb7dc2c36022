"""What the search log costs a search: cold searches through gunicorn with the log on and off,
and the observer's and the writer's own cost in process.

Run by hand from the project root: `PYTHONPATH=. .venv/bin/python bench/search_log_bench.py`
(`--products 10000`; `--database-url` for another database, topped up, never emptied).

Through HTTP, every query is a distinct text (bench/search_queries.py), sent once by
`--clients` concurrent clients to two gunicorn workers, in `--rounds` rounds that alternate
the log on and off so the machine's drift falls on both alike. In process, the observer (what
a search request pays: normalising and queueing one row) and the writer (one batch insert per
flush, off the request path) are timed over many calls.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

from cold_rounds import alternating, indexed_corpus
from loopback import percentiles_ms
from search_corpus import bench_app, read_corpus
from search_queries import QueryMaker

CORPUS_SAMPLE = 1_500
IN_PROCESS_CALLS = 20_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--edits", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=40, help="cold queries per kind a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (log on, log off)")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--database-url")
    return parser.parse_args()


def measure_in_process(settings: dict) -> dict[str, float]:
    """Microseconds per observed search, and per row written by the writer."""
    from flask import current_app
    from sqlalchemy import delete

    from core.extensions import db
    from insights.models import SearchLogEntry
    from insights.recording import EXTENSION, normalised, record_search
    from insights.services import flush
    from search.observers import SearchMade

    app = bench_app({**settings, "SEARCH_LOG_QUEUE_MAX": IN_PROCESS_CALLS})
    made = SearchMade(
        text="Gunmetal  twin-handle Kitchen FAUCET",
        types=("product", "article"),
        filters={"finish": ["gunmetal"], "price_min": 100},
        sort=None,
        page=1,
        total=42,
        suggestion=None,
        took_ms=3.2,
    )
    with app.test_request_context("/api/v1/search?q=x"):
        started = time.perf_counter()
        for _ in range(IN_PROCESS_CALLS):
            record_search(made)
        observe_us = (time.perf_counter() - started) / IN_PROCESS_CALLS * 1e6
        assert len(current_app.extensions[EXTENSION].take()[0]) == IN_PROCESS_CALLS
        for _ in range(1000):  # a second's worth of a busy worker's searches, written at once
            record_search(made)
        started = time.perf_counter()
        written = flush()
        write_us = (time.perf_counter() - started) / written * 1e6
        mine = SearchLogEntry.query == normalised(made.text)
        db.session.execute(delete(SearchLogEntry).where(mine))  # this measurement's own rows
        db.session.commit()
    return {"observe_us": observe_us, "write_us": write_us}


def report(figures: dict[str, list], local: dict[str, float]) -> None:
    print("\ncold distinct searches through gunicorn (2 workers), rounds alternating log on/off")
    print(f"{'search log':<12}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}")
    summary = {}
    for setting, rounds in figures.items():
        latencies = [seconds for round_latencies, _ in rounds for seconds in round_latencies]
        rate = statistics.median(rate for _, rate in rounds)
        p50, p95 = percentiles_ms(latencies, 50, 95)
        summary[setting] = (p50, p95, rate)
        print(f"{setting:<12}{len(latencies):>9}{rate:>8.0f}{p50:>8.1f}{p95:>8.1f}")
    (p50_on, p95_on, rate_on), (p50_off, p95_off, rate_off) = summary["on"], summary["off"]
    print(
        f"log on - off: p50 {p50_on - p50_off:+.2f} ms, p95 {p95_on - p95_off:+.2f} ms, "
        f"throughput {100 * (rate_on / rate_off - 1):+.1f}% (median of rounds)"
    )
    print("\nin process (what the figures above contain, measured alone)")
    print(f"observer, per search (normalise and queue one row): {local['observe_us']:.1f} µs")
    print(f"writer, per row (1,000 rows in one transaction, off the request path): "
          f"{local['write_us']:.1f} µs")  # fmt: skip


def main() -> None:
    args = parse_args()
    print(f"search log benchmark, {args.products} products, load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="search-log-bench-") as workdir:
        base, environment, app = indexed_corpus(workdir, args)
        rng = random.Random("search-log")  # noqa: S311  (a sample, not secrets)
        maker = QueryMaker(read_corpus(app, CORPUS_SAMPLE, rng), rng)
        settings = {
            "on": lambda: {"SEARCH_LOG_ENABLED": "true"},
            "off": lambda: {"SEARCH_LOG_ENABLED": "false"},
        }
        figures, _ = alternating(environment, workdir, maker, settings, args)
        local = measure_in_process(base)
        report(figures, local)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
