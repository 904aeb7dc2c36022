"""The README documents every column, and the example files import cleanly into the demo."""

import re
from pathlib import Path

import pytest

from bulk.columns import COLUMNS

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_documents_every_column():
    readme = (ROOT / "README.md").read_text()
    documented = re.findall(r"^\| `([a-z_]+)` \| (product|variant) \|", readme, re.MULTILINE)
    assert documented == [(column.name, column.level.value) for column in COLUMNS]


@pytest.mark.slow  # the demo catalogue renders its photos
def test_the_example_files_import_into_the_demo_catalogue(runner, client, editor):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    created = runner.invoke(args=["catalog", "import", str(ROOT / "examples" / "products.csv")])
    assert created.exit_code == 0, created.output
    assert "applied; 2 create" in created.output and "2 created" in created.output

    arden = client.get(
        "/api/v1/products/kestrel-arden-twin-handle-bridge-faucet", headers=editor
    ).json
    assert arden["specs"]["flow_rate"]["l_per_min"] == "6.81"  # 1.8 gpm
    assert arden["specs"]["spout_height"]["mm"] == 241  # 9.5 in
    assert {c["slug"] for c in arden["certifications"]} == {"nsf-ansi-61", "nsf-ansi-372"}
    again = runner.invoke(args=["catalog", "import", str(ROOT / "examples" / "products.csv")])
    assert "2 unchanged" in again.output and "created" not in again.output

    prices = runner.invoke(args=["catalog", "import", str(ROOT / "examples" / "price-list.csv")])
    assert prices.exit_code == 0, prices.output
    assert "1 updated" in prices.output
    arden = client.get(
        "/api/v1/products/kestrel-arden-twin-handle-bridge-faucet", headers=editor
    ).json
    assert [(v["sku"], v["price"]["amount"], v["stock"]) for v in arden["variants"]] == [
        ("KST-AR200-GM", "319.00", 36),
        ("KST-AR200-CP", "269.00", 60),
        ("KST-AR200-BN", "299.00", 0),
    ]
