"""The serving entry point tunes the garbage collector: start-up frozen, fewer young scans."""

import json
import os
import subprocess
import sys
from pathlib import Path

from core.gc_settings import YOUNG_THRESHOLD

PROJECT = Path(__file__).resolve().parents[2]
PROBE = "import gc, json, wsgi; print(json.dumps([gc.get_threshold(), gc.get_freeze_count()]))"


def test_the_wsgi_entry_point_freezes_start_up_and_collects_less_often(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.db'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "SECRET_KEY": "probe",
    }
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed probe)
        [sys.executable, "-c", PROBE],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    (young, middle, old), frozen = json.loads(done.stdout.strip().splitlines()[-1])
    assert young == YOUNG_THRESHOLD
    assert (middle, old) == (10, 10)  # CPython's own, unchanged
    assert frozen > 10_000  # the app's modules, models and schemas
