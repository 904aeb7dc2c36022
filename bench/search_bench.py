"""Search benchmark: index build, query mix, suggest and edit-to-searchable, against bare Whoosh.

Run by hand from the project root: `PYTHONPATH=. .venv/bin/python bench/search_bench.py`
(`--scales 10000,100000`; `--database-url` for another database, migrated and topped up to each
scale, never emptied). Everything else lives in one temporary dir; gunicorn listens on loopback.
"""

import argparse
import contextlib
import json
import os
import random
import string
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from loopback import (
    PROJECT,
    drive,
    flask_command,
    http_request,
    percentiles_ms,
    serve,
    worker_rss_mb,
)
from search_corpus import ADMIN, bench_app, ensure_corpus
from whoosh_baseline import BareIndex

PRICE = {"finish": ["gunmetal"], "min_price": Decimal(150), "max_price": Decimal(400)}
MIX = [
    {"label": "single common term", "text": "faucet"},
    {"label": "two terms", "text": "gunmetal kitchen"},
    {"label": "phrase", "text": '"ceramic disc"'},
    {"label": "prefix", "text": "gunm", "bare": "gunm*"},
    {"label": "filtered: term+finish+price", "text": "faucet", "filters": PRICE,
     "bare_filter": ("gunmetal", 150, 400)},
    {"label": "faceted", "text": "twin handle", "bare_facets": True},
    {"label": "misspelt", "text": "gunmetl faucett"},
    {"label": "faceted + highlights", "text": "brass cartridge", "bare_facets": True},
]  # fmt: skip
PREFIXES = ("gunm", "fauc", "ceram", "tw", "brass c", "kitch", "pull d", "nick")
TARGETS_MS = {10_000: 50, 100_000: 250}
TOO_LONG = 10.0  # seconds an edit may take to show up before the trial counts as failed


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10000,100000", help="product counts, in order")
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--database-url", help="default: a SQLite file in the temporary dir")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=2, help="concurrent HTTP clients (= cores)")
    parser.add_argument("--requests", type=int, default=200, help="per query, through HTTP")
    parser.add_argument("--repeats", type=int, default=50, help="per query, in-process")
    parser.add_argument("--seconds", type=float, default=15, help="cap per query and channel")
    parser.add_argument("--edits", type=int, default=20)
    return parser.parse_args()


def search_path(entry: dict) -> str:
    """The /api/v1/search URL of a query mix entry."""
    filters = entry.get("filters", {})
    arguments = [("q", entry["text"])] + [
        (name, str(item))
        for name, value in filters.items()
        for item in (value if isinstance(value, list) else [value])
    ]
    return "/api/v1/search?" + "&".join(f"{name}={quote(value)}" for name, value in arguments)


def timed(call, repeats: int, seconds: float, warm: int = 3) -> list[float]:
    """Latencies (s) of up to `repeats` calls, within `seconds`, after `warm` untimed ones."""
    for _ in range(warm):
        call()
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(latencies) < repeats and time.perf_counter() < deadline:
        started = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - started)
    return latencies


def directory_mb(path: str) -> float:
    """Bytes under `path`, in MB (symlinks not followed)."""
    files = (entry for entry in Path(path).rglob("*") if entry.is_file() and not entry.is_symlink())
    return sum(entry.stat().st_size for entry in files) / 1e6


def served(app, entry: dict) -> list[dict]:
    """One query of the mix through the service, presented, in its own app context (session)."""
    from search import service

    with app.app_context():
        return service.present(service.search(entry["text"], filters=entry.get("filters")))


def measure_in_process(app, workdir: str, scale: int, args) -> dict:
    """Reindex against a bare writer loop, then the query mix and suggest via the service."""
    from search import service
    from search.indexer import documents_of
    from search.registry import document_types

    out: dict = {"rows": []}
    with app.app_context():
        started = time.perf_counter()
        counts = service.reindex()
        out["reindex_s"] = time.perf_counter() - started
        out["docs"] = sum(counts.values())
        out["index_mb"] = directory_mb(app.config["SEARCH_INDEX_DIR"])
        bare = BareIndex(tempfile.mkdtemp(prefix=f"bare-{scale}-", dir=workdir))
        started = time.perf_counter()
        bare.build((kind.name, documents_of(kind)[1]) for kind in document_types())
        out["bare_s"] = time.perf_counter() - started
        out["bare_mb"] = directory_mb(bare.directory)
        for entry in MIX:
            page = service.search(entry["text"], filters=entry.get("filters"))
            latencies = timed(lambda entry=entry: served(app, entry), args.repeats, args.seconds)
            out["rows"].append([entry["label"], "service", page.total, latencies])
        prefixes = iter(PREFIXES * (args.repeats * 4))
        suggest = timed(lambda: service.suggest(next(prefixes)), args.repeats * 4, args.seconds)
        out["rows"].append(["suggest", "service", len(service.suggest("gunm")), suggest])
        mix = [{**entry, "bare": entry.get("bare", entry["text"])} for entry in MIX]
        bare_latencies = bare.timed_queries(mix, args.repeats, args.seconds)
        bare.close()
        for entry in MIX:
            out["rows"].append([entry["label"], "bare whoosh", "", bare_latencies[entry["label"]]])
    return out


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
        while time.perf_counter() - started < TOO_LONG:
            status, _, body = http_request(port, f"/api/v1/search?q={word}&type=product")
            items = json.loads(body)["items"] if status == 200 else []
            if any(item["document"]["slug"] == slug for item in items):
                break
            time.sleep(0.01)
        delays.append(time.perf_counter() - started)
    return delays


def measure_http(environment: dict, workdir: str, slugs: list[str], args) -> dict:
    """The query mix and suggest through gunicorn, worker memory, then edit-to-searchable."""
    process, port = serve("wsgi:app", environment, args.workers, workdir)
    out: dict = {"rows": []}
    try:
        for entry in MIX:
            path = search_path(entry)
            drive(port, path, args.workers * 5, args.clients, args.seconds)
            latencies, _ = drive(port, path, args.requests, args.clients, args.seconds)
            out["rows"].append([entry["label"], "http", "", latencies])
        suggest = []
        for prefix in PREFIXES:
            path = f"/api/v1/search/suggest?q={quote(prefix)}"
            suggest += drive(port, path, args.requests // 4, args.clients, args.seconds)[0]
        out["rows"].append(["suggest", "http", "", suggest])
        out["rss_mb"] = worker_rss_mb(process.pid)
        token_request = json.dumps({"email": ADMIN[0], "password": ADMIN[1]}).encode()
        status, _, body = http_request(
            port, "/api/v1/auth/tokens", "POST", token_request, {"Content-Type": "application/json"}
        )
        assert status == 201, body[:200]
        out["edits"] = edit_delays(port, slugs, json.loads(body)["token"])
    finally:
        process.terminate()
        process.wait(timeout=30)
    return out


def report_scale(scale: int, loaded: dict, local: dict, remote: dict) -> dict:
    """Print one scale's tables; return the figures the target check needs."""
    print(f"\n=== {scale:,} products + {loaded['articles']:,} articles "
          f"(load average {'/'.join(f'{v:.2f}' for v in os.getloadavg())}) ===")  # fmt: skip
    print(f"generated {loaded['added']:,} products in {loaded['generate_s']:.1f} s")
    rate, bare_rate = local["docs"] / local["reindex_s"], local["docs"] / local["bare_s"]
    print(f"{'index build':<34}{'seconds':>9}{'docs/s':>9}{'MB':>9}")
    print(f"{'  flask search reindex (service)':<34}{local['reindex_s']:>9.1f}{rate:>9.0f}"
          f"{local['index_mb']:>9.1f}")  # fmt: skip
    print(f"{'  bare Whoosh writer loop':<34}{local['bare_s']:>9.1f}{bare_rate:>9.0f}"
          f"{local['bare_mb']:>9.1f}")  # fmt: skip
    rss = remote["rss_mb"]
    print(f"gunicorn worker RSS after the mix: {', '.join(f'{mb:.0f}' for mb in rss)} MB")
    print(f"\n{'query':<30}{'via':<13}{'matches':>8}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}{'vs bare p50':>13}")  # fmt: skip
    rows = local["rows"] + remote["rows"]
    bare_p50 = {r[0]: percentiles_ms(r[3], 50)[0] for r in rows if r[1] == "bare whoosh"}
    for label, via, matches, latencies in sorted(rows, key=lambda r: ([m["label"] for m in MIX]
                                                 + ["suggest"]).index(r[0])):  # fmt: skip
        p50, p95, p99 = percentiles_ms(latencies, 50, 95, 99)
        ratio = (
            f"{p50 / bare_p50[label]:.2f}x" if via != "bare whoosh" and label in bare_p50 else ""
        )
        print(f"{label:<30}{via:<13}{matches!s:>8}{len(latencies):>6}{p50:>9.1f}{p95:>9.1f}"
              f"{p99:>9.1f}{ratio:>13}")  # fmt: skip
    pooled = {via: [t for r in rows if r[1] == via and r[0] != "suggest" for t in r[3]]
              for via in ("service", "http", "bare whoosh")}  # fmt: skip
    for via, latencies in pooled.items():
        p50, p95, p99 = percentiles_ms(latencies, 50, 95, 99)
        print(f"{'whole mix':<30}{via:<13}{'':>8}{len(latencies):>6}{p50:>9.1f}{p95:>9.1f}"
              f"{p99:>9.1f}")  # fmt: skip
    edits = remote["edits"]
    p50, p95 = percentiles_ms(edits, 50, 95)
    print(f"\nedit-to-searchable over {len(edits)} PATCHes: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
          f"max {max(edits) * 1000:.0f} ms")  # fmt: skip
    suggest = {r[1]: percentiles_ms(r[3], 95)[0] for r in rows if r[0] == "suggest"}
    return {
        "http_p95": percentiles_ms(pooled["http"], 95)[0],
        "suggest_http": suggest["http"],
        "suggest_service": suggest["service"],
        "edit_p95": p95,
        "reindex_ratio": local["reindex_s"] / local["bare_s"],
    }


def report_targets(results: dict[int, dict]) -> None:
    """Print the target check table across scales."""
    print(f"\n{'target check':<52}{'scale':>9}{'figure':>12}  verdict")
    for scale, got in results.items():
        limit = TARGETS_MS.get(scale, TARGETS_MS[max(TARGETS_MS)])
        checks = [
            (f"HTTP p95, whole mix (facets+highlights) < {limit} ms", got["http_p95"], limit),
            ("suggest p95 via HTTP < 20 ms", got["suggest_http"], 20),
            ("suggest p95 via service < 20 ms", got["suggest_service"], 20),
            ("edit-to-searchable p95 < 1000 ms", got["edit_p95"], 1000),
        ]
        for name, figure, bound in checks:
            verdict = "met" if figure < bound else "MISSED"
            print(f"{name:<52}{scale:>9,}{figure:>9.1f} ms  {verdict}")
        ratio = got["reindex_ratio"]
        verdict = "met" if ratio <= 1.25 else "MISSED"
        print(f"{'full reindex <= 1.25x the bare writer loop':<52}{scale:>9,}{ratio:>10.2f}x  "
              f"{verdict}")  # fmt: skip


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
            index_dir = f"{workdir}/index-{scale}"
            settings = {**base, "SEARCH_INDEX_DIR": index_dir}
            loaded, slugs = ensure_corpus({**environment, **settings}, scale, args)
            app = bench_app(settings)
            # The app logs one line per request to stderr; it still does, out of sight.
            with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
                local = measure_in_process(app, workdir, scale, args)
            remote = measure_http({**environment, **settings}, workdir, slugs, args)
            results[scale] = report_scale(scale, loaded, local, remote)
            sys.stdout.flush()
        report_targets(results)


if __name__ == "__main__":
    main()
