"""Importing spreadsheets through the API: a dry run first, then the writing, nothing half-done."""

import csv
import io

import pytest

HEADER = (
    "slug,name,brand,category,status,handle_type,mounting,spout_type,summary,"
    "flow_rate_gpm,spout_height_in,certifications,sku,finish,price,currency,stock"
)
NEW_RANGE = "\n".join(
    [
        HEADER,
        "brook-mixer,Brook Mixer,jenor,kitchen-single-lever,published,single,deck,pull-down,"
        "A pull-down mixer.,1.5,9,NSF/ANSI 61; wras,BRK-CH,chrome,149.00,USD,4",
        "brook-mixer,,,,,,,,,,,,BRK-GM,Gunmetal,169.00,,0",
        "brook-mixer,Brook Mixer,,,,,,,,,,,BRK-MB,matte-black,159.00,usd,2",
        "tarn-basin-tap,Tarn Basin Tap,Aquaverde,Bathroom faucets,draft,twin,deck,fixed,,,,,"
        "TRN-CH,chrome,89.50,USD,",
    ]
)


def product(client, editor, slug):
    response = client.get(f"/api/v1/products/{slug}", headers=editor)
    assert response.status_code == 200, response.json
    return response.json


def test_a_new_range_is_checked_first_then_written_once(
    client, editor, taxonomy, imported, run_jobs
):
    report = imported(NEW_RANGE)
    assert report["state"] == "validated" and report["can_apply"] and report["errors"] == []
    assert report["summary"] == {"create": 2, "update": 0, "unchanged": 0, "invalid": 0}
    assert report["progress"] == {
        "rows_done": 4,
        "rows_total": 4,
        "products_done": 2,
        "products_total": 2,
    }
    assert client.get("/api/v1/products/brook-mixer", headers=editor).status_code == 404

    applied = client.post(f"/api/v1/imports/{report['id']}/apply", headers=editor)
    assert applied.status_code == 202, applied.json
    assert applied.json["state"] == "applying"
    run_jobs()
    done = client.get(f"/api/v1/imports/{report['id']}", headers=editor).json
    assert done["state"] == "applied"
    assert done["summary"]["created"] == 2

    brook = product(client, editor, "brook-mixer")
    assert brook["status"] == "published" and brook["summary"] == "A pull-down mixer."
    assert brook["specs"]["flow_rate"]["l_per_min"] == "5.68"  # 1.5 × 3.785411784
    assert brook["specs"]["spout_height"]["mm"] == 229  # 9 × 25.4 = 228.6
    assert [c["slug"] for c in brook["certifications"]] == ["nsf-ansi-61", "wras"]
    assert [
        (v["sku"], v["finish"]["slug"], v["price"]["amount"], v["stock"]) for v in brook["variants"]
    ] == [
        ("BRK-CH", "chrome", "149.00", 4),
        ("BRK-GM", "gunmetal", "169.00", 0),
        ("BRK-MB", "matte-black", "159.00", 2),
    ]
    tarn = product(client, editor, "tarn-basin-tap")
    assert (tarn["brand"]["slug"], tarn["category"]["slug"], tarn["status"]) == (
        "aquaverde",
        "bathroom-faucets",
        "draft",
    )
    assert tarn["variants"][0]["stock"] == 0

    again = imported(NEW_RANGE, dry_run=False)
    assert again["state"] == "applied"
    assert again["summary"]["unchanged"] == 2 and "updated" not in again["summary"]
    assert product(client, editor, "brook-mixer")["version"] == brook["version"]


def test_imported_products_are_audited_under_the_job_and_searchable(
    client, editor, admin, taxonomy, imported
):
    report = imported(NEW_RANGE, dry_run=False)
    assert report["state"] == "applied"
    log = client.get("/api/v1/audit?object_type=product", headers=admin).json["items"]
    assert sorted(entry["object_label"] for entry in log) == ["brook-mixer", "tarn-basin-tap"]
    for entry in log:
        assert entry["request_id"] == f"import-{report['id']}"
        assert entry["actor"] == "editor@example.com"
    found = client.get("/api/v1/search?q=brook&type=product").json
    assert [item["document"]["slug"] for item in found["items"]] == ["brook-mixer"]


def test_a_price_list_changes_prices_and_nothing_else(client, editor, make_product, imported):
    before = make_product()
    etag = client.get(f"/api/v1/products/{before['slug']}", headers=editor).headers["ETag"]
    prices = f"slug,sku,price\n{before['slug']},HER-GM,199.00\n{before['slug']},HER-CH,189\n"

    report = imported(prices)
    assert report["summary"] == {"create": 0, "update": 1, "unchanged": 0, "invalid": 0}
    items = client.get(f"/api/v1/imports/{report['id']}/products", headers=editor).json["items"]
    assert items == [
        {
            "slug": before["slug"],
            "lines": [2, 3],
            "action": "update",
            "changes": ["variants"],
            "outcome": "pending",
            "errors": [],
        }
    ]
    client.post(f"/api/v1/imports/{report['id']}/apply", headers=editor)
    imported_again = imported(prices, dry_run=False)
    assert imported_again["summary"]["unchanged"] == 1

    after = client.get(f"/api/v1/products/{before['slug']}", headers=editor)
    assert after.headers["ETag"] != etag
    assert [(v["sku"], v["price"]["amount"], v["stock"]) for v in after.json["variants"]] == [
        ("HER-CH", "189.00", 12),
        ("HER-GM", "199.00", 0),
    ]
    assert after.json["variants"][1]["compare_at_price"]["amount"] == "249.00"
    unchanged = {
        k: v
        for k, v in after.json.items()
        if k not in ("variants", "version", "updated_at", "finishes", "price_range")
    }
    assert unchanged == {k: v for k, v in before.items() if k in unchanged}


def test_an_archive_column_archives_and_absent_products_are_left_alone(
    client, editor, make_product, imported
):
    kept = make_product(name="Kept Faucet", variants=[], status="draft")
    gone = make_product()
    report = imported(f"slug,status\n{gone['slug']},archived\n", dry_run=False)
    assert report["summary"]["updated"] == 1
    assert product(client, editor, gone["slug"])["status"] == "archived"
    assert client.get(f"/api/v1/products/{gone['slug']}").status_code == 404
    assert product(client, editor, kept["slug"])["version"] == kept["version"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imported_again_changes_nothing(
    client, editor, make_product, imported, file_format
):
    make_product(
        summary='=HYPERLINK("https://evil.example", "click")',
        seo_title="-20% on gunmetal",
        # Longer than an XLSX cell holds (32,767 characters): the workbook carries it cut.
        description='Line one;\nline two, with "quotes".\n\n' + "Lead-free brass. " * 2500,
    )
    make_product(name="Second Faucet", variants=[], status="draft", flow_rate_lpm=None)
    exported = client.get(f"/api/v1/exports/products.{file_format}", headers=editor)
    assert exported.status_code == 200
    assert (
        exported.headers["Content-Disposition"] == f'attachment; filename="products.{file_format}"'
    )

    report = imported(exported.data, f"products.{file_format}", dry_run=False)
    assert report["errors"] == []
    assert report["summary"] == {"create": 0, "update": 0, "unchanged": 2, "invalid": 0}


def test_exported_cells_that_look_like_formulas_are_neutralised(client, editor, make_product):
    make_product(summary='=HYPERLINK("https://evil.example", "click")', seo_title="@SUM(A1)")
    text = client.get("/api/v1/exports/products.csv", headers=editor).data.decode("utf-8-sig")
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["summary"] == '\'=HYPERLINK("https://evil.example", "click")'
    assert first["seo_title"] == "'@SUM(A1)"


def test_a_product_the_catalogue_refuses_while_writing_fails_alone(
    client, editor, taxonomy, imported, run_jobs, monkeypatch
):
    """Between the check and the write another writer may take a slug: that product is
    reported, its neighbours of the same commit are written one by one."""
    from catalog import services
    from core.problems import Problem

    real_create = services.create_product

    def slug_taken_meanwhile(data):
        if data["slug"] == "tarn-basin-tap":
            raise Problem(409, "The slug 'tarn-basin-tap' is already used.", kind="conflict")
        return real_create(data)

    report = imported(NEW_RANGE)
    monkeypatch.setattr(services, "create_product", slug_taken_meanwhile)
    client.post(f"/api/v1/imports/{report['id']}/apply", headers=editor)
    run_jobs()
    done = client.get(f"/api/v1/imports/{report['id']}", headers=editor).json
    assert done["state"] == "applied"
    assert (done["summary"]["created"], done["summary"]["failed"]) == (1, 1)
    assert done["errors"] == [
        {
            "line": 5,
            "column": None,
            "product": "tarn-basin-tap",
            "message": "The slug 'tarn-basin-tap' is already used.",
        }
    ]
    assert product(client, editor, "brook-mixer")["variants"][0]["sku"] == "BRK-CH"
    assert client.get("/api/v1/products/tarn-basin-tap", headers=editor).status_code == 404
