"""Catalogue exports written in constant memory: CSV UTF-8 for any spreadsheet, and Excel .xlsx."""

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bulk.formats import neutralise

CHUNK_SIZE = 64 * 1024
TEMP_PREFIX = "bulk-export-"

ExportValue = str | bool | int | float | Decimal | None


def _exported(value: object) -> ExportValue:
    """A cell value as written to either format; text is neutralised."""
    if isinstance(value, str):
        return neutralise(value)
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"A {type(value).__name__} cannot be exported to a spreadsheet cell.")


def _csv_cell(value: object) -> str:
    """A cell value as CSV text."""
    exported = _exported(value)
    if exported is None:
        return ""
    if isinstance(exported, bool):
        return "true" if exported else "false"
    return str(exported)


def csv_chunks(header: list[str], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """The rows as CSV UTF-8 with a BOM, commas and CRLF lines, in chunks of about 64 KB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([_csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def xlsx_chunks(
    header: list[str], rows: Iterable[Sequence[object]], sheet_title: str = "Products"
) -> Iterator[bytes]:
    """The rows as an .xlsx workbook, built in a temporary file that is removed even on close()."""
    descriptor, path = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".xlsx")
    os.close(descriptor)
    try:
        _write_workbook(path, header, rows, sheet_title)
        with open(path, "rb") as workbook_file:
            while chunk := workbook_file.read(CHUNK_SIZE):
                yield chunk
    finally:
        os.remove(path)


def _write_workbook(
    path: str, header: list[str], rows: Iterable[Sequence[object]], sheet_title: str
) -> None:
    """Write the header (bold, frozen) and the rows to a new workbook at `path`."""
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = [_xlsx_value(sheet, name) for name in header]
    for cell in header_cells:
        if isinstance(cell, Cell):
            cell.font = bold
    try:
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])
    finally:
        # Saving is also what removes openpyxl's own temporary file when the rows fail part-way.
        workbook.save(path)


def _xlsx_value(sheet: WriteOnlyWorksheet, value: object) -> Cell | ExportValue:
    """A value for a write-only row: numbers as numbers, text in a cell typed as text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    exported = _exported(value)
    return _text_cell(sheet, exported) if isinstance(exported, str) else exported


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    """A cell holding `text` as a string, never read as a formula or an error code."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell
