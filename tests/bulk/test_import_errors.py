"""What is wrong in a file is reported by line and column, and nothing of it is written."""

import io

import pytest
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

HEADER = "slug,name,brand,category,handle_type,mounting,spout_type,status," + (
    "sku,finish,price,currency,stock"
)
# The brand, category, handle type, mounting, spout type and status of a valid draft.
DRAFT = "jenor,kitchen-single-lever,single,deck,fixed,draft"
VALID = f"good-tap,Good Tap,{DRAFT},GOOD-1,chrome,10.00,USD,1"
MANY_MISTAKES = "\n".join(
    [
        HEADER,
        VALID,
        "no-brand,No Brand,Nobody Inc,kitchen-single-lever,single,deck,fixed,draft,"
        "NB-1,chrome,10.00,USD,1",
        f'comma-price,Comma Price,{DRAFT},CP-1,chrome,"12,50",USD,1',
        f"negative,Negative Stock,{DRAFT},NEG-1,chrome,10.00,USD,-3",
        f"twice-a,Twice A,{DRAFT},TWICE,chrome,10.00,USD,1",
        f"twice-b,Twice B,{DRAFT},TWICE,chrome,10.00,USD,1",
        f"taken-sku,Taken SKU,{DRAFT},HER-CH,chrome,10.00,USD,1",
        f'formula,=HYPERLINK("https://evil.example"),{DRAFT},F-1,chrome,10.00,USD,1',
        f"differs,Differs,{DRAFT},D-1,chrome,10.00,USD,1",
        "differs,Differs Not,,,,,,,D-2,chrome,11.00,USD,1",
        "bad-enum,Bad Enum,jenor,kitchen-single-lever,triple,deck,fixed,draft,"
        "BE-1,chrome,10.00,USD,1",
        f"no-name,,{DRAFT},NN-1,chrome,10.00,USD,1",
        f"new-sku-no-price,New Sku,{DRAFT},NP-1,chrome,,USD,1",
        f",Orphan,{DRAFT},OR-1,chrome,10.00,USD,1",
        f"Bad Slug!,Bad Slug,{DRAFT},BS-1,chrome,10.00,USD,1",
        f"mixed-money,Mixed,{DRAFT},MM-1,chrome,10.00,USD,1",
        "mixed-money,,,,,,,,MM-2,chrome,10.00,EUR,1",
        "published-bare,Bare,jenor,kitchen-single-lever,single,deck,fixed,published,,,,,",
    ]
)
EXPECTED = [
    (3, "brand", "No brand is called 'Nobody Inc'"),
    (4, "price", "with a point for decimals"),
    (5, "stock", "greater than or equal to 0"),
    (6, "sku", "The SKU TWICE is also on line 7"),
    (7, "sku", "The SKU TWICE is also on line 6"),
    (8, "sku", "Already the SKU of the product heritage-twin-handle-kitchen-faucet"),
    (9, "name", "formulas are not imported"),
    (11, "name", "Differs from line 10"),
    (12, "handle_type", "Must be one of"),
    (13, "name", "Needed for a new product"),
    (14, "price", "Needed for a new SKU"),
    (15, "slug", "Every row needs its product's slug"),
    (16, "slug", "Use lowercase letters, digits and -"),
    (18, "currency", "Mixed currencies"),
    (19, "sku", "At least one is needed"),
]


def test_every_mistake_is_reported_where_it_is_and_nothing_is_applied(
    client, editor, make_product, imported, run_jobs
):
    make_product()
    report = imported(MANY_MISTAKES, dry_run=False)
    assert report["state"] == "validated"  # not applied: the file has errors
    found = [(e["line"], e["column"], e["message"]) for e in report["errors"]]
    for line, column, fragment in EXPECTED:
        assert any(
            (at, c) == (line, column) and fragment.lower() in m.lower() for at, c, m in found
        ), (line, column, fragment, found)
    assert report["error_count"] == len(report["errors"]) == len(found)
    assert report["summary"]["create"] == 1 and report["summary"]["invalid"] == 14
    assert client.get("/api/v1/products/good-tap", headers=editor).status_code == 404

    refused = client.post(f"/api/v1/imports/{report['id']}/apply", headers=editor)
    assert refused.status_code == 409
    assert "valid_only" in refused.json["detail"]

    applied = client.post(
        f"/api/v1/imports/{report['id']}/apply", json={"valid_only": True}, headers=editor
    )
    assert applied.status_code == 202
    run_jobs()
    done = client.get(f"/api/v1/imports/{report['id']}", headers=editor).json
    assert done["state"] == "applied" and done["summary"]["created"] == 1
    assert client.get("/api/v1/products/good-tap", headers=editor).status_code == 200
    for slug in ("no-brand", "comma-price", "twice-a", "mixed-money", "differs"):
        assert client.get(f"/api/v1/products/{slug}", headers=editor).status_code == 404
    variants = client.get("/api/v1/products/heritage-twin-handle-kitchen-faucet", headers=editor)
    assert [v["sku"] for v in variants.json["variants"]] == ["HER-CH", "HER-GM"]


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "neither a CSV nor an Excel"),
        (
            "slug,name\nmischbatterie,Mischbatterie f\xfcr K\xfcche\n".encode("latin-1"),
            "p.csv",
            "UTF-8",
        ),
        (b"", "empty.csv", "The file is empty"),
        (b"slug,name,sku\n", "header.csv", "a header row but no rows"),
        (
            b"slug,name,colour,weight\nx,y,red,2\n",
            "unknown.csv",
            "Unknown columns: 'colour', 'weight'",
        ),
        (b"name,sku\nx,y\n", "noslug.csv", "A 'slug' column is needed"),
        (b"slug,name,Name\nx,y,z\n", "twice.csv", "Columns given twice: name"),
        (b"PK\x03\x04not really a workbook", "fake.xlsx", "not an Excel workbook"),
    ],
)
def test_files_that_cannot_be_used_are_refused_whole(
    client, editor, taxonomy, imported, content, filename, fragment
):
    report = imported(content, filename, dry_run=False)
    assert report["state"] == "validated" and not report["can_apply"]
    assert [e["line"] for e in report["errors"]] == [0] * len(
        report["errors"]
    ) or fragment.startswith(("Unknown", "A 'slug'", "Columns"))
    assert any(fragment.lower() in e["message"].lower() for e in report["errors"]), report["errors"]
    refused = client.post(f"/api/v1/imports/{report['id']}/apply", headers=editor)
    assert refused.status_code == 409


def test_a_million_rows_are_refused_before_anything_is_checked(client, editor, taxonomy, imported):
    rows = "".join(f"p{i},Name {i}\n" for i in range(1_000_000))
    report = imported("slug,name\n" + rows)
    assert not report["can_apply"]
    assert "more than 100,000 rows" in report["errors"][0]["message"]


def test_a_file_over_the_size_limit_is_refused_at_once(make_app, editor_token):
    app = make_app(IMPORT_MAX_BYTES=2048)
    client = app.test_client()
    response = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(b"slug,name\n" + b"x,y\n" * 1000), "big.csv")},
        headers={"Authorization": f"Bearer {editor_token}"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert (
        client.get("/api/v1/imports", headers={"Authorization": f"Bearer {editor_token}"}).json[
            "items"
        ]
        == []
    )


def test_semicolons_a_bom_and_an_xlsx_sheet_are_read_alike(client, editor, taxonomy, imported):
    semicolons = (
        "\ufeffslug;name;brand;category;handle_type;mounting;spout_type;sku;finish;price;currency\n"
    )
    semicolons += (
        "semi-tap;Semi Tap;jenor;bathroom-faucets;single;wall;fixed;SEMI-1;chrome;12.50;EUR\n"
    )
    report = imported(semicolons.encode(), "excel.csv", dry_run=False)
    assert report["summary"].get("created") == 1, report
    sheet = xlsx_bytes(
        [
            [
                "Slug",
                "Name",
                "Brand",
                "Category",
                "Handle type",
                "Mounting",
                "Spout type",
                "SKU",
                "Finish",
                "Price",
                "Currency",
                "Stock",
            ],
            [
                "sheet-tap",
                "Sheet Tap",
                "Aquaverde",
                "bathroom-faucets",
                "twin",
                "deck",
                "swivel",
                "SHEET-1",
                "Chrome",
                99.5,
                "EUR",
                3,
            ],
        ]
    )
    report = imported(sheet, "range.xlsx", dry_run=False)
    assert report["format"] == "xlsx" and report["summary"].get("created") == 1, report
    tap = client.get("/api/v1/products/sheet-tap", headers=editor).json
    assert (tap["variants"][0]["price"]["amount"], tap["variants"][0]["stock"]) == ("99.50", 3)


def test_unknown_terms_are_created_only_when_asked(client, editor, taxonomy, imported):
    row = (
        "slug,name,brand,category,handle_type,mounting,spout_type,certifications,"
        "sku,finish,price,currency\n"
        "new-terms,New Terms,Fontana Nova,Outdoor taps,single,wall,fixed,ACS,"
        "NT-1,Brushed gold,40,EUR\n"
    )
    refused = imported(row)
    assert {e["column"] for e in refused["errors"]} == {
        "brand",
        "category",
        "certifications",
        "finish",
    }

    report = imported(row, create_terms=True)
    assert report["errors"] == []
    assert sorted((t["kind"], t["name"]) for t in report["terms_to_create"]) == [
        ("brand", "Fontana Nova"),
        ("category", "Outdoor taps"),
        ("certification", "ACS"),
        ("finish", "Brushed gold"),
    ]
    assert client.get("/api/v1/brands/fontana-nova").status_code == 404  # a dry run creates none
    client.post(f"/api/v1/imports/{report['id']}/apply", headers=editor)
    from_jobs = imported(row, create_terms=True)  # runs the queued apply, then checks again
    assert from_jobs["summary"]["unchanged"] == 1 and from_jobs["terms_to_create"] == []
    tap = client.get("/api/v1/products/new-terms", headers=editor).json
    assert (tap["brand"]["name"], tap["category"]["name"]) == ("Fontana Nova", "Outdoor taps")
    assert tap["variants"][0]["finish"]["name"] == "Brushed gold"


def test_imports_are_for_staff_only(client, taxonomy):
    anonymous = client.post("/api/v1/imports", data={}, content_type="multipart/form-data")
    assert anonymous.status_code == 401
    assert client.get("/api/v1/imports/1").status_code == 401
    assert client.get("/api/v1/exports/products.csv").status_code == 401


HOSTILE = {
    "lone surrogate": "caf\ud800e",
    "NUL": "tap\x00water",
    "escape sequence": "tap\x1b[31mred",
    "DEL": "tap\x7f",
    "bidi override": "Faucet \u202egpj.exe",
    "integer literal over 4,300 digits": "9" * 4301,
}


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_text_in_a_cell_is_reported_and_nothing_is_written(
    client, editor, taxonomy, imported, label
):
    bad = HOSTILE[label]
    rows = [
        HEADER,
        f"evil-tap,{bad},{DRAFT},E-1,chrome,1.00,USD,1",
        f"evil-tap-2,Evil Two,{DRAFT},E-2,chrome,1.00,USD,{bad}",
    ]
    report = imported("\n".join(rows).encode("utf-8", "surrogatepass"), dry_run=False)
    assert report["state"] == "validated" and report["error_count"] >= 1, report
    assert client.get("/api/v1/products/evil-tap", headers=editor).status_code == 404


def test_a_50_mb_file_is_refused_before_it_is_read(client, editor, taxonomy):
    body = b"slug,name\n" + b"x" * (50 * 1024 * 1024)
    boundary, encoded = encode_multipart({"file": FileStorage(io.BytesIO(body), "big.csv")})
    response = client.post(
        "/api/v1/imports",
        data=encoded,
        headers=editor,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    assert "larger than" in response.json["detail"] or response.json["status"] == 413
    assert client.get("/api/v1/imports", headers=editor).json["items"] == []


def test_the_command_line_refuses_a_50_mb_file_unread(runner, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    result = runner.invoke(args=["catalog", "import", str(big)])
    assert result.exit_code == 1 and "larger than 25 MB" in result.output


def test_a_row_under_a_renamed_products_old_slug_is_refused(client, editor, make_product, imported):
    from tests.conftest import if_match_now

    make_product()
    url = "/api/v1/products/heritage-twin-handle-kitchen-faucet"
    client.patch(url, json={"slug": "heritage-bridge"}, headers=if_match_now(client, url, editor))
    report = imported(
        f"{HEADER}\nheritage-twin-handle-kitchen-faucet,Heritage,{DRAFT},HER-NEW,chrome,9.00,USD,1"
    )
    assert [(e["line"], e["column"], e["message"]) for e in report["errors"]] == [
        (2, "slug", "The product was renamed to heritage-bridge: use its new slug.")
    ]
