"""Uploaded spreadsheets read row by row: CSV UTF-8 (comma, semicolon or tab) and Excel .xlsx."""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

CSV_DELIMITERS = (",", ";", "\t")
EXCEL_MAX_ROWS = 1_048_576
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
NOT_A_WORKBOOK = "This is a ZIP file but not an Excel workbook (.xlsx)."
NOT_UTF8 = (
    "The file is not saved as UTF-8 text; in Excel use Save As and choose "
    '"CSV UTF-8 (Comma delimited)".'
)
# openpyxl and the XML parsers beneath it raise any of these on a damaged or foreign archive.
BROKEN_WORKBOOK = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    SyntaxError,
)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")

Record = tuple[int, list[str]]


class FileRefused(Exception):
    """A file the importer cannot read at all; str(error) is one clear sentence for its user."""


@dataclass(frozen=True)
class Sheet:
    """An uploaded spreadsheet: its format, its header cells and its data rows (read lazily)."""

    format: str
    header: list[str]
    rows: Iterator[Record]


def open_sheet(data: bytes, max_rows: int) -> Sheet:
    """Read an uploaded CSV or XLSX file's header and (lazily) its rows."""
    if not data.removeprefix(UTF8_BOM).strip():
        raise FileRefused("The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        sheet_format, records = "xlsx", _xlsx_records(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            'This is an old Excel (.xls) file; save it as "Excel Workbook (.xlsx)" or "CSV UTF-8".'
        )
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(NOT_UTF8)
    elif b"\x00" in data[:8192]:
        raise FileRefused("This is neither a CSV nor an Excel (.xlsx) file.")
    else:
        sheet_format, records = "csv", _csv_records(data)
    first = next(records, None)
    if first is None:
        raise FileRefused("The file is empty.")
    header = _trimmed(first[1])
    if not header:
        raise FileRefused("The first row must name the columns.")
    return Sheet(sheet_format, header, _data_rows(records, len(header), max_rows))


def _trimmed(cells: list[str]) -> list[str]:
    """The cells stripped of surrounding whitespace, without the empty cells at the end."""
    stripped = [cell.strip() for cell in cells]
    while stripped and not stripped[-1]:
        stripped.pop()
    return stripped


def _data_rows(records: Iterator[Record], width: int, max_rows: int) -> Iterator[Record]:
    """The non-blank records after the header, padded to `width`, refused past `max_rows`."""
    count = 0
    for line, cells in records:
        row = _trimmed(cells)
        if not row:
            continue
        count += 1
        if count > max_rows:
            raise FileRefused(
                f"The file has more than {max_rows:,} rows; split it into smaller files."
            )
        yield line, row + [""] * (width - len(row))


def _csv_records(data: bytes) -> Iterator[Record]:
    """The records of a CSV file numbered like spreadsheet rows; the decoding is checked at once."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(NOT_UTF8) from None
    return _csv_reader(text, _delimiter(text))


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings, without copying it into a list."""
    return (match.group() for match in _LINE.finditer(text))


def _delimiter(text: str) -> str:
    """The delimiter that splits the header record into the most cells (comma on a tie)."""

    def width(delimiter: str) -> int:
        try:
            return len(next(csv.reader(_lines(text), delimiter=delimiter), []))
        except csv.Error:
            return 0

    return max(CSV_DELIMITERS, key=width)


def _csv_reader(text: str, delimiter: str) -> Iterator[Record]:
    """Each CSV record with its number; a quoted cell spanning lines is still one record."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    line = 0
    while True:
        line += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise FileRefused(
                f"Row {line} cannot be read; look for a double quote that is never closed."
            ) from None
        yield line, record


def _xlsx_records(data: bytes) -> Iterator[Record]:
    """Each row of the workbook's first worksheet with its row number, as text."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except BROKEN_WORKBOOK:
        raise FileRefused(NOT_A_WORKBOOK) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise FileRefused("The workbook is too large once unpacked; split it into smaller files.")
    return _worksheet_records(workbook)


def _worksheet_records(workbook: Workbook) -> Iterator[Record]:
    """The rows of the first worksheet; the workbook is closed when they are done."""
    try:
        sheets = [sheet for sheet in workbook.worksheets if isinstance(sheet, ReadOnlyWorksheet)]
        if not sheets:
            raise FileRefused("The workbook has no worksheet.")
        # Some writers record a wrong used range, which would cut rows off in read-only mode.
        sheets[0].reset_dimensions()
        for line, cells in enumerate(sheets[0].iter_rows(), 1):
            if line > EXCEL_MAX_ROWS:
                raise FileRefused("The worksheet has rows past Excel's last row.")
            yield line, [_cell_text(cell.value, cell.data_type) for cell in cells]
    except BROKEN_WORKBOOK:
        raise FileRefused("The workbook is damaged; open it in Excel and save it again.") from None
    finally:
        workbook.close()


def _cell_text(value: object, data_type: str | None) -> str:
    """A worksheet cell's value as the text a user would type for it."""
    if value is None:
        return ""
    if isinstance(value, str):
        # A text cell starting with = was typed as '=... in Excel; keep it distinct from a formula.
        return "'" + value if data_type == "s" and value.startswith("=") else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, ArrayFormula):
        return value.text or "="
    if isinstance(value, DataTableFormula):
        return "=TABLE()"
    return str(value)
