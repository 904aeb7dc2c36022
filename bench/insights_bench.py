"""The search insights at a million logged searches: how long the console's insights page and
its CSV downloads take to answer, for each period.

Run by hand from the project root: `PYTHONPATH=. .venv/bin/python bench/insights_bench.py`
(`--searches 1000000`; `--database-url` for another, empty, migrated database).

The searches are written the way the app writes them (the writer's batches, which keep each
query's daily counts), spread evenly over the last 90 days, their queries drawn from 50,000
distinct ones by a Zipf law (a few common, a long tail); a tenth find nothing, a twentieth are
shown a "did you mean", a third have a result opened. Each page is then asked for by a
signed-in editor through the app (every layer but the network): the first request of each
period is the headline (nothing cached, by the app or the database's own caches beyond the
file system's), then the same page repeated, labelled warm.
"""

import argparse
import os
import random
import re
import tempfile
import time
from datetime import UTC, datetime, timedelta

from loopback import PROJECT, flask_command

TARGET_MS = 500
PASSWORD = "benchmark password"  # noqa: S105  (a throwaway account in a throwaway database)
VOCABULARY = 50_000
BATCH = 20_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5, help="warm requests of each page")
    parser.add_argument("--database-url")
    return parser.parse_args()


def fill_log(app, searches: int) -> float:
    """Write `searches` logged searches (and their clicks) through the app's writer; seconds."""
    from insights.models import SearchClick, SearchLogEntry
    from insights.recording import EXTENSION
    from insights.services import flush

    rng = random.Random("insights")  # noqa: S311  (made-up traffic, not secrets)
    weights = [1 / rank**1.07 for rank in range(1, VOCABULARY + 1)]
    words = [f"query {rank}" for rank in range(1, VOCABULARY + 1)]
    now = datetime.now(UTC)
    started = time.perf_counter()
    with app.app_context():
        log = app.extensions[EXTENSION]
        log.limit = BATCH * 3
        for first in range(0, searches, BATCH):
            count = min(BATCH, searches - first)
            for number, query in enumerate(rng.choices(words, weights, k=count), start=first):
                found = 0 if rng.random() < 0.1 else rng.randint(1, 400)
                row = {
                    "id": number + 1,
                    "searched_at": now - timedelta(seconds=rng.uniform(0, 89.9 * 86_400)),
                    "query": query,
                    "types": "product,article",
                    "filters": {},
                    "sort": None,
                    "page": 1,
                    "results": found,
                    "correction": "gunmetal" if rng.random() < 0.05 else None,
                    "took_ms": 5.0,
                    "source": "page",
                }
                log.add(SearchLogEntry, row)
                if found and rng.random() < 0.33:
                    click = {"search_id": number + 1, "clicked_at": row["searched_at"],
                             "doc_type": "product", "doc_id": 1, "position": 1}  # fmt: skip
                    log.add(SearchClick, click)
            written = flush()
            if written == 0:
                raise RuntimeError("the writer refused a batch: see the log")
    return time.perf_counter() - started


def timed_pages(app, repeats: int) -> list[tuple[str, float, float]]:
    """(page, first request ms, median of `repeats` more ms) of each period and download."""
    from statistics import median

    from core.auth.models import Role
    from core.auth.services import create_user

    with app.app_context():
        create_user("bench-editor@example.com", PASSWORD, Role.EDITOR, "Bench Editor")
    client = app.test_client()
    sign_in_page = client.get("/admin/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', sign_in_page)
    assert token, "the sign-in page has no CSRF token"
    form = {"email": "bench-editor@example.com", "password": PASSWORD, "csrf_token": token[1]}
    assert client.post("/admin/sign-in", data=form).status_code == 303
    paths = [f"/admin/insights?days={days}" for days in (7, 30, 90)]
    paths += [f"/admin/insights/{table}.csv?days=90" for table in ("top", "zero")]
    results = []
    for path in paths:
        timings = []
        for _ in range(1 + repeats):
            started = time.perf_counter()
            response = client.get(path)
            response.get_data()
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        results.append((path, timings[0], median(timings[1:])))
    return results


def main() -> None:
    args = parse_args()
    print(f"insights benchmark, {args.searches} searches, load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="insights-bench-") as workdir:
        settings = {
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/bench.db",
            "SECRET_KEY": "benchmark",
            "RATELIMIT_ENABLED": "false",
            "SEARCH_INDEX_DIR": f"{workdir}/index",
        }
        environment = {**os.environ, **settings, "PYTHONPATH": str(PROJECT)}
        flask_command(environment, "db", "upgrade", "heads")
        from app import create_app

        app = create_app(settings)
        seconds = fill_log(app, args.searches)
        print(f"{args.searches} searches logged through the writer in {seconds:.0f} s")
        print(f"{'page':<36}{'first ms':>10}{'warm ms':>10}")
        slowest = 0.0
        for path, first, warm in timed_pages(app, args.repeats):
            print(f"{path:<36}{first:>10.0f}{warm:>10.0f}")
            if ".csv" not in path:  # the downloads list every query: shown, not judged
                slowest = max(slowest, first)
        verdict = "met" if slowest < TARGET_MS else "MISSED"
        print(f"target: each page's first request under {TARGET_MS} ms: {verdict} "
              f"(slowest {slowest:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
