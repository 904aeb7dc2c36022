"""`flask catalog import|export` and the export's filters, in both formats."""

import csv
import io

from openpyxl import load_workbook

from tests.catalog.conftest import variant


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_export_follows_the_listing_filters_and_staff_statuses(client, editor, make_product):
    make_product(name="Chrome Only", variants=[variant("CO-1", "chrome", "50.00")])
    make_product(name="Gunmetal Tap", variants=[variant("GT-1", "gunmetal", "80.00")])
    make_product(name="Draft Tap", variants=[], status="draft")

    everything = csv_rows(client.get("/api/v1/exports/products.csv", headers=editor).data)
    assert sorted({row["slug"] for row in everything}) == [
        "chrome-only",
        "draft-tap",
        "gunmetal-tap",
    ]
    gunmetal = client.get("/api/v1/exports/products.csv?finish=gunmetal", headers=editor)
    assert [row["slug"] for row in csv_rows(gunmetal.data)] == ["gunmetal-tap"]
    drafts = client.get("/api/v1/exports/products.csv?status=draft", headers=editor)
    assert [row["slug"] for row in csv_rows(drafts.data)] == ["draft-tap"]
    assert (
        client.get("/api/v1/exports/products.csv?finish=NOT A SLUG", headers=editor).status_code
        == 422
    )

    sheet = client.get("/api/v1/exports/products.xlsx?finish=gunmetal", headers=editor)
    assert sheet.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(sheet.data), read_only=True).active.values)
    header = list(rows[0])
    assert rows[1][header.index("slug")] == "gunmetal-tap"
    assert rows[1][header.index("price")] == 80  # a number Excel can sum


def test_the_command_line_exports_checks_and_imports(app, runner, make_product, tmp_path):
    make_product()
    exported = tmp_path / "catalogue.xlsx"
    result = runner.invoke(args=["catalog", "export", str(exported)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "catalogue.xlsx.partial").exists()

    checked = runner.invoke(args=["catalog", "import", str(exported), "--dry-run"])
    assert checked.exit_code == 0, checked.output
    assert "validated; 1 unchanged" in checked.output

    prices = tmp_path / "prices.csv"
    prices.write_text("slug,sku,price\nheritage-twin-handle-kitchen-faucet,HER-CH,179.00\n")
    applied = runner.invoke(args=["catalog", "import", str(prices)])
    assert applied.exit_code == 0, applied.output
    assert "applied; " in applied.output and "1 updated" in applied.output

    broken = tmp_path / "broken.csv"
    broken.write_text('slug,sku,price\nheritage-twin-handle-kitchen-faucet,HER-CH,"1,5"\n')
    refused = runner.invoke(args=["catalog", "import", str(broken)])
    assert refused.exit_code == 1
    assert "line 2, column price: Write 1,5 with a point" in refused.output
    assert "Nothing was written" in refused.output

    wrong = runner.invoke(args=["catalog", "export", str(tmp_path / "out.txt")])
    assert wrong.exit_code == 2 and "Name a .csv or .xlsx file" in wrong.output


def test_the_worker_command_runs_queued_jobs(runner, editor, upload, taxonomy):
    upload("slug,name\nsome-tap,Some Tap\n")
    result = runner.invoke(args=["catalog", "work", "--once"])
    assert result.exit_code == 0 and "Ran 1 import jobs." in result.output


def test_an_export_says_it_is_working_after_every_batch(
    app, client, editor, make_product, monkeypatch
):
    """A large export outlasts gunicorn's timeout for hung workers: it keeps saying it is not."""
    from bulk import export
    from core.worker_heartbeat import register_heartbeat

    beats = []
    register_heartbeat(app, lambda: beats.append(1))
    monkeypatch.setattr(export, "BATCH", 1)
    for n in range(3):
        make_product(name=f"Tap {n}", variants=[variant(f"TAP-{n}", "chrome", "50.00")])
    response = client.get("/api/v1/exports/products.xlsx", headers=editor)
    assert response.status_code == 200
    assert len(beats) >= 3
