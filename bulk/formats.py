"""How cell text survives a spreadsheet: formulas neutralised on export, undone on import."""

FORMULA_STARTS = ("=", "+", "-", "@")
EXCEL_CELL_CHARS = 32_767  # the most an XLSX cell holds: longer text is cut on export


class CellRefused(ValueError):
    """A cell whose text cannot be imported; str(error) says why."""


def _needs_quote(value: str) -> bool:
    """Whether a spreadsheet, or our own import after stripping spaces, would read a formula."""
    for char in value:
        if char in FORMULA_STARTS or char in "\t\r":
            return True
        if char != "'" and not char.isspace():
            return False
    return False


def neutralise(value: str) -> str:
    """Text as exported: ' before text that starts like a formula, so spreadsheets show text."""
    return "'" + value if _needs_quote(value) else value


def plain_text(cell: str) -> str:
    """A cell's text as imported: undoes `neutralise`; refuses a live formula (starting with =)."""
    if cell.startswith("'") and _needs_quote(cell[1:]):
        return cell[1:]
    if cell.startswith("="):
        raise CellRefused(
            "Spreadsheet formulas are not imported; type the value itself "
            "(or put ' before it to keep it as text)."
        )
    return cell
