"""Cold searches through gunicorn in rounds that alternate settings, on one indexed corpus:
what the search log and search rules benchmarks share."""

import os
from collections.abc import Callable

from loopback import PROJECT, Reply, drive_each, flask_command, serve
from search_corpus import bench_app, ensure_corpus
from search_queries import QueryMaker


def indexed_corpus(workdir: str, args) -> tuple[dict, dict, object]:
    """A migrated database (`args.database_url`, or a SQLite file in `workdir`) topped up to
    `args.products` and indexed afresh; returns the app's settings, the environment for
    commands and servers, and an app in this process."""
    base = {
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/bench.db",
        "SECRET_KEY": "benchmark",
        "RATELIMIT_ENABLED": "false",
        "SEARCH_INDEX_DIR": f"{workdir}/index",
    }
    environment = {**os.environ, **base, "PYTHONPATH": str(PROJECT)}
    flask_command(environment, "db", "upgrade", "heads")
    ensure_corpus(environment, args.products, args)
    flask_command(environment, "search", "reindex")
    return base, environment, bench_app(base)


def alternating(
    environment: dict,
    workdir: str,
    maker: QueryMaker,
    settings: dict[str, Callable[[], dict]],
    args,
) -> tuple[dict[str, list[tuple[list[float], float]]], list[str]]:
    """Per setting, each round's latencies (s) and throughput (req/s) of distinct cold queries,
    rounds alternating the settings so the machine's drift falls on each alike; and every path
    sent. A setting prepares itself and returns the server's extra environment."""
    figures: dict[str, list] = {name: [] for name in settings}
    sent: list[str] = []
    for _ in range(args.rounds):
        for name, prepare in settings.items():
            process, port = serve("wsgi:app", {**environment, **prepare()}, 2, workdir)
            try:
                drive_each(port, [query.path for query in maker.mix(1)], args.clients)  # warm-up
                cold = [query.path for query in maker.mix(args.per_kind)]
                replies, elapsed = drive_each(port, cold, args.clients)
            finally:
                process.terminate()
                process.wait(timeout=30)
            _refuse_failures(replies)
            figures[name].append(([reply.seconds for reply in replies], len(replies) / elapsed))
            sent.extend(cold)
    return figures, sent


def _refuse_failures(replies: list[Reply]) -> None:
    failed = [reply for reply in replies if reply.status != 200]
    if failed:
        raise RuntimeError(f"{len(failed)} searches failed: {failed[0].body[:200]!r}")
