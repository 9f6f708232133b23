"""Read an uploaded workbook into plain rows and a list of problems, each with its sheet, row and column.

Pure: bytes in, plain values out, no ORM. Names (councils, clusters, services) are checked against the
database later, by plan/. The file is streamed once by xlsx.py, within limits a hostile file cannot get
round; each cell gives the value Excel saved and, for a formula with no saved value, the formula, which is
reported rather than read as a blank.
"""

import io
import zipfile

from openpyxl.utils import get_column_letter

from appraisal.calculations import staffing
from appraisal.workbook import cells, contract, downloaded, xlsx
from appraisal.workbook.post_rows import post_row
from appraisal.workbook.row_checks import required
from appraisal.workbook.rows import (
    AppraisalRow,
    BaselineRow,
    CouncilRow,
    DeficitRow,
    ParsedWorkbook,
    Problem,
    SavingsRow,
    ServiceRow,
)
from councils.models import Council

NOT_XLSX = "This file is not an Excel workbook (.xlsx). In Excel use File > Save As and choose Excel Workbook (.xlsx)."
UNREADABLE = "This file cannot be opened as an Excel workbook: it may be damaged. Save it again in Excel and upload it."
TOO_MANY_ROWS = (
    "the workbook has more than {limit:,} rows, the most Appraise reads, so it stopped reading here: split the "
    "workbook and upload each part"
)
UNSAVED_FORMULA = "the formula {formula} has no saved value: open the workbook in Excel, save it and upload it again"
EXCEL_ERROR = (
    "the cell shows Excel's error {code} instead of a value: correct it in Excel (type the figure, or fix the "
    "formula), save the workbook and upload it again"
)

_PARSERS = {
    contract.TEXT: cells.parse_text,
    contract.CODE: cells.parse_code,
    contract.MONEY: cells.parse_money,
    contract.MONEY_POSITIVE: cells.parse_money_positive,
    contract.NUMBER_POSITIVE: cells.parse_number_positive,
    contract.YEAR: cells.parse_year,
    contract.SCOPE: cells.parse_scope,
    contract.COUNCIL_TYPE: cells.council_type_parser(dict(Council.CouncilType.choices)),
    contract.FLAG: cells.parse_flag,
    contract.NUMBER: cells.parse_number,
    contract.WHOLE: cells.parse_whole,
    contract.COST_SPLIT: cells.cost_split_parser(staffing.COST_SPLITS),
    contract.SHARES: cells.parse_shares,
}


TOO_MANY_PROBLEMS = (
    "Appraise stopped reading here, after {limit:,} problems: fix those, save the workbook and upload it again"
)


class _Stopped(Exception):
    """Reading stopped at this row: too many rows, or too many problems."""

    def __init__(self, sheet: str, row: int, message: str):
        self.problem = Problem(sheet, row, None, message)


def read_workbook(content: bytes, *, file_name: str = "") -> ParsedWorkbook:
    """Parse and check every cell; the result's problems list is empty only if the workbook can be applied.

    The file is streamed within the limits of contract.py (see xlsx.py): a workbook over them is refused with one
    problem saying which, in about the time it takes to read its zip directory.
    """
    parsed = ParsedWorkbook()
    size = len(content)
    if size > contract.MAX_BYTES:
        parsed.problems.append(Problem("", None, None, contract.TOO_LARGE.format(size=size / 1024 / 1024)))
        return parsed
    lowered = file_name.lower()
    if file_name and not lowered.endswith(contract.EXTENSIONS):
        message = f"'{file_name}' is not an .xlsx file. In Excel use File > Save As and choose Excel Workbook (.xlsx)."
        parsed.problems.append(Problem("", None, None, message))
        return parsed
    if not zipfile.is_zipfile(io.BytesIO(content)):
        parsed.problems.append(Problem("", None, None, NOT_XLSX if size else "The file is empty."))
        return parsed
    try:
        with xlsx.Book(content) as book:
            _read_sheets(parsed, book)
    except xlsx.Refused as exc:
        parsed.problems[:] = [Problem("", None, None, str(exc))]
    except _Stopped as exc:
        parsed.problems[:] = [*parsed.problems[: contract.MAX_PROBLEMS], exc.problem]
    except Exception:  # a damaged file fails in many ways (zip checksums, XML, a missing part or string)
        parsed.problems[:] = [Problem("", None, None, UNREADABLE)]
    return parsed


def _read_sheets(parsed: ParsedWorkbook, book: xlsx.Book) -> None:
    by_name = {contract.normalise_name(name): name for name in book.sheets}
    found = {}
    for sheet in contract.SHEETS:
        actual = by_name.get(contract.normalise_name(sheet.name))
        if actual is None:
            if sheet.required:
                parsed.problems.append(
                    Problem(sheet.name, None, None, f"the workbook has no sheet called {sheet.name}")
                )
            continue
        found[sheet.name] = actual
    counter = [0]  # rows read, over every sheet, against contract.MAX_ROWS
    for sheet in contract.SHEETS:
        if sheet.name in found:
            _read_sheet(parsed, sheet, book.rows(found[sheet.name]), counter)
    if downloaded.SHEET in book.sheets:
        parsed.downloaded = _read_downloaded(book.rows(downloaded.SHEET))


_KEPT = max(len(names) for names in downloaded.FIGURES.values())  # the most values a kept row holds


def _read_downloaded(rows) -> downloaded.Downloaded | None:
    """What the download showed (downloaded.py), or None if the sheet is not one Appraise wrote or holds more rows
    than a workbook may: then the upload is read as one made by hand. A row that cannot be read is left out."""
    first = next(rows, None)
    if first is None or first.number != 1 or first.values.get(0) != downloaded.MARKER:
        return None
    kept: downloaded.Downloaded = {}
    for count, row in enumerate(rows):
        if count >= contract.MAX_ROWS:
            return None
        key, cells = row.values.get(0), row.values
        found = downloaded.values(key, [cells.get(i) for i in range(1, _KEPT + 1)]) if isinstance(key, str) else None
        if found is not None:
            kept[key] = found
    return kept


def _read_sheet(parsed: ParsedWorkbook, sheet: contract.Sheet, rows, counter: list[int]) -> None:
    present = _columns(parsed, sheet, next(rows, None))
    if present is None:
        return
    problems = parsed.problems
    blank = dict.fromkeys(sheet.column_names)
    keys: dict[tuple, int] = {}
    key_of = _KEYS[sheet.name]
    make = _MAKERS[sheet.name]
    for row in rows:
        if not row.filled:  # skip rows with nothing in them (Excel keeps formatted empty rows)
            continue
        number = row.number
        counter[0] += 1
        if counter[0] > contract.MAX_ROWS:
            problems.clear()  # the workbook is refused whole: its first rows' problems are beside the point
            raise _Stopped(sheet.name, number, TOO_MANY_ROWS.format(limit=contract.MAX_ROWS))
        if len(problems) >= contract.MAX_PROBLEMS:
            raise _Stopped(sheet.name, number, TOO_MANY_PROBLEMS.format(limit=contract.MAX_PROBLEMS))
        record = _record(problems, sheet, row, present, blank.copy())
        if record is None:
            continue
        made = make(parsed, sheet, number, record)
        if made is None:
            continue
        key = key_of(made)
        if key in keys:
            problems.append(Problem(sheet.name, number, "A", f"this row repeats row {keys[key]} ({_SAME[sheet.name]})"))
            continue
        keys[key] = number
        if sheet is not contract.APPRAISAL:
            getattr(parsed, _LISTS[sheet.name]).append(made)


def _columns(parsed: ParsedWorkbook, sheet: contract.Sheet, first: xlsx.Row | None) -> dict | None:
    """Each column of the contract the header row has, by its index: (name, parser, longest text, letter). None, with
    a problem for each, if a required column is missing."""
    header = first.values if first is not None and first.number == 1 else {}
    positions: dict[str, int] = {}
    for index, value in sorted(header.items()):
        key = contract.normalise_header(value)
        if not key:
            continue
        if key in positions and key in sheet.column_names:
            message = f"the column {key} appears twice"
            parsed.problems.append(Problem(sheet.name, 1, get_column_letter(index + 1), message))
        positions.setdefault(key, index)
    missing = [c.name for c in sheet.columns if c.required and c.name not in positions]
    if sheet is contract.SAVINGS:  # the pair is optional per row, but the columns must be there
        missing += [n for n in ("min_saving", "max_saving") if n not in positions]
    if missing:
        for name in missing:
            message = f"the column {name} is missing (row 1 holds the headers)"
            parsed.problems.append(Problem(sheet.name, 1, None, message))
        return None
    letters = {c.name: get_column_letter(positions[c.name] + 1) for c in sheet.columns if c.name in positions}
    parsed.letters[sheet.name] = letters
    return {
        positions[c.name]: (c.name, _PARSERS[c.kind], c.max_length, letters[c.name])
        for c in sheet.columns
        if c.name in positions
    }


def _record(problems: list[Problem], sheet: contract.Sheet, row: xlsx.Row, present: dict, record: dict) -> dict | None:
    """The row's cells parsed into record (every column of the contract, blank until read), or None with a problem
    at each cell that cannot be read."""
    ok = True
    for index, raw in row.values.items():  # only the cells the row has: most rows leave some blank
        column = present.get(index)
        if column is None or (raw.__class__ is str and not raw.strip()):
            continue
        name, parse, max_length, letter = column
        try:
            if raw.__class__ is xlsx.ExcelError:
                raise ValueError(EXCEL_ERROR.format(code=raw))
            value = parse(raw)
            if max_length and len(value) > max_length:
                raise ValueError(f"this is {len(value)} characters long; the most it can be is {max_length}")
            record[name] = value
        except ValueError as exc:
            problems.append(Problem(sheet.name, row.number, letter, str(exc)))
            ok = False
    for index, formula in (row.formulas or {}).items():
        if index in present:
            problems.append(Problem(sheet.name, row.number, present[index][3], UNSAVED_FORMULA.format(formula=formula)))
            ok = False
    return record if ok else None


def _appraisal(parsed, sheet, number, r):
    if parsed.appraisal is not None:
        parsed.problems.append(Problem(sheet.name, number, "A", "the Appraisal sheet takes one row only"))
        return None
    parsed.appraisal = AppraisalRow(number, r["title"], r["base_year"], r["deficit_year"])
    return parsed.appraisal


def _council(parsed, sheet, number, r):
    if not required(parsed, sheet, number, r, ("code", "name", "type")):
        return None
    return CouncilRow(number, r["code"], r["name"], r["type"], r["net_budget"], r["gross_budget"])


def _deficit(parsed, sheet, number, r):
    if not required(parsed, sheet, number, r, ("council_code", "year", "amount")):
        return None
    return DeficitRow(number, r["council_code"], r["year"], r["amount"])


def _service(parsed, sheet, number, r):
    if not required(parsed, sheet, number, r, ("cluster", "service", "scope")):
        return None
    return ServiceRow(number, r["cluster"], r["service"], r["scope"], r["reason"], bool(r["out_of_scope"]))


_BASELINE_REQUIRED = ("council_code", "cluster", "service", "year", "gross_budget", "net_budget")


def _baseline(parsed, sheet, number, r):
    if r["gross_budget"] is None and r["net_budget"] is None and r["fte"] is None and r["third_party_spend"] is None:
        return None  # a template row nobody filled in
    if not required(parsed, sheet, number, r, _BASELINE_REQUIRED):
        return None
    # A blank FTE or third-party spend keeps the figure held (plan/sheets.py), or is 0 for a new baseline.
    return BaselineRow(
        number,
        r["council_code"],
        r["cluster"],
        r["service"],
        r["year"],
        r["gross_budget"],
        r["net_budget"],
        r["fte"],
        r["third_party_spend"],
    )


def _savings(parsed, sheet, number, r):
    if not required(parsed, sheet, number, r, ("cluster",)):
        return None
    low, high = r["min_saving"], r["max_saving"]
    if (low is None) != (high is None):
        missing = "min_saving" if low is None else "max_saving"
        parsed.problems.append(
            Problem(
                sheet.name,
                number,
                parsed.letter(sheet.name, missing),
                "enter both the minimum and the maximum saving, or leave both blank to keep the range held",
            )
        )
        return None
    if low is not None and low > high:
        parsed.problems.append(
            Problem(
                sheet.name,
                number,
                parsed.letter(sheet.name, "min_saving"),
                f"the minimum saving (£{low:,}) is more than the maximum (£{high:,})",
            )
        )
        return None
    return SavingsRow(number, r["cluster"], low, high)


_MAKERS = {
    "Appraisal": _appraisal,
    "Councils": _council,
    "Deficits": _deficit,
    "Services": _service,
    "Baselines": _baseline,
    "Savings": _savings,
    "Posts": post_row,
}
_LISTS = {
    "Councils": "councils",
    "Deficits": "deficits",
    "Services": "services",
    "Baselines": "baselines",
    "Savings": "savings",
    "Posts": "posts",
}
_SAME = {
    "Appraisal": "one row only",
    "Councils": "the same council code",
    "Deficits": "the same council and year",
    "Services": "the same cluster and service",
    "Baselines": "the same council, cluster, service and year",
    "Savings": "the same cluster",
    "Posts": "the same post ID",
}
_n = contract.normalise_name
_KEYS = {
    "Appraisal": lambda r: ("appraisal",),
    "Councils": lambda r: (r.code,),
    "Deficits": lambda r: (r.council_code, r.year),
    "Services": lambda r: (_n(r.cluster), _n(r.service)),
    "Baselines": lambda r: (r.council_code, _n(r.cluster), _n(r.service), r.year),
    "Savings": lambda r: (_n(r.cluster),),
    "Posts": lambda r: ("id", r.id) if r.id is not None else ("row", r.row),  # new posts may repeat
}
