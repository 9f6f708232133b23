"""Read an uploaded workbook into plain rows and a list of problems, each with its sheet, row and column.

Pure: bytes in, plain values out, no ORM. Names (councils, clusters, services) are checked against the
database later, in plan.py. The workbook is read twice in openpyxl's read-only streaming mode: once for
the values Excel saved, once for the formulas, so a formula with no saved value is reported rather than
read as a blank.
"""

import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from appraisal.workbook import cells, contract
from councils.models import Council


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook. sheet '' means the whole file; row and column may be unknown."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    @property
    def location(self) -> str:
        if not self.sheet:
            return ""
        if self.row is not None and self.column:
            return f"{self.sheet}!{self.column}{self.row}"
        if self.row is not None:
            return f"{self.sheet} row {self.row}"
        return self.sheet

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(slots=True)
class AppraisalRow:
    row: int
    title: str | None
    base_year: int | None
    deficit_year: int | None


@dataclass(slots=True)
class CouncilRow:
    row: int
    code: str
    name: str
    type: str
    net_budget: Decimal | None
    gross_budget: Decimal | None


@dataclass(slots=True)
class DeficitRow:
    row: int
    council_code: str
    year: int
    amount: Decimal


@dataclass(slots=True)
class ServiceRow:
    row: int
    cluster: str
    service: str
    scope: str
    reason: str | None
    out_of_scope: bool


@dataclass(slots=True)
class BaselineRow:
    row: int
    council_code: str
    cluster: str
    service: str
    year: int
    gross_budget: Decimal
    net_budget: Decimal
    fte: Decimal
    third_party_spend: Decimal


@dataclass(slots=True)
class SavingsRow:
    row: int
    cluster: str
    min_saving: Decimal | None
    max_saving: Decimal | None


@dataclass
class ParsedWorkbook:
    appraisal: AppraisalRow | None = None
    councils: list[CouncilRow] = field(default_factory=list)
    deficits: list[DeficitRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)
    baselines: list[BaselineRow] = field(default_factory=list)
    savings: list[SavingsRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # sheet name -> column name -> letter, so later checks can point at the right cell.
    letters: dict[str, dict[str, str]] = field(default_factory=dict)

    def letter(self, sheet: str, column: str) -> str:
        return self.letters.get(sheet, {}).get(column, "A")

    @property
    def complete(self) -> bool:
        """False if the file, a sheet or a column could not be read at all: then there is nothing to compare."""
        return not any(p.column is None for p in self.problems)


NOT_XLSX = "This file is not an Excel workbook (.xlsx). In Excel use File > Save As and choose Excel Workbook (.xlsx)."
UNREADABLE = "This file cannot be opened as an Excel workbook: it may be damaged. Save it again in Excel and upload it."

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
}


class _TooManyRows(Exception):
    pass


def read_workbook(content: bytes, *, file_name: str = "") -> ParsedWorkbook:
    """Parse and check every cell; the result's problems list is empty only if the workbook can be applied."""
    parsed = ParsedWorkbook()
    size = len(content)
    if size > contract.MAX_BYTES:
        mb = size / 1024 / 1024
        message = f"The file is {mb:.1f} MB; the largest Appraise takes is 10 MB."
        parsed.problems.append(Problem("", None, None, message))
        return parsed
    lowered = file_name.lower()
    if file_name and not lowered.endswith((".xlsx", ".xlsm")):
        message = f"'{file_name}' is not an .xlsx file. In Excel use File > Save As and choose Excel Workbook (.xlsx)."
        parsed.problems.append(Problem("", None, None, message))
        return parsed
    if not zipfile.is_zipfile(io.BytesIO(content)):
        parsed.problems.append(Problem("", None, None, NOT_XLSX if size else "The file is empty."))
        return parsed
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, BadZipFile, XML errors) for a damaged file
        parsed.problems.append(Problem("", None, None, UNREADABLE))
        return parsed
    formulas = _Formulas(content)
    try:
        _read_sheets(parsed, book, formulas)
    except _TooManyRows:
        message = f"The workbook has more than {contract.MAX_ROWS:,} rows; split it and upload each part."
        parsed.problems[:] = [Problem("", None, None, message)]
    except Exception:  # a sheet's XML that openpyxl cannot stream
        parsed.problems[:] = [Problem("", None, None, UNREADABLE)]
    finally:
        book.close()
        formulas.close()
    return parsed


# A formula cell in the sheet's XML: <f>...</f>, <f t="shared" .../>, or with a namespace prefix.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


class _Formulas:
    """The formulas of a sheet, read with data_only=False only for sheets that have any.

    The values pass (data_only=True) gives None for a formula Excel never calculated; the formulas pass tells
    that apart from a blank cell. Most uploads have no formulas, so a quick look at each sheet's XML spares
    the second pass.
    """

    def __init__(self, content: bytes):
        self.content = content
        self.book = None

    def rows(self, values_book, ws):
        try:
            has_formulas = _FORMULA_TAG.search(values_book._archive.read(ws._worksheet_path)) is not None
        except Exception:  # cannot tell from the XML: read the formulas to be safe
            has_formulas = True
        if not has_formulas:
            return itertools.repeat(())
        if self.book is None:
            self.book = load_workbook(io.BytesIO(self.content), read_only=True, data_only=False)
        return self.book[ws.title].iter_rows(values_only=True)

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def _read_sheets(parsed: ParsedWorkbook, book, formulas: _Formulas) -> None:
    by_name = {contract.normalise_name(name): name for name in book.sheetnames}
    found = {}
    for sheet in contract.SHEETS:
        actual = by_name.get(contract.normalise_name(sheet.name))
        if actual is None:
            if sheet.required:
                parsed.problems.append(
                    Problem(sheet.name, None, None, f"the workbook has no sheet called {sheet.name}")
                )
            continue
        found[sheet.name] = book[actual]  # each lookup re-reads the sheet's size: look up once
    # A quick refusal for huge files, from the sizes the sheets declare (counted again while reading).
    declared = sum(max((ws.max_row or 1) - 1, 0) for ws in found.values())
    if declared > contract.MAX_ROWS:
        raise _TooManyRows
    counter = [0]
    for sheet in contract.SHEETS:
        if sheet.name in found:
            ws = found[sheet.name]
            _read_sheet(parsed, sheet, ws.iter_rows(values_only=True), formulas.rows(book, ws), counter)


def _read_sheet(parsed: ParsedWorkbook, sheet: contract.Sheet, rows, formulas, counter: list[int]) -> None:
    problems = parsed.problems
    header = next(rows, None) or ()
    next(formulas, None)
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        key = contract.normalise_header(value)
        if not key:
            continue
        if key in positions and key in sheet.column_names:
            problems.append(Problem(sheet.name, 1, get_column_letter(index + 1), f"the column {key} appears twice"))
        positions.setdefault(key, index)
    missing = [c.name for c in sheet.columns if c.required and c.name not in positions]
    if sheet is contract.SAVINGS:  # the pair is optional per row, but the columns must be there
        missing += [n for n in ("min_saving", "max_saving") if n not in positions]
    if missing:
        for name in missing:
            problems.append(Problem(sheet.name, 1, None, f"the column {name} is missing (row 1 holds the headers)"))
        return
    letters = {c.name: get_column_letter(positions[c.name] + 1) for c in sheet.columns if c.name in positions}
    parsed.letters[sheet.name] = letters
    # The columns present, and a blank value for each optional column the sheet leaves out.
    present = [
        (c.name, positions[c.name], _PARSERS[c.kind], c.max_length, letters[c.name])
        for c in sheet.columns
        if c.name in positions
    ]
    absent = {c.name: None for c in sheet.columns if c.name not in positions}
    keys: dict[tuple, int] = {}
    key_of = _KEYS[sheet.name]
    make = _MAKERS[sheet.name]
    for number, (values, formula_row) in enumerate(zip(rows, formulas, strict=False), start=2):
        for v in values:  # skip rows with nothing in them (Excel keeps formatted empty rows)
            if v is not None and (v.__class__ is not str or v.strip()):
                break
        else:
            continue
        counter[0] += 1
        if counter[0] > contract.MAX_ROWS:
            raise _TooManyRows
        record = dict(absent)
        ok = True
        width = len(values)
        for name, index, parse, max_length, letter in present:
            raw = values[index] if index < width else None
            if raw is None or (raw.__class__ is str and not raw.strip()):
                formula = formula_row[index] if raw is None and index < len(formula_row) else None
                formula = getattr(formula, "text", formula)  # an array formula is an object with .text
                if formula.__class__ is str and formula.startswith("="):
                    message = (
                        f"the formula {formula} has no saved value: open the workbook in Excel, save it "
                        "and upload it again"
                    )
                    problems.append(Problem(sheet.name, number, letter, message))
                    ok = False
                record[name] = None
                continue
            try:
                value = parse(raw)
                if max_length and len(value) > max_length:
                    raise ValueError(f"this is {len(value)} characters long; the most it can be is {max_length}")
                record[name] = value
            except ValueError as exc:
                problems.append(Problem(sheet.name, number, letter, str(exc)))
                ok = False
        if not ok:
            continue
        row = make(parsed, sheet, number, record)
        if row is None:
            continue
        key = key_of(row)
        if key in keys:
            problems.append(Problem(sheet.name, number, "A", f"this row repeats row {keys[key]} ({_SAME[sheet.name]})"))
            continue
        keys[key] = number
        if sheet is not contract.APPRAISAL:
            getattr(parsed, _LISTS[sheet.name]).append(row)


def _required(parsed: ParsedWorkbook, sheet: contract.Sheet, number: int, record: dict, names) -> bool:
    ok = True
    for name in names:
        if record.get(name) is None:
            letter = parsed.letter(sheet.name, name)
            parsed.problems.append(Problem(sheet.name, number, letter, f"enter the {name.replace('_', ' ')}"))
            ok = False
    return ok


def _appraisal(parsed, sheet, number, r):
    if parsed.appraisal is not None:
        parsed.problems.append(Problem(sheet.name, number, "A", "the Appraisal sheet takes one row only"))
        return None
    parsed.appraisal = AppraisalRow(number, r["title"], r["base_year"], r["deficit_year"])
    return parsed.appraisal


def _council(parsed, sheet, number, r):
    if not _required(parsed, sheet, number, r, ("code", "name", "type")):
        return None
    return CouncilRow(number, r["code"], r["name"], r["type"], r["net_budget"], r["gross_budget"])


def _deficit(parsed, sheet, number, r):
    if not _required(parsed, sheet, number, r, ("council_code", "year", "amount")):
        return None
    return DeficitRow(number, r["council_code"], r["year"], r["amount"])


def _service(parsed, sheet, number, r):
    if not _required(parsed, sheet, number, r, ("cluster", "service", "scope")):
        return None
    return ServiceRow(number, r["cluster"], r["service"], r["scope"], r["reason"], bool(r["out_of_scope"]))


_FIGURES = ("gross_budget", "net_budget", "fte", "third_party_spend")
_BASELINE_REQUIRED = ("council_code", "cluster", "service", "year", "gross_budget", "net_budget")


def _baseline(parsed, sheet, number, r):
    if all(r[name] is None for name in _FIGURES):
        return None  # a template row nobody filled in
    if not _required(parsed, sheet, number, r, _BASELINE_REQUIRED):
        return None
    zero = Decimal("0.00")
    return BaselineRow(
        number,
        r["council_code"],
        r["cluster"],
        r["service"],
        r["year"],
        r["gross_budget"],
        r["net_budget"],
        r["fte"] if r["fte"] is not None else zero,
        r["third_party_spend"] if r["third_party_spend"] is not None else zero,
    )


def _savings(parsed, sheet, number, r):
    if not _required(parsed, sheet, number, r, ("cluster",)):
        return None
    low, high = r["min_saving"], r["max_saving"]
    if (low is None) != (high is None):
        missing = "min_saving" if low is None else "max_saving"
        parsed.problems.append(
            Problem(
                sheet.name,
                number,
                parsed.letter(sheet.name, missing),
                "enter both the minimum and the maximum saving, or leave both blank for no range",
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
}
_LISTS = {
    "Councils": "councils",
    "Deficits": "deficits",
    "Services": "services",
    "Baselines": "baselines",
    "Savings": "savings",
}
_SAME = {
    "Appraisal": "one row only",
    "Councils": "the same council code",
    "Deficits": "the same council and year",
    "Services": "the same cluster and service",
    "Baselines": "the same council, cluster, service and year",
    "Savings": "the same cluster",
}
_n = contract.normalise_name
_KEYS = {
    "Appraisal": lambda r: ("appraisal",),
    "Councils": lambda r: (r.code,),
    "Deficits": lambda r: (r.council_code, r.year),
    "Services": lambda r: (_n(r.cluster), _n(r.service)),
    "Baselines": lambda r: (r.council_code, _n(r.cluster), _n(r.service), r.year),
    "Savings": lambda r: (_n(r.cluster),),
}
