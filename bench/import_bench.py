"""Spreadsheet import and export: 10,000 products checked, applied and searchable; exports at two
sizes with their peak memory.

A synthetic catalogue (`flask demo generate`) is exported with `flask catalog export`, each run in
its own process so its peak RSS is its own; the CSV is then imported into an empty catalogue
(same taxonomy) the way a job worker runs it: checked in full (the dry run), then written a
product per transaction, then searched for until its last product is found.

    PYTHONPATH=. .venv/bin/python bench/import_bench.py                 # SQLite files in /tmp
    PYTHONPATH=. .venv/bin/python bench/import_bench.py \\
        --source-url postgresql://…/bench_source --target-url postgresql://…/bench_target

Give PostgreSQL runs two empty databases of their own.
"""

import argparse
import contextlib
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.loopback import PROJECT, flask_command

IMPORT_TARGET_SECONDS = 30
SEARCHABLE_TARGET_SECONDS = 60


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000, help="products imported")
    parser.add_argument(
        "--export-sizes", default="10000,100000", help="catalogue sizes the export is timed at"
    )
    parser.add_argument("--source-url", help="the exported catalogue (default: SQLite file)")
    parser.add_argument("--target-url", help="the empty catalogue imported into (default: SQLite)")
    return parser.parse_args()


def timed_export(environment: dict[str, str], path: Path) -> tuple[float, float, int]:
    """Run `flask catalog export` in a process of its own: (seconds, peak RSS in MB, bytes)."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "flask", "--app", "wsgi", "catalog", "export", str(path)],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _high_water_mb(process.pid))
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"flask catalog export {path.name} failed")
    return elapsed, peak, path.stat().st_size


def _high_water_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM: its own, not its parent's at fork)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def grow(environment: dict[str, str], have: int, want: int) -> int:
    """Add synthetic products until the source holds `want`; how many it holds."""
    if want > have:
        flask_command(
            environment, "demo", "generate", "--products", str(want - have), "--no-reindex"
        )
    return max(want, have)


def run_import(settings: dict[str, str], source: Path) -> dict[str, float]:
    """Check, then apply, `source` in an empty catalogue; the phases' seconds and counts."""
    from sqlalchemy import select

    from app import create_app
    from bulk import runner, services
    from catalog.models import Product
    from catalog.synthetic import ensure_taxonomy
    from core.extensions import db
    from search import service as search_service

    app = create_app(settings)
    data = source.read_bytes()
    with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet), app.app_context():
        ensure_taxonomy()
        owner = runner.worker_name()
        started = time.perf_counter()
        job = services.start_import(source.name, data, user=None, held_by=owner)
        runner.run(job.id, owner)
        checked = time.perf_counter()
        if job.counts.get("invalid") or job.errors:
            raise RuntimeError(f"the export did not import cleanly: {job.errors[:3]}")
        services.apply_import(job, held_by=owner)
        runner.run(job.id, owner)
        applied = time.perf_counter()
        slug, name = _last_product(source)
        last_id = db.session.scalar(select(Product.id).where(Product.slug == slug))
        while last_id not in _found(search_service, name):
            time.sleep(0.05)
        searchable = time.perf_counter()
    return {
        "rows": job.rows_total,
        "products": job.products_total,
        "created": job.counts.get("created", 0),
        "check": checked - started,
        "apply": applied - checked,
        "searchable": searchable - checked,
        "total": searchable - started,
    }


def _last_product(source: Path) -> tuple[str, str]:
    """The slug and name of the file's last product."""
    with source.open(encoding="utf-8-sig", newline="") as rows:
        named = [(row["slug"], row["name"]) for row in csv.DictReader(rows) if row["name"]]
    return named[-1]


def _found(search_service, name: str) -> set[int]:
    """The ids of the products a staff search for `name` finds first."""
    page = search_service.search(f'"{name}"', types=["product"], staff=True, per_page=100)
    return {hit.id for hit in page.hits}


def main() -> None:
    args = parse_args()
    sizes = sorted(int(size) for size in args.export_sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="import-bench-") as workdir:
        folder = Path(workdir)
        base = {**os.environ, "PYTHONPATH": str(PROJECT), "SECRET_KEY": "benchmark"}
        source = {
            **base,
            "DATABASE_URL": args.source_url or f"sqlite:///{folder}/source.db",
            "SEARCH_INDEX_DIR": str(folder / "source-index"),
        }
        target = {
            "DATABASE_URL": args.target_url or f"sqlite:///{folder}/target.db",
            "SEARCH_INDEX_DIR": str(folder / "target-index"),
            "SECRET_KEY": "benchmark",
            "RATELIMIT_ENABLED": "false",
        }
        flask_command(source, "db", "upgrade", "heads")
        flask_command({**base, **target}, "db", "upgrade", "heads")
        held = grow(source, 0, args.products)
        exported = folder / "products.csv"
        timed_export(source, exported)
        imported = run_import(target, exported)
        exports = []
        for size in sizes:
            held = grow(source, held, size)
            for suffix in ("csv", "xlsx"):
                seconds, rss, size_bytes = timed_export(source, folder / f"all.{suffix}")
                exports.append((size, suffix, seconds, rss, size_bytes))
    report(args, imported, exports)


def report(args, imported: dict[str, float], exports: list) -> None:
    database = "PostgreSQL" if (args.target_url or "").startswith("postgres") else "SQLite"
    counts = f"{imported['products']:,.0f} products, {imported['rows']:,.0f} rows"
    print(f"\nImport on {database}: {counts}")
    print(f"  check (dry run)          {imported['check']:7.1f} s")
    print(
        f"  apply                    {imported['apply']:7.1f} s   "
        f"({imported['created']:,.0f} created; target < {IMPORT_TARGET_SECONDS} s: "
        f"{'met' if imported['apply'] < IMPORT_TARGET_SECONDS else 'MISSED'})"
    )
    print(f"  apply to searchable      {imported['searchable']:7.1f} s")
    print(
        f"  upload to searchable     {imported['total']:7.1f} s   (target < "
        f"{SEARCHABLE_TARGET_SECONDS} s: "
        f"{'met' if imported['total'] < SEARCHABLE_TARGET_SECONDS else 'MISSED'})"
    )
    print("\nExport (`flask catalog export`, a process of its own)")
    print(f"  {'products':>9}  {'format':6}  {'seconds':>8}  {'peak RSS MB':>11}  {'file MB':>8}")
    for size, suffix, seconds, rss, size_bytes in exports:
        print(f"  {size:>9,}  {suffix:6}  {seconds:8.1f}  {rss:11.0f}  {size_bytes / 1e6:8.1f}")


if __name__ == "__main__":
    main()
