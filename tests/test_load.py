"""A short load run: 8 clients browse, search and edit through 4 gunicorn workers for 10 s.

bench/load_test.py runs the full version (16 clients, 60 s, SQLite then PostgreSQL); this one
uses a temporary SQLite file, so it never touches the suite's database, and runs once: in the
SQLite run of the suite. Rate limits are off.
"""

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_a_short_load_run_has_no_server_errors_and_loses_no_edit(
    database_url, tmp_path, monkeypatch, capsys
):
    if not database_url.startswith("sqlite"):
        pytest.skip("it runs on a SQLite file of its own: the SQLite run of the suite covers it")
    monkeypatch.syspath_prepend(str(BENCH))
    import load_test

    run = load_test.run_load(f"sqlite:///{tmp_path / 'load.db'}", seconds=10, clients=8)
    # Correctness only: edit-to-searchable is printed here and judged on the full run
    # (bench/load_test.py), since 10 s on two cores shared with the suite is too short to time.
    failures = load_test.report("SQLite", run, latency_target=False)
    assert not failures, capsys.readouterr().out
