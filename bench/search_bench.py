"""Search benchmark over HTTP: cold distinct queries by kind, warm repeats, suggest, edits, RSS,
on each search backend, and two hosts on one database.

Run by hand from the project root: `PYTHONPATH=. .venv/bin/python bench/search_bench.py`
(`--scales 10000,100000`; `--database-url` for another database, migrated and topped up to each
scale, never emptied). Everything else lives in one temporary dir; gunicorn listens on loopback.

`--backends whoosh,postgres` runs the whole measurement once per backend at each scale, with
SEARCH_BACKEND set for the in-process app and for gunicorn; "postgres" needs a PostgreSQL
`--database-url`. The corpus is topped up once per scale, before the backends run (with Whoosh,
as `flask demo generate --no-reindex` and `flask search worker --once` leave it); each backend
then times its own full reindex in process: for Whoosh the index directory's size is printed,
for PostgreSQL that of the search_entries and search_words tables plus the host's mirror (which
its reindex builds too).

Headline rows are cold: every query is a distinct text drawn from the indexed corpus (single
words, pairs, triples, quoted phrases, one-edit misspellings, filtered and faceted queries; see
bench/search_queries.py), sent exactly once through gunicorn (`--workers`, default 2) by
`--clients` (2) concurrent clients to /api/v1/search with no `type`: all types, with the facets
and highlights the endpoint returns. Every backend gets the same queries. The "warm (repeated)"
rows send one query of each kind over and over. Suggest is measured the same way, with distinct
prefixes. Before any of it, a throwaway round of other distinct queries lets each worker open the
index. Targets are judged on cold rows only. The earlier in-process and bare-Whoosh rows are gone:
they repeated eight fixed queries, so they timed cache hits, and the bare index doubled the build
on a two-core machine.

The two-host run (`--two-hosts`, on by default; bench/two_hosts.py) starts two gunicorn
instances on the same database, each with its own SEARCH_INDEX_DIR (the second host gets a copy
of the first one's index, as a host would be provisioned: a Whoosh copy under an identity of
its own, a PostgreSQL mirror that then catches up from the change log), sends each a short cold mix
(`--host-queries` of each kind) and then `--edits` renames, alternately through host A and
host B, polling both hosts after each until the new word finds the product or 10 s pass. With
Whoosh the second host is refused (its /readyz says so) and finds none of the edits: the table
shows it. A comparison of the backends and the target check close the run.
"""

import argparse
import contextlib
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from loopback import (
    PROJECT,
    Reply,
    drive_each,
    flask_command,
    logged_exceptions,
    percentiles_ms,
    serve,
    worker_rss_mb,
)
from search_corpus import bench_app, ensure_corpus, read_corpus
from search_queries import KINDS, QueryMaker, suggest_path
from two_hosts import (
    TOO_LONG,
    HostRun,
    admin_token,
    copy_index,
    rename_product,
    run_two_hosts,
    searchable_after,
)

BACKENDS = ("whoosh", "postgres")
HTTP_P95_MS = {
    "whoosh": {10_000: 40, 100_000: 150},
    "postgres": {10_000: 150, 100_000: 150},
}
WORKER_RSS_MB = {100_000: 300}
SUGGEST_P95_MS = 20
EDIT_P95_MS = 1_000
WARM_UP = 10  # throwaway prefixes, sent with a throwaway query mix before anything is timed
CORPUS_SAMPLE = 1_500  # products, and as many articles, whose text the queries come from
COLD, WARM = "cold", "warm (repeated)"
COLUMNS = f"{'n':>6}{'errors':>7}{'matches':>9}" + "".join(
    f"{title:>9}" for title in ("p50 ms", "p95 ms", "p99 ms", "max ms")
)
TABLE_SIZE = (
    "SELECT pg_total_relation_size('search_entries') + pg_total_relation_size('search_words')"
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10000,100000", help="product counts, in order")
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--database-url", help="default: a SQLite file in the temporary dir")
    choices = ", ".join(BACKENDS)
    parser.add_argument("--backends", default="whoosh", help=f"in order, of: {choices}")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=2, help="concurrent HTTP clients (= cores)")
    parser.add_argument("--per-kind", type=int, default=40, help="distinct queries of each kind")
    parser.add_argument("--prefixes", type=int, default=150, help="distinct suggest prefixes")
    parser.add_argument("--repeats", type=int, default=10, help="sends of each warm query")
    parser.add_argument("--seconds", type=float, default=600, help="cap per measured phase")
    parser.add_argument("--edits", type=int, default=20, help="renames: one host, then two")
    parser.add_argument(
        "--two-hosts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also serve each backend from two gunicorn instances on one database",
    )
    parser.add_argument(
        "--host-queries", type=int, default=10, help="distinct queries of each kind per host"
    )
    args = parser.parse_args()
    typed, args.backends = args.backends, [name.strip() for name in args.backends.split(",")]
    if not set(args.backends) <= set(BACKENDS):
        parser.error(f"--backends takes names of {choices}, not {typed!r}")
    scheme = urlsplit(args.database_url or "").scheme.partition("+")[0]
    if "postgres" in args.backends and scheme not in ("postgres", "postgresql"):
        parser.error(
            "the postgres backend indexes in PostgreSQL itself: give --database-url "
            "postgresql://… (a database of the benchmark's own; the default is SQLite)"
        )
    return args


def directory_mb(path: str) -> float:
    """Bytes under `path`, in MB (symlinks not followed)."""
    files = (entry for entry in Path(path).rglob("*") if entry.is_file() and not entry.is_symlink())
    return sum(entry.stat().st_size for entry in files) / 1e6


def measure_index_build(app, backend: str) -> dict:
    """Time a full reindex of every type, in process, and size what it leaves: the index
    directory (Whoosh) or the search tables (PostgreSQL)."""
    from sqlalchemy import text

    from core.extensions import db
    from search import service

    with app.app_context():
        started = time.perf_counter()
        counts = service.reindex()
        seconds = time.perf_counter() - started
        if backend == "postgres":  # the tables, and this host's mirror (built by the reindex)
            size = db.session.scalar(text(TABLE_SIZE)) / 1e6
            size += directory_mb(app.config["SEARCH_INDEX_DIR"])
            db.session.remove()
        else:
            size = directory_mb(app.config["SEARCH_INDEX_DIR"])
    return {"seconds": seconds, "docs": sum(counts.values()), "mb": size}


def edit_delays(port: int, slugs: list[str], token: str) -> list[float]:
    """Seconds from sending a PATCH (with If-Match) to finding the new name via /search
    (TOO_LONG, for an edit never found)."""
    delays = []
    for slug in slugs:
        delay, _ = searchable_after(port, slug, *rename_product(port, slug, token))
        delays.append(TOO_LONG if delay is None else delay)
    return delays


def measure_http(environment: dict, workdir: str, maker: QueryMaker, slugs: list[str], args):
    """Cold and warm searches and suggests through gunicorn, worker memory, edit-to-searchable."""
    process, port = serve("wsgi:app", environment, args.workers, workdir)
    out: dict = {}
    try:
        # A worker opens the index on its first requests; throwaway queries pay for that.
        prefixes = [suggest_path(prefix) for prefix in maker.prefixes(WARM_UP + args.prefixes)]
        throwaway, prefixes = prefixes[:WARM_UP], prefixes[WARM_UP:]
        drive_each(
            port, [query.path for query in maker.mix(args.workers)] + throwaway, args.clients
        )
        cold = maker.mix(args.per_kind)
        out["cold"] = drive_each(port, [query.path for query in cold], args.clients, args.seconds)
        out["rss_cold"] = worker_rss_mb(process.pid)
        again = [next(query.path for query in cold if query.kind == kind) for kind in KINDS]
        out["warm"] = drive_each(port, again * args.repeats, args.clients, args.seconds)
        out["suggest"] = drive_each(port, prefixes, args.clients, args.seconds)
        repeated = prefixes[: len(KINDS)] * args.repeats
        out["suggest_warm"] = drive_each(port, repeated, args.clients, args.seconds)
        out["rss"] = worker_rss_mb(process.pid)
        out["edits"] = edit_delays(port, slugs, admin_token(port))
    finally:
        process.terminate()
        process.wait(timeout=30)
    out["exceptions"] = logged_exceptions(workdir, "wsgi:app")
    out["kinds"] = {query.path: query.kind for query in cold}
    out["examples"] = {kind: next(q for q in cold if q.kind == kind) for kind in KINDS}
    return out


def matches(reply: Reply) -> int:
    """How many results a reply counted: the search total, or the suggestions listed."""
    document = json.loads(reply.body)
    return document["meta"]["total"] if "meta" in document else len(document["items"])


def row(label: str, replies: list[Reply], example: str = "") -> dict:
    """Print one table row (latencies of the 200 replies, errors apart); return its figures."""
    ok = [reply for reply in replies if reply.status == 200]
    latencies = [reply.seconds for reply in ok]
    p50, p95, p99 = percentiles_ms(latencies, 50, 95, 99)
    top = max(latencies, default=float("nan")) * 1000
    found = statistics.median(matches(reply) for reply in ok) if ok else float("nan")
    print(f"{label:<24}{len(replies):>6}{len(replies) - len(ok):>7}{found:>9.0f}{p50:>9.1f}"
          f"{p95:>9.1f}{p99:>9.1f}{top:>9.1f}  {example}")  # fmt: skip
    return {"p95": p95, "errors": len(replies) - len(ok)}


def described(path: str) -> str:
    """A query URL as a person would read it: the text, then the filters."""
    pairs = parse_qsl(urlsplit(path).query)
    text = " ".join(f"{name}={value}" for name, value in pairs if name != "q")
    return f"{dict(pairs).get('q', '')}  {text}".strip()[:60]


def report_scale(scale: int, backend: str, build: dict, remote: dict, args) -> dict:
    """Print one scale's tables for one backend; return the figures the target check needs."""
    print(f"\n=== {scale:,} products, search backend {backend}, {args.workers} workers, "
          f"{args.clients} clients (load average "
          f"{'/'.join(f'{v:.2f}' for v in os.getloadavg())}) ===")  # fmt: skip
    rate = build["docs"] / build["seconds"]
    kept = "search tables + mirror" if backend == "postgres" else "index directory"
    print(f"index build (full reindex, in process): {build['seconds']:.1f} s for "
          f"{build['docs']:,} documents ({rate:.0f}/s), {kept} {build['mb']:.1f} MB")  # fmt: skip
    cold, _ = remote["cold"]
    print(f"\n{'/api/v1/search, all types':<24}{COLUMNS}  example (cold: each query sent once)")
    for kind in KINDS:
        replies = [reply for reply in cold if remote["kinds"][reply.path] == kind]
        row(f"{COLD}: {kind}", replies, described(remote["examples"][kind].path))
    mix = row(f"{COLD}: whole mix", cold)
    warm = row(
        WARM, remote["warm"][0], f"{len(KINDS)} queries of the mix, {args.repeats} times each"
    )
    print(f"\n{'/api/v1/search/suggest':<24}{COLUMNS}")
    suggest = row(f"{COLD}: prefixes", remote["suggest"][0], "each prefix sent once")
    row(WARM, remote["suggest_warm"][0], f"{len(KINDS)} prefixes, {args.repeats} times each")
    report_misspellings(cold, remote["kinds"])
    replies = cold + remote["warm"][0] + remote["suggest"][0] + remote["suggest_warm"][0]
    report_errors(replies, remote["exceptions"])
    rss = remote["rss"]
    print(f"\ngunicorn worker RSS: {', '.join(f'{mb:.0f}' for mb in remote['rss_cold'])} MB after "
          f"the cold mix, {', '.join(f'{mb:.0f}' for mb in rss)} MB at the end")  # fmt: skip
    edits = remote["edits"]
    p50, p95 = percentiles_ms(edits, 50, 95)
    never = sum(delay >= TOO_LONG for delay in edits)
    print(f"edit-to-searchable over {len(edits)} PATCHes: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
          f"max {max(edits) * 1000:.0f} ms"
          + (f" ({never} never found within {TOO_LONG:.0f} s)" if never else ""))  # fmt: skip
    return {
        "http_p95": mix["p95"],
        "http_errors": mix["errors"],
        "warm_p95": warm["p95"],
        "suggest_p95": suggest["p95"],
        "rss_mb": max(rss),
        "edit_p95": p95,
        "build": build,
    }


def report_misspellings(replies: list[Reply], kinds: dict[str, str]) -> None:
    """How often a misspelt query got a "did you mean" or still found something."""
    misspelt = [r for r in replies if kinds[r.path] == "misspelt" and r.status == 200]
    offered = sum(bool(json.loads(r.body).get("suggestion")) for r in misspelt)
    found = sum(matches(r) > 0 for r in misspelt)
    print(f"\nmisspelt queries: a suggestion for {offered} of {len(misspelt)}, "
          f"results for {found}")  # fmt: skip


def report_errors(replies: list[Reply], exceptions: Counter) -> None:
    """Print the first few failed replies, if any, and the exceptions the server logged."""
    failed = [reply for reply in replies if reply.status != 200]
    if failed:
        print(f"{len(failed)} of {len(replies)} requests failed, for instance:")
    for reply in failed[:3]:
        print(f"  {reply.status} on {reply.path}: {reply.body[:120]!r}")
    for line, count in exceptions.most_common(3):
        print(f"  logged {count} times: {line[:160]}")


def shown(milliseconds: float) -> str:
    """A figure in ms, or a dash when there is none (no edit found, say)."""
    return "—" if math.isnan(milliseconds) else f"{milliseconds:.0f}"


def host_figures(host: HostRun) -> dict:
    """Edit-to-searchable p50/p95 over the edits a host found, and its cold query p95."""
    p50, p95 = percentiles_ms(host.found, 50, 95)
    ok = [reply.seconds for reply in host.queries if reply.status == 200]
    (query_p95,) = percentiles_ms(ok, 95)
    return {
        "found": len(host.found),
        "at_once": host.at_once,
        "edits": len(host.delays),
        "p50": p50,
        "p95": p95,
        "query_p95": query_p95,
        "query_errors": len(host.queries) - len(ok),
    }


def report_two_hosts(scale: int, runs: dict[str, list[HostRun]], args) -> None:
    """Print the two-host table of one scale: every backend's hosts side by side."""
    print(f"\n=== two hosts, one database: {scale:,} products; {args.edits} edits, "
          f"alternately through host A and host B, both polled after each (never: not found "
          f"within {TOO_LONG:.0f} s); {args.host_queries} cold queries of each kind per "
          f"host ===")  # fmt: skip
    print(f"{'backend':<10}{'host':<6}{'/readyz':<16}{'PATCHes':>8}{'found':>8}{'at once':>9}"
          f"{'edit p50 ms':>13}{'edit p95 ms':>13}{'queries':>9}{'errors':>7}"
          f"{'query p95 ms':>14}")  # fmt: skip
    for backend, hosts in runs.items():
        for host in hosts:
            got = host_figures(host)
            print(f"{backend:<10}{host.name:<6}{host.readiness:<16}{host.edits_sent:>8}"
                  f"{got['found']:>4}/{got['edits']:<3}{got['at_once']:>5}/{got['edits']:<3}"
                  f"{shown(got['p50']):>13}"
                  f"{shown(got['p95']):>13}{len(host.queries):>9}{got['query_errors']:>7}"
                  f"{got['query_p95']:>14.1f}")  # fmt: skip
    print("  (at once: found by the first search sent after the PATCH returned; edit ms: from "
          "sending the PATCH to that search's answer)")  # fmt: skip
    if "whoosh" in runs:
        print("  (whoosh host B serves a copy of host A's index, taken before either started)")
    for backend, hosts in runs.items():
        for host in hosts:
            for reason in host.reasons:
                print(f"  {backend} host {host.name} /readyz: {reason[:150]}")
            for line, count in host.exceptions.most_common(3):
                print(f"  {backend} host {host.name} logged {count} times: {line[:140]}")


def report_comparison(results: dict[tuple[int, str], dict]) -> None:
    """Print each scale's figures per backend side by side (ms unless said)."""
    print(f"\n=== backends compared (cold rows unless labelled; ms) ===\n"
          f"{'scale':>9}  {'backend':<10}{'build s':>8}{'size MB':>8}{'cold p95':>9}"
          f"{'warm p95':>9}{'suggest':>8}{'edit p95':>9}{'A found':>8}{'A p95':>7}"
          f"{'B found':>8}{'B p95':>7}{'A query':>8}{'B query':>8}\n"
          f"{'':>11}(edit p95: one host; A/B found and p95: edits in the two-host run; "
          f"A/B query: its cold query p95)")  # fmt: skip
    for (scale, backend), got in results.items():
        build = got["build"]
        hosts = [host_figures(host) for host in got["hosts"]] if got["hosts"] else []
        two = "".join(
            f"{host['found']:>5}/{host['edits']:<2}{shown(host['p95']):>7}" for host in hosts
        )
        two = two or f"{'(two-host run off)':>30}"
        queries = "".join(f"{host['query_p95']:>8.1f}" for host in hosts)
        print(f"{scale:>9,}  {backend:<10}{build['seconds']:>8.1f}{build['mb']:>8.1f}"
              f"{got['http_p95']:>9.1f}{got['warm_p95']:>9.1f}{got['suggest_p95']:>8.1f}"
              f"{got['edit_p95']:>9.0f}{two}{queries}")  # fmt: skip


def target_for(table: dict[int, float], scale: int) -> tuple[float, int]:
    """The bound set for the smallest listed scale at or above `scale`, else the largest's."""
    at = min((listed for listed in table if listed >= scale), default=max(table))
    return table[at], at


def report_targets(results: dict[tuple[int, str], dict]) -> None:
    """Print the target check per scale and backend; every figure is from a cold row, or from
    the edits."""
    print(f"\n{'target check (cold rows)':<58}{'scale':>9}  {'backend':<10}{'figure':>10}  verdict")
    for (scale, backend), got in results.items():
        http, http_at = target_for(HTTP_P95_MS[backend], scale)
        rss, rss_at = target_for(WORKER_RSS_MB, scale)
        checks = [
            (f"HTTP p95, whole mix <= {http} ms (set for {http_at:,})", got["http_p95"], "ms",
             got["http_p95"] <= http and not got["http_errors"]),
            (f"suggest p95 <= {SUGGEST_P95_MS} ms", got["suggest_p95"], "ms",
             got["suggest_p95"] <= SUGGEST_P95_MS),
            (f"edit-to-searchable p95 < {EDIT_P95_MS} ms", got["edit_p95"], "ms",
             got["edit_p95"] < EDIT_P95_MS),
            (f"largest worker RSS <= {rss} MB (set for {rss_at:,})", got["rss_mb"], "MB",
             got["rss_mb"] <= rss),
        ]  # fmt: skip
        if backend == "postgres":
            for host in got["hosts"] or []:
                figures = host_figures(host)
                every = figures["at_once"] == figures["edits"]
                checks.append(
                    (f"immediate on host {host.name}: every edit found by the first search "
                     f"({figures['at_once']}/{figures['edits']}), edit p95", figures["p95"], "ms",
                     every)
                )  # fmt: skip
        for name, figure, unit, met in checks:
            print(f"{name:<58}{scale:>9,}  {backend:<10}{figure:>7.1f} {unit}  "
                  f"{'met' if met else 'MISSED'}")  # fmt: skip
        if backend == "postgres" and not got["hosts"]:
            print(f"{'immediate on both hosts':<58}{scale:>9,}  {backend:<10}"
                  f"{'':>10}  not measured (--no-two-hosts)")  # fmt: skip
        if got["http_errors"]:
            print(f"{'':<4}({got['http_errors']} cold searches failed: the HTTP target is missed)")


def wait_for_claims_to_lapse(quiet_from: float) -> None:
    """Wait until Whoosh hosts stopped at `quiet_from` (monotonic) no longer hold the search
    outbox, so a new index directory is not refused by their claims (SEARCH_CLAIM_WINDOW)."""
    from core.config import Config

    window = float(os.environ.get("SEARCH_CLAIM_WINDOW", Config.SEARCH_CLAIM_WINDOW))
    left = quiet_from + window + 1 - time.monotonic()
    if left > 0:
        print(f"(waiting {left:.0f} s for the last Whoosh hosts' claims to lapse)", flush=True)
        time.sleep(left)


def main() -> None:
    args = parse_args()
    scales = [int(scale) for scale in args.scales.split(",")]
    print(f"search benchmark, scales {scales}, backends {args.backends}, "
          f"load average {os.getloadavg()}", flush=True)  # fmt: skip
    results: dict[tuple[int, str], dict] = {}
    whoosh_stopped = -math.inf
    with tempfile.TemporaryDirectory(prefix="search-bench-") as workdir:
        database = args.database_url or f"sqlite:///{workdir}/bench.db"
        base = {"DATABASE_URL": database, "SECRET_KEY": "benchmark", "RATELIMIT_ENABLED": "false"}
        environment = {**os.environ, **base, "PYTHONPATH": str(PROJECT)}
        flask_command(environment, "db", "upgrade", "heads")
        for scale in scales:
            # The corpus's index directory is the first Whoosh host's: it keeps the outbox.
            whoosh_dir = f"{workdir}/index-{scale}"
            corpus_settings = {**base, "SEARCH_BACKEND": "whoosh", "SEARCH_INDEX_DIR": whoosh_dir}
            wait_for_claims_to_lapse(whoosh_stopped)
            loaded, slugs = ensure_corpus({**environment, **corpus_settings}, scale, args)
            print(f"\n--- {scale:,} products + {loaded['articles']:,} articles: generated "
                  f"{loaded['added']:,} products in {loaded['generate_s']:.1f} s ---")  # fmt: skip
            rng = random.Random(f"queries-{scale}")  # noqa: S311  (a sample, not secrets)
            corpus = read_corpus(bench_app(corpus_settings), CORPUS_SAMPLE, rng)
            drawn = rng.getstate()
            runs: dict[str, list[HostRun]] = {}
            for backend in args.backends:
                index_dir = whoosh_dir if backend == "whoosh" else f"{workdir}/index-{scale}-pg"
                settings = {**base, "SEARCH_BACKEND": backend, "SEARCH_INDEX_DIR": index_dir}
                app = bench_app(settings)
                # The app logs to stderr; it still does, out of sight.
                with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
                    build = measure_index_build(app, backend)
                queries = random.Random()  # noqa: S311  every backend draws the same queries
                queries.setstate(drawn)
                maker = QueryMaker(corpus, queries)
                served = {**environment, **settings}
                remote = measure_http(served, workdir, maker, slugs, args)
                results[scale, backend] = report_scale(scale, backend, build, remote, args)
                results[scale, backend]["hosts"] = None
                if args.two_hosts:
                    second = f"{index_dir}-b"
                    copy_index(index_dir, second)
                    runs[backend] = run_two_hosts(
                        served, (index_dir, second), f"{workdir}/{backend}-{scale}", maker,
                        slugs, args,
                    )  # fmt: skip
                    results[scale, backend]["hosts"] = runs[backend]
                if backend == "whoosh":
                    whoosh_stopped = time.monotonic()
                sys.stdout.flush()
            if runs:
                report_two_hosts(scale, runs, args)
        report_comparison(results)
        report_targets(results)


if __name__ == "__main__":
    main()
