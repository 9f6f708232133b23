"""Rows written to an openpyxl worksheet: every text written as text, never as a formula; bold headers; number
formats. Shared by the data sheets (sheets.py) and the savings summary (summary.py)."""

from openpyxl.styles import Alignment, Font, PatternFill

MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
SUMMARY_MONEY_FORMAT = '"£"#,##0;-"£"#,##0'
PCT_FORMAT = "0.0%"
FTE_FORMAT = "0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDE3E8")
BOLD = Font(bold=True)

# Text beginning with one of these is run by Excel (or a program it hands the file to) as a formula if it is in a
# formula cell, e.g. a service renamed =HYPERLINK("http://…?d="&C2,"Click") (issue 13; OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def append(ws, values: list) -> None:
    """ws.append, with every text cell written as text (data type "s"), never as a formula: openpyxl makes a formula
    of any text beginning "=" (and an error cell of "#N/A"). Text that would start a formula also gets Excel's quote
    prefix, as if typed with an apostrophe, so it stays text when someone edits the cell. The text is unchanged."""
    ws.append(values)
    row = ws.max_row
    for column, value in enumerate(values, start=1):
        if value.__class__ is str and value:
            cell = ws.cell(row, column)
            if "\r" in value or "_x" in value:
                cell.value = _excel_escape(value)
            cell.data_type = "s"
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True


def _excel_escape(text: str) -> str:
    """A carriage return as Excel writes one, _x000D_ (XML would read it back as a line feed), and an underscore that
    would begin such an escape as _x005F_; Excel (and reader.py) read the text back unchanged."""
    return text.replace("_x", "_x005F_x").replace("\r", "_x000D_")


def header(ws, names: list[str]) -> None:
    """A data sheet's first row: bold on grey, and frozen so it stays in view."""
    append(ws, names)
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"


def header_row(ws, names: list[str]) -> int:
    """Append a bold header row (figures' headers right-aligned over their numbers); returns its number."""
    append(ws, names)
    row = ws.max_row  # the row just appended: blank rows appended before it do not count in max_row
    for i in range(1, len(names) + 1):
        cell = ws.cell(row, i)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        if i > 1:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
    return row


def formats(ws, row: int, pattern: str, *, bold: bool = False) -> None:
    """pattern: one character a column, m whole pounds, p pounds and pence, % percentage, - as it is."""
    for i, kind in enumerate(pattern, start=1):
        cell = ws.cell(row, i)
        if kind == "m":
            cell.number_format = SUMMARY_MONEY_FORMAT
        elif kind == "p":
            cell.number_format = MONEY_FORMAT
        elif kind == "%":
            cell.number_format = PCT_FORMAT
            if isinstance(cell.value, str):
                cell.alignment = Alignment(horizontal="right")
        if bold:
            cell.font = BOLD
