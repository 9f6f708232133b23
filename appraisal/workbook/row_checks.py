"""Checks every sheet's rows share (reader.py, post_rows.py)."""

from appraisal.workbook import contract
from appraisal.workbook.rows import ParsedWorkbook, Problem


def required(parsed: ParsedWorkbook, sheet: contract.Sheet, number: int, record: dict, names) -> bool:
    """True if each named cell has a value; else False, with a problem at each empty one ("enter the grade")."""
    ok = True
    for name in names:
        if record.get(name) is None:
            letter = parsed.letter(sheet.name, name)
            label = contract.column_words(sheet.name, name)
            parsed.problems.append(Problem(sheet.name, number, letter, f"enter the {label}"))
            ok = False
    return ok
