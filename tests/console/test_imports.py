"""Staff import a spreadsheet from the console: checked first, then applied; and download one."""

import csv
import io

from bulk.models import ImportJob
from tests.console.console import count_rows, field_error, location_path, text_of

HEADER = (
    "slug,name,brand,category,status,handle_type,mounting,spout_type,sku,finish,price,currency,"
    "stock"
)
BROOK = "brook-mixer,Brook Mixer,jenor,kitchen-single-lever,draft,single,deck,pull-down"
TARN = "tarn-basin-tap,Tarn Basin Tap,aquaverde,bathroom-faucets,draft,twin,deck,fixed"
NEW_RANGE = "\n".join(
    [
        HEADER,
        f"{BROOK},BRK-CH,chrome,149.00,USD,4",
        "brook-mixer,,,,,,,,BRK-GM,gunmetal,169.00,USD,0",
        f"{TARN},TRN-CH,chrome,89.50,USD,2",
    ]
)
# Tarn's price is not a price: the check finds one valid product and one invalid.
WITH_AN_ERROR = NEW_RANGE.replace("89.50", "cheap")


def upload(console, content: str | bytes, filename="products.csv", dry_run=True, expect=303):
    """Choose a file on the Imports page and send the form as a browser would."""
    page = console.get("/admin/imports").page
    form = page.xpath("//form[@enctype='multipart/form-data']")[0]
    fields = [(name, value) for name, value in form.form_values() if name != "csrf_token"]
    if not dry_run:
        fields = [(name, value) for name, value in fields if name != "dry_run"]
    response = console.post("/admin/imports", [*fields, csv_file(content, filename)])
    # The test client spools a large body to a temporary file it leaves open (without redirects).
    response.request.input_stream.close()
    assert response.status_code == expect, response.data[:500]
    return response


def csv_file(content: str | bytes, filename: str = "products.csv") -> tuple:
    """The file field of the upload form, as the test client sends one."""
    data = content.encode() if isinstance(content, str) else content
    return ("file", (io.BytesIO(data), filename))


def apply_form(page) -> list:
    """The job page's apply form, as (name, value) pairs without the CSRF token."""
    forms = page.xpath("//form[contains(@action, '/apply')]")
    assert len(forms) == 1
    return [(name, value) for name, value in forms[0].form_values() if name != "csrf_token"]


def button_texts(page) -> list[str]:
    return [" ".join(button.text_content().split()) for button in page.xpath("//main//button")]


def refreshes(page) -> bool:
    return bool(page.xpath("//head/meta[@http-equiv='refresh'][@content='2']"))


def counts(page, title_id: str) -> dict[str, str]:
    """A summary card's terms and their numbers."""
    pairs = page.xpath(f"//section[@aria-labelledby='{title_id}']//dl/div")
    return {text_of(pair.xpath("./dt")[0]): text_of(pair.xpath("./dd")[0]) for pair in pairs}


def table_rows(page, table_class: str) -> list[list[str]]:
    rows = page.xpath(f"//table[contains(@class, '{table_class}')]/tbody/tr")
    return [[" ".join(cell.text_content().split()) for cell in row] for row in rows]


def test_an_editor_checks_a_new_range_then_applies_it(
    editor_console, taxonomy, run_jobs, client, editor
):
    menu = editor_console.get("/admin").page.xpath("//nav[@aria-label='Console']//a/text()")
    assert "Imports" in menu
    imports = editor_console.get("/admin/imports").page
    assert imports.xpath("//input[@name='dry_run']/@checked")
    assert imports.xpath("//input[@type='file']/@accept")[0].startswith(".csv,.xlsx")

    response = upload(editor_console, NEW_RANGE)
    job_path = location_path(response)
    assert job_path.startswith("/admin/imports/")
    page = editor_console.get(job_path).page
    assert "validating" in text_of(page)
    assert page.xpath("//progress") and refreshes(page)
    assert "Apply" not in button_texts(page)

    assert run_jobs() == 1
    page = editor_console.get(job_path).page
    assert not refreshes(page)
    assert "validated" in text_of(page) and "Checked 3 of 3 rows" in text_of(page)
    assert counts(page, "found-title") == {
        "Would create": "2",
        "Would update": "0",
        "Unchanged": "0",
        "Invalid": "0",
    }
    products = table_rows(page, "import-products")
    assert [row[:3] + row[4:] for row in products] == [
        ["brook-mixer", "2–3", "create", "pending"],
        ["tarn-basin-tap", "4", "create", "pending"],
    ]
    assert "variants" in products[0][3]
    assert button_texts(page)[-1] == "Apply"
    assert not page.xpath("//input[@name='valid_only']")
    assert client.get("/api/v1/products/brook-mixer", headers=editor).status_code == 404

    applied = editor_console.post(f"{job_path}/apply", apply_form(page), expect=303)
    assert location_path(applied) == job_path
    page = editor_console.get(job_path).page
    assert "applying" in text_of(page) and refreshes(page)
    run_jobs()
    page = editor_console.get(job_path).page
    assert "applied" in text_of(page) and not refreshes(page)
    assert counts(page, "written-title") == {"Created": "2", "Updated": "0", "Failed": "0"}
    brook = client.get("/api/v1/products/brook-mixer", headers=editor).json
    assert [variant["sku"] for variant in brook["variants"]] == ["BRK-CH", "BRK-GM"]
    editor_link = page.xpath("//table[contains(@class, 'import-products')]//a/@href")[0]
    assert editor_console.get(editor_link).status_code == 200

    listed = table_rows(editor_console.get("/admin/imports").page, "list")
    assert listed[0][1:3] == ["products.csv", "Eddie Editor"]
    assert listed[0][4:] == ["applied", "2 to create, 2 created"]


def test_a_file_with_errors_shows_where_and_offers_only_its_valid_products(
    editor_console, taxonomy, run_jobs, client, editor
):
    job_path = location_path(upload(editor_console, WITH_AN_ERROR))
    run_jobs()
    page = editor_console.get(job_path).page
    errors = table_rows(page, "import-errors")
    assert len(errors) == 1
    assert errors[0][:3] == ["4", "price", "tarn-basin-tap"]
    assert "more." not in text_of(page)
    assert "Apply" not in button_texts(page)
    assert "Apply the 1 valid product only" in button_texts(page)

    # The plain Apply is not offered; sent anyway, it is refused on the job page.
    without_valid_only = [pair for pair in apply_form(page) if pair[0] != "valid_only"]
    refused = editor_console.post(f"{job_path}/apply", without_valid_only, expect=303)
    page = editor_console.get(location_path(refused)).page
    assert "Nothing was applied: 1 products or rows have errors" in text_of(page)
    assert "validated" in text_of(page)

    editor_console.post(f"{job_path}/apply", apply_form(page), expect=303)
    run_jobs()
    page = editor_console.get(job_path).page
    assert "(valid products only)" in text_of(page)
    assert client.get("/api/v1/products/brook-mixer", headers=editor).status_code == 200
    assert client.get("/api/v1/products/tarn-basin-tap", headers=editor).status_code == 404
    assert [row[4] for row in table_rows(page, "import-products")] == ["applied", "skipped"]

    again = editor_console.post(f"{job_path}/apply", {"valid_only": "1"}, expect=303)
    assert "Nothing was applied: The import is applied" in text_of(
        editor_console.get(location_path(again)).page
    )


def test_without_check_only_a_clean_file_is_applied_straight_away(
    editor_console, taxonomy, run_jobs, client, editor
):
    response = upload(editor_console, NEW_RANGE, dry_run=False)
    page = editor_console.get(location_path(response)).page
    assert "then applied if it is clean" in text_of(page)
    run_jobs()
    page = editor_console.get(location_path(response)).page
    assert "applied" in text_of(page) and "Apply when clean" in text_of(page)
    assert counts(page, "written-title") == {"Created": "2", "Updated": "0", "Failed": "0"}
    assert client.get("/api/v1/products/tarn-basin-tap", headers=editor).status_code == 200


def test_a_file_that_cannot_be_read_offers_nothing_to_apply(editor_console, run_jobs):
    job_path = location_path(upload(editor_console, b"\x00\x01 not a spreadsheet", "x.xlsx"))
    run_jobs()
    page = editor_console.get(job_path).page
    assert "This file cannot be imported" in text_of(page)
    assert table_rows(page, "import-errors")[0][:3] == ["File", "—", "—"]
    assert not page.xpath("//form[contains(@action, '/apply')]")


def test_a_file_over_the_limit_is_refused_beside_the_field_and_starts_nothing(
    app, editor_console, monkeypatch
):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024 * 1024)
    page = upload(editor_console, b"x" * (1024 * 1024 + 1), expect=413).page
    assert field_error(page, "file") == "The file is larger than 1 MB; split it into smaller files."
    assert page.xpath("//div[@id='error-summary']//a[@href='#file']")
    assert count_rows(app, ImportJob) == 0

    upload(editor_console, b"x" * (1024 * 1024), expect=303)  # at the limit: accepted
    assert count_rows(app, ImportJob) == 1


def test_a_body_far_over_the_limit_is_refused_unread(app, editor_console, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 4096)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    page = upload(editor_console, b"x" * 6000, expect=413).page  # within both limits: read
    assert "The file is larger than" in field_error(page, "file")
    page = upload(editor_console, b"x" * 9000, expect=413).page
    assert "Error 413" in text_of(page) and not page.xpath("//input[@type='file']")
    assert count_rows(app, ImportJob) == 0


def test_sending_the_form_without_a_file_asks_for_one(app, editor_console):
    editor_console.get("/admin/imports")
    page = editor_console.post("/admin/imports", {"dry_run": "1"}, expect=422).page
    assert field_error(page, "file") == "Choose the CSV or XLSX file to import."
    assert page.xpath("//input[@name='dry_run']/@checked")
    assert count_rows(app, ImportJob) == 0


def test_the_same_form_sent_twice_starts_one_import(app, editor_console, taxonomy):
    first = upload(editor_console, NEW_RANGE)
    page = editor_console.get("/admin/imports").page
    form = [("submission", page.xpath("//input[@name='submission']/@value")[0])]
    second = editor_console.post("/admin/imports", [*form, csv_file(NEW_RANGE)], expect=303)
    third = editor_console.post("/admin/imports", [*form, csv_file(NEW_RANGE)], expect=303)
    assert location_path(second) == location_path(third) != location_path(first)
    assert count_rows(app, ImportJob) == 2


def test_an_upload_without_its_csrf_token_is_refused(app, editor_console):
    editor_console.get("/admin/imports")
    editor_console.post("/admin/imports", [csv_file(NEW_RANGE)], csrf=False, expect=400)
    assert count_rows(app, ImportJob) == 0


def test_visitors_are_sent_to_sign_in(client):
    for path in ("/admin/imports", "/admin/imports/1", "/admin/exports/products.csv"):
        response = client.get(path)
        assert response.status_code == 302
        assert location_path(response).startswith("/admin/sign-in?next=")


def test_the_catalogue_downloads_as_csv_and_xlsx(editor_console, make_product):
    product = make_product()
    response = editor_console.get("/admin/exports/products.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="products.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {row["slug"] for row in rows} == {product["slug"]}
    assert {row["sku"] for row in rows} == {"HER-CH", "HER-GM"}

    drafts = editor_console.get("/admin/exports/products.csv?status=draft")
    assert list(csv.DictReader(io.StringIO(drafts.get_data().decode("utf-8-sig")))) == []

    workbook = editor_console.get("/admin/exports/products.xlsx?status=published")
    assert workbook.headers["Content-Disposition"] == 'attachment; filename="products.xlsx"'
    assert workbook.data[:2] == b"PK"  # a zip, as every .xlsx is

    page = editor_console.get("/admin/imports").page
    assert page.xpath("//form[@method='get']//button/@formaction") == [
        "/admin/exports/products.xlsx"
    ]
    editor_console.get("/admin/exports/products.csv?status=lost", expect=400)


def test_a_long_import_is_paged_and_the_pages_keep_their_place(editor_console, taxonomy, run_jobs):
    header = "slug,name,brand,category,handle_type,mounting,spout_type"
    rows = [f"tap-{n:02},Tap {n},jenor,bathroom-faucets,single,deck,fixed" for n in range(55)]
    job_path = location_path(upload(editor_console, "\n".join([header, *rows])))
    run_jobs()
    first = editor_console.get(job_path).page
    assert len(table_rows(first, "import-products")) == 50
    assert not first.xpath("//nav[@class='pager']//a[@rel='prev']")
    later = first.xpath("//nav[@class='pager']//a[@rel='next']/@href")
    assert later == [f"{job_path}?page=2"]
    second = editor_console.get(later[0]).page
    assert [row[0] for row in table_rows(second, "import-products")] == [
        f"tap-{n}" for n in range(50, 55)
    ]
    assert second.xpath("//nav[@class='pager']//a[@rel='prev']/@href") == [f"{job_path}?page=1"]
