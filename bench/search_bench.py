"""Search benchmark over HTTP: cold distinct queries by kind, warm repeats, suggest, edits, RSS.

Run by hand from the project root: `PYTHONPATH=. .venv/bin/python bench/search_bench.py`
(`--scales 10000,100000`; `--database-url` for another database, migrated and topped up to each
scale, never emptied). Everything else lives in one temporary dir; gunicorn listens on loopback.

Headline rows are cold: every query is a distinct text drawn from the indexed corpus (single
words, pairs, triples, quoted phrases, one-edit misspellings, filtered and faceted queries; see
bench/search_queries.py), sent exactly once through gunicorn (`--workers`, default 2) by
`--clients` (2) concurrent clients to /api/v1/search with no `type`: all types, with the facets
and highlights the endpoint returns. The "warm (repeated)" rows send one query of each kind over
and over. Suggest is measured the same way, with distinct prefixes. Before any of it, a throwaway
round of other distinct queries lets each worker open the index. Targets are judged on cold
rows only. The earlier in-process and bare-Whoosh rows are gone: they repeated eight fixed
queries, so they timed cache hits, and the bare index doubled the build on a two-core machine.
"""

import argparse
import contextlib
import json
import os
import random
import statistics
import string
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from loopback import (
    PROJECT,
    Reply,
    drive_each,
    flask_command,
    http_request,
    logged_exceptions,
    percentiles_ms,
    serve,
    worker_rss_mb,
)
from search_corpus import ADMIN, bench_app, ensure_corpus, read_corpus
from search_queries import KINDS, QueryMaker, suggest_path

HTTP_P95_MS = {10_000: 40, 100_000: 150}
WORKER_RSS_MB = {100_000: 300}
SUGGEST_P95_MS = 20
EDIT_P95_MS = 1_000
TOO_LONG = 10.0  # seconds an edit may take to show up before the trial counts as failed
WARM_UP = 10  # throwaway prefixes, sent with a throwaway query mix before anything is timed
CORPUS_SAMPLE = 1_500  # products, and as many articles, whose text the queries come from
COLD, WARM = "cold", "warm (repeated)"
COLUMNS = f"{'n':>6}{'errors':>7}{'matches':>9}" + "".join(
    f"{title:>9}" for title in ("p50 ms", "p95 ms", "p99 ms", "max ms")
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10000,100000", help="product counts, in order")
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--database-url", help="default: a SQLite file in the temporary dir")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=2, help="concurrent HTTP clients (= cores)")
    parser.add_argument("--per-kind", type=int, default=40, help="distinct queries of each kind")
    parser.add_argument("--prefixes", type=int, default=150, help="distinct suggest prefixes")
    parser.add_argument("--repeats", type=int, default=10, help="sends of each warm query")
    parser.add_argument("--seconds", type=float, default=600, help="cap per measured phase")
    parser.add_argument("--edits", type=int, default=20)
    return parser.parse_args()


def directory_mb(path: str) -> float:
    """Bytes under `path`, in MB (symlinks not followed)."""
    files = (entry for entry in Path(path).rglob("*") if entry.is_file() and not entry.is_symlink())
    return sum(entry.stat().st_size for entry in files) / 1e6


def measure_index_build(app) -> dict:
    """Time a full reindex of every type, in process, and size the index it leaves."""
    from search import service

    with app.app_context():
        started = time.perf_counter()
        counts = service.reindex()
        seconds = time.perf_counter() - started
    size = directory_mb(app.config["SEARCH_INDEX_DIR"])
    return {"seconds": seconds, "docs": sum(counts.values()), "mb": size}


def edit_delays(port: int, slugs: list[str], token: str) -> list[float]:
    """Seconds from sending a PATCH (with If-Match) to finding the new name via /search."""
    rng = random.Random("edits")  # noqa: S311  (made-up words, not secrets)
    authorised = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    delays = []
    for slug in slugs:
        status, headers, body = http_request(port, f"/api/v1/products/{slug}")
        assert status == 200, body[:200]
        word = "".join(rng.choices(string.ascii_lowercase, k=12))
        change = json.dumps({"name": f"{json.loads(body)['name']} {word}"}).encode()
        started = time.perf_counter()
        edit = {**authorised, "If-Match": headers["ETag"]}
        status, _, body = http_request(port, f"/api/v1/products/{slug}", "PATCH", change, edit)
        assert status == 200, body[:200]
        search = f"/api/v1/search?{urlencode({'q': word, 'type': 'product'})}"
        while time.perf_counter() - started < TOO_LONG:
            status, _, body = http_request(port, search)
            items = json.loads(body)["items"] if status == 200 else []
            if any(item["document"]["slug"] == slug for item in items):
                break
            time.sleep(0.01)
        delays.append(time.perf_counter() - started)
    return delays


def admin_token(port: int) -> str:
    """A bearer token for the benchmark's admin."""
    request = json.dumps({"email": ADMIN[0], "password": ADMIN[1]}).encode()
    status, _, body = http_request(
        port, "/api/v1/auth/tokens", "POST", request, {"Content-Type": "application/json"}
    )
    assert status == 201, body[:200]
    return json.loads(body)["token"]


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


def report_scale(scale: int, loaded: dict, build: dict, remote: dict, args) -> dict:
    """Print one scale's tables; return the figures the target check needs."""
    print(f"\n=== {scale:,} products + {loaded['articles']:,} articles, {args.workers} workers, "
          f"{args.clients} clients (load average "
          f"{'/'.join(f'{v:.2f}' for v in os.getloadavg())}) ===")  # fmt: skip
    print(f"generated {loaded['added']:,} products in {loaded['generate_s']:.1f} s")
    rate = build["docs"] / build["seconds"]
    print(f"index build (full reindex, in process): {build['seconds']:.1f} s for "
          f"{build['docs']:,} documents ({rate:.0f}/s), {build['mb']:.1f} MB")  # fmt: skip
    cold, _ = remote["cold"]
    print(f"\n{'/api/v1/search, all types':<24}{COLUMNS}  example (cold: each query sent once)")
    for kind in KINDS:
        replies = [reply for reply in cold if remote["kinds"][reply.path] == kind]
        row(f"{COLD}: {kind}", replies, described(remote["examples"][kind].path))
    mix = row(f"{COLD}: whole mix", cold)
    row(WARM, remote["warm"][0], f"{len(KINDS)} queries of the mix, {args.repeats} times each")
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
    print(f"edit-to-searchable over {len(edits)} PATCHes: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
          f"max {max(edits) * 1000:.0f} ms")  # fmt: skip
    return {
        "http_p95": mix["p95"],
        "http_errors": mix["errors"],
        "suggest_p95": suggest["p95"],
        "rss_mb": max(rss),
        "edit_p95": p95,
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


def target_for(table: dict[int, float], scale: int) -> tuple[float, int]:
    """The bound set for the smallest listed scale at or above `scale`, else the largest's."""
    at = min((listed for listed in table if listed >= scale), default=max(table))
    return table[at], at


def report_targets(results: dict[int, dict]) -> None:
    """Print the target check table across scales; every figure is from a cold row."""
    print(f"\n{'target check (cold rows)':<56}{'scale':>9}{'figure':>12}  verdict")
    for scale, got in results.items():
        http, http_at = target_for(HTTP_P95_MS, scale)
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
        for name, figure, unit, met in checks:
            print(f"{name:<56}{scale:>9,}{figure:>9.1f} {unit}  {'met' if met else 'MISSED'}")
        if got["http_errors"]:
            print(f"{'':<4}({got['http_errors']} cold searches failed: the HTTP target is missed)")


def main() -> None:
    args = parse_args()
    scales = [int(scale) for scale in args.scales.split(",")]
    print(f"search benchmark, scales {scales}, load average {os.getloadavg()}", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="search-bench-") as workdir:
        database = args.database_url or f"sqlite:///{workdir}/bench.db"
        base = {"DATABASE_URL": database, "SECRET_KEY": "benchmark", "RATELIMIT_ENABLED": "false"}
        environment = {**os.environ, **base, "PYTHONPATH": str(PROJECT)}
        flask_command(environment, "db", "upgrade", "heads")
        for scale in scales:
            settings = {**base, "SEARCH_INDEX_DIR": f"{workdir}/index-{scale}"}
            loaded, slugs = ensure_corpus({**environment, **settings}, scale, args)
            app = bench_app(settings)
            # The app logs to stderr; it still does, out of sight.
            with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
                build = measure_index_build(app)
            rng = random.Random(f"queries-{scale}")  # noqa: S311  (a sample, not secrets)
            maker = QueryMaker(read_corpus(app, CORPUS_SAMPLE, rng), rng)
            remote = measure_http({**environment, **settings}, workdir, maker, slugs, args)
            results[scale] = report_scale(scale, loaded, build, remote, args)
            sys.stdout.flush()
        report_targets(results)


if __name__ == "__main__":
    main()
