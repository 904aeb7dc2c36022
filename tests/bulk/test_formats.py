"""Spreadsheet files for the bulk catalogue: what a user uploads, what an export gives them back."""

import io
import tempfile
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from bulk import reading
from bulk.formats import CellRefused, neutralise, plain_text
from bulk.reading import FileRefused, open_sheet
from bulk.writing import TEMP_PREFIX, csv_chunks, xlsx_chunks

BOM = b"\xef\xbb\xbf"


def rows_of(data: bytes, max_rows: int = 1000) -> list[tuple[int, list[str]]]:
    """Every data row of an uploaded file, with its line number."""
    return list(open_sheet(data, max_rows).rows)


def refusal(data: bytes, max_rows: int = 1000) -> str:
    """The sentence a user sees when the file is refused while it is opened or read."""
    with pytest.raises(FileRefused) as refused:
        rows_of(data, max_rows)
    return str(refused.value)


def workbook_bytes(workbook: Workbook) -> bytes:
    """A workbook saved as .xlsx bytes."""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("prefix", [b"", BOM], ids=["no BOM", "BOM"])
def test_a_csv_reads_the_same_with_or_without_a_byte_order_mark(prefix):
    sheet = open_sheet(prefix + "sku,name\r\nA-1,Mischbatterie für Bad\r\n".encode(), 10)

    assert (sheet.format, sheet.header) == ("csv", ["sku", "name"])
    assert list(sheet.rows) == [(2, ["A-1", "Mischbatterie für Bad"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_a_csv_may_separate_cells_with_commas_semicolons_or_tabs(delimiter):
    text = f"sku{delimiter}price{delimiter}name\n A-1 {delimiter}19.99{delimiter}Tap\n"

    sheet = open_sheet(text.encode(), 10)

    assert sheet.header == ["sku", "price", "name"]
    assert list(sheet.rows) == [(2, ["A-1", "19.99", "Tap"])]


def test_a_semicolon_csv_from_a_european_excel_keeps_decimal_commas_in_their_cells():
    assert rows_of(b"sku;price;name\nA-1;19,99;Tap, chrome\n") == [
        (2, ["A-1", "19,99", "Tap, chrome"])
    ]


def test_a_quoted_comma_in_the_header_does_not_make_a_semicolon_file_look_comma_separated():
    sheet = open_sheet(b'"sku, code";name\nA-1;Tap\n', 10)

    assert sheet.header == ["sku, code", "name"]
    assert list(sheet.rows) == [(2, ["A-1", "Tap"])]


def test_a_quoted_cell_spanning_lines_is_one_row_and_later_rows_keep_spreadsheet_numbers():
    data = b'sku,description\r\nA-1,"Chrome, brushed\r\nwith ""eco"" cartridge"\r\nA-2,Plain\r\n'

    assert rows_of(data) == [
        (2, ["A-1", 'Chrome, brushed\r\nwith "eco" cartridge']),
        (3, ["A-2", "Plain"]),
    ]


def test_a_csv_with_old_mac_line_endings_is_read():
    assert rows_of(b"sku,name\rA-1,Tap\rA-2,Sink\r") == [(2, ["A-1", "Tap"]), (3, ["A-2", "Sink"])]


def test_a_csv_saved_in_a_legacy_encoding_is_refused_with_how_to_save_it():
    message = refusal("sku,name\nA-1,Mischbatterie für Bad\n".encode("latin-1"))

    assert "not saved as UTF-8" in message
    assert "CSV UTF-8" in message


def test_a_utf16_text_export_is_refused_as_not_utf8():
    assert "CSV UTF-8" in refusal("sku\tname\r\n".encode("utf-16"))


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00"],
    ids=["png", "pdf"],
)
def test_a_picture_or_a_document_is_refused(data):
    assert refusal(data) == "This is neither a CSV nor an Excel (.xlsx) file."


def test_an_old_excel_file_is_refused_with_what_to_save_it_as():
    message = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)

    assert ".xls" in message
    assert ".xlsx" in message
    assert "CSV UTF-8" in message


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a spreadsheet")

    assert refusal(out.getvalue()) == "This is a ZIP file but not an Excel workbook (.xlsx)."


def test_a_truncated_workbook_is_refused():
    data = b"".join(xlsx_chunks(["sku"], [["A-1"]]))

    assert "not an Excel workbook" in refusal(data[: len(data) // 2])


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", BOM, BOM + b"\n\n"])
def test_an_empty_file_is_refused(data):
    assert refusal(data) == "The file is empty."


def test_a_file_whose_first_row_is_blank_is_refused():
    assert refusal(b" , ,\nA-1,Tap\n") == "The first row must name the columns."


def test_a_header_only_file_has_no_rows():
    sheet = open_sheet(b"sku,name\r\n", 10)

    assert sheet.header == ["sku", "name"]
    assert list(sheet.rows) == []


def test_blank_rows_are_skipped_but_still_counted_in_line_numbers():
    data = b"sku,name\n\nA-1,Tap\n , \n\nA-2,Sink\n"

    assert rows_of(data) == [(3, ["A-1", "Tap"]), (6, ["A-2", "Sink"])]


def test_short_rows_are_padded_and_long_rows_keep_their_extra_cells():
    data = b"sku,name,price,\nA-1\nA-2,Sink,10,stray,,\n"

    sheet = open_sheet(data, 10)

    assert sheet.header == ["sku", "name", "price"]
    assert list(sheet.rows) == [(2, ["A-1", "", ""]), (3, ["A-2", "Sink", "10", "stray"])]


def test_a_quote_never_closed_is_refused_with_its_row():
    data = b'sku,name\nA-1,Tap\nA-2,"Sink\n' + b"x" * 200_000 + b"\n"

    assert refusal(data).startswith("Row 3 cannot be read")


def test_too_many_rows_are_refused_while_reading_after_the_allowed_ones():
    data = b"sku\nA-1\nA-2\n\nA-3\nA-4\nA-5\n"
    rows = open_sheet(data, max_rows=3).rows

    assert [next(rows), next(rows), next(rows)] == [(2, ["A-1"]), (3, ["A-2"]), (5, ["A-3"])]
    with pytest.raises(FileRefused, match="^The file has more than 3 rows; split it"):
        next(rows)


def test_exactly_the_allowed_number_of_rows_is_accepted():
    assert len(rows_of(b"sku\nA-1\nA-2\nA-3\n", max_rows=3)) == 3


def test_a_thousands_separator_in_the_row_limit_message():
    data = b"sku\n" + b"A\n" * 1001

    assert refusal(data, max_rows=1000).startswith("The file has more than 1,000 rows")


def test_an_exported_workbook_reads_back_as_the_text_a_user_would_type():
    header = ["sku", "name", "stock", "price", "note", "active"]
    rows = [
        ["A-1", "Mischbatterie für Bad", 12, Decimal("219.50"), "=1+1", True],
        ["A-2", "#N/A", 0, Decimal("19.99"), None, False],
    ]

    sheet = open_sheet(b"".join(xlsx_chunks(header, rows)), 10)

    assert (sheet.format, sheet.header) == ("xlsx", header)
    # A price goes in as a number, so Excel shows 219.5 and that is what comes back.
    assert list(sheet.rows) == [
        (2, ["A-1", "Mischbatterie für Bad", "12", "219.5", "'=1+1", "true"]),
        (3, ["A-2", "#N/A", "0", "19.99", "", "false"]),
    ]
    assert plain_text("'=1+1") == "=1+1"


def test_an_exported_workbook_has_a_bold_frozen_header_and_numbers_as_numbers():
    data = b"".join(xlsx_chunks(["sku", "price"], [["A-1", Decimal("219.50")]], "Armaturen"))

    sheet = load_workbook(io.BytesIO(data))["Armaturen"]

    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert not sheet["A2"].font.b
    assert (sheet["B2"].data_type, sheet["B2"].value) == ("n", 219.5)


def test_exported_text_that_looks_like_a_formula_or_an_error_is_stored_as_text():
    rows = [['=HYPERLINK("http://x")'], ["#N/A"]]

    sheet = load_workbook(io.BytesIO(b"".join(xlsx_chunks(["note"], rows)))).active

    assert [(cell.data_type, cell.value) for cell in sheet["A"][1:]] == [
        ("s", '\'=HYPERLINK("http://x")'),
        ("s", "#N/A"),
    ]


def test_a_live_formula_in_an_uploaded_workbook_is_read_as_a_formula_and_refused():
    workbook = Workbook()
    workbook.active.append(["sku", "price"])
    workbook.active["A2"] = "=SUM(1,2)"
    workbook.active["B2"] = 10

    sheet = open_sheet(workbook_bytes(workbook), 10)

    assert list(sheet.rows) == [(2, ["=SUM(1,2)", "10"])]
    with pytest.raises(CellRefused, match="^Spreadsheet formulas are not imported"):
        plain_text("=SUM(1,2)")


def test_text_typed_with_a_leading_apostrophe_in_excel_is_imported_as_that_text():
    workbook = Workbook()
    workbook.active.append(["note"])
    workbook.active["A2"] = "=not a formula"
    workbook.active["A2"].data_type = "s"
    workbook.active["A2"].quotePrefix = True

    [(line, [cell])] = rows_of(workbook_bytes(workbook))

    assert (line, plain_text(cell)) == (2, "=not a formula")


def test_workbook_cells_of_every_kind_read_as_text_with_worksheet_row_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["price", "stock", "flag", "since", "day"])
    sheet["A4"], sheet["B4"], sheet["C4"] = 19.99, 3.0, True
    sheet["D4"], sheet["E4"] = datetime(2024, 5, 1, 8, 30), date(2024, 5, 2)
    sheet["A6"] = "  padded  "

    assert rows_of(workbook_bytes(workbook)) == [
        (4, ["19.99", "3", "true", "2024-05-01T08:30:00", "2024-05-02T00:00:00"]),
        (6, ["padded", "", "", "", ""]),
    ]


def test_a_workbook_that_misstates_its_used_range_is_read_in_full():
    workbook = Workbook()
    for row in (["sku", "name"], ["A-1", "Tap"], ["A-2", "Sink"]):
        workbook.active.append(row)
    original = zipfile.ZipFile(io.BytesIO(workbook_bytes(workbook)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as damaged:
        for item in original.infolist():
            content = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:B3"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in content
            damaged.writestr(item, content)

    sheet = open_sheet(out.getvalue(), 10)

    assert sheet.header == ["sku", "name"]
    assert list(sheet.rows) == [(2, ["A-1", "Tap"]), (3, ["A-2", "Sink"])]


def test_a_workbook_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 10_000)
    workbook = Workbook()
    workbook.active.append(["description"])
    workbook.active.append(["x" * 20_000])

    assert "too large once unpacked" in refusal(workbook_bytes(workbook))


def test_a_workbook_with_rows_past_the_last_spreadsheet_row_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "EXCEL_MAX_ROWS", 10)
    workbook = Workbook()
    workbook.active.append(["sku"])
    workbook.active["A11"] = "A-1"

    assert refusal(workbook_bytes(workbook)) == "The worksheet has rows past Excel's last row."


def test_an_export_refuses_a_value_it_has_no_cell_for():
    with pytest.raises(TypeError, match="A list cannot be exported"):
        b"".join(csv_chunks(["tags"], [[["a", "b"]]]))


def test_an_exported_csv_starts_with_a_byte_order_mark_and_uses_crlf_lines():
    data = b"".join(csv_chunks(["sku", "name"], [["A-1", "Tap, chrome"], ["A-2", "-5 cm"]]))

    assert data == BOM + b'sku,name\r\nA-1,"Tap, chrome"\r\nA-2,\'-5 cm\r\n'


def test_an_exported_csv_reads_back_cell_for_cell():
    header = ["sku", "name", "stock", "price", "note", "active"]
    rows = [
        ["A-1", 'Mischbatterie "Eco"\nfür Bad', 12, Decimal("219.50"), "@home", True],
        ["A-2", "Sink; round", 0, Decimal("19.99"), None, False],
    ]

    sheet = open_sheet(b"".join(csv_chunks(header, rows)), 10)

    assert sheet.header == header
    assert list(sheet.rows) == [
        (2, ["A-1", 'Mischbatterie "Eco"\nfür Bad', "12", "219.50", "'@home", "true"]),
        (3, ["A-2", "Sink; round", "0", "19.99", "", "false"]),
    ]


def test_a_large_csv_export_comes_in_chunks_of_about_64_kb():
    rows = ([f"SKU-{number}", "x" * 100] for number in range(5000))

    chunks = list(csv_chunks(["sku", "name"], rows))

    assert len(chunks) > 5
    assert all(64 * 1024 <= len(chunk) < 65 * 1024 for chunk in chunks[:-1])
    assert len(rows_of(b"".join(chunks), max_rows=5000)) == 5000


@pytest.mark.parametrize(
    ("cell", "imported"),
    [
        ("'=x", "=x"),
        ("'+1", "+1"),
        ("'-a", "-a"),
        ("'@a", "@a"),
        ("'hello", "'hello"),
        ("-5", "-5"),
        ("+49 30 1234", "+49 30 1234"),
        ("", ""),
    ],
)
def test_imported_cells_lose_only_the_apostrophe_an_export_added(cell, imported):
    assert plain_text(cell) == imported


def test_a_typed_formula_is_refused_with_how_to_keep_it_as_text():
    with pytest.raises(CellRefused) as refused:
        plain_text('=HYPERLINK("http://x")')

    assert str(refused.value) == (
        "Spreadsheet formulas are not imported; type the value itself "
        "(or put ' before it to keep it as text)."
    )


@given(st.text())
def test_any_text_survives_export_and_import(text):
    assert plain_text(neutralise(text)) == text


@given(st.text())
def test_no_exported_text_starts_like_a_formula(text):
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def export_files_in(directory) -> list[str]:
    """The names of the export's temporary files left in `directory`."""
    return sorted(path.name for path in directory.iterdir())


def test_an_abandoned_xlsx_download_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    rows = ([f"SKU-{number}", f"Product {number} " * 20] for number in range(5000))
    chunks = xlsx_chunks(["sku", "name"], rows)

    first = next(chunks)
    assert first.startswith(b"PK\x03\x04")
    assert [name[: len(TEMP_PREFIX)] for name in export_files_in(tmp_path)] == [TEMP_PREFIX]
    chunks.close()

    assert export_files_in(tmp_path) == []


def test_a_failed_xlsx_export_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def rows_until_the_database_fails():
        yield ["A-1"]
        raise RuntimeError("connection lost")

    with pytest.raises(RuntimeError, match="connection lost"):
        next(xlsx_chunks(["sku"], rows_until_the_database_fails()))

    assert export_files_in(tmp_path) == []
