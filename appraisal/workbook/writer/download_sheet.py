"""The very hidden sheet that keeps what a download showed (appraisal/workbook/downloaded.py says why)."""

from openpyxl import Workbook

from appraisal.calculations import staffing
from appraisal.workbook import contract, downloaded
from appraisal.workbook.writer.worksheet import append
from councils import financial_years

# The cells of each kept row that make its key, by the contract's column names.
_KEYS = {
    contract.APPRAISAL.name: (),
    contract.COUNCILS.name: ("code",),
    contract.DEFICITS.name: ("council_code", "year"),
    contract.BASELINES.name: ("council_code", "cluster", "service", "year"),
    contract.SAVINGS.name: ("cluster",),
    contract.POSTS.name: ("id",),
}
_YEARS = ("year", "base_year", "deficit_year")  # kept as their first calendar year: 2011 for 2011/12


def download_sheet(wb: Workbook, rows: dict[str, list[list]]) -> None:
    """The Appraisal row and every Councils, Deficits, Baselines and Savings row the workbook shows, keyed, with its
    values as exact text."""
    ws = wb.create_sheet(downloaded.SHEET)
    append(ws, [downloaded.MARKER])
    for sheet, figures in downloaded.FIGURES.items():
        if sheet == contract.POSTS.name:
            _posts(ws, rows[sheet][1:])
            continue
        header = rows[sheet][0]
        keys = [header.index(name) for name in _KEYS[sheet]]
        values = [header.index(name) for name in figures]
        for row in rows[sheet][1:]:
            parts = [_year(header[i], row[i]) for i in keys]
            append(ws, [downloaded.key(sheet, *parts), *(downloaded.as_text(_year(header[i], row[i])) for i in values)])
    ws.protection.sheet = True  # nobody types into it by mistake (it is evidence only: downloaded.py)
    ws.sheet_state = "veryHidden"


_SPLITS = {label: code for code, label in staffing.COST_SPLITS}


def _posts(ws, rows: list[list]) -> None:
    """Each post by its ID, its cells as the upload compares them (downloaded.post_texts)."""
    names = contract.POSTS.column_names
    for row in rows:
        values = dict(zip(names, row, strict=True))
        values["structure"] = "" if values["structure"] == contract.TODAY else values["structure"]
        values["cost_shared"] = _SPLITS[values["cost_shared"]]
        values["in_pension_scheme"] = values["in_pension_scheme"] == "Yes"
        append(ws, [downloaded.post_key(values["id"]), *downloaded.post_texts(values).values()])


def _year(name: str, value):
    """A year as its first calendar year (2011 for '2011/12'); any other value as it is."""
    return financial_years.parse(value) if name in _YEARS and value is not None else value
