"""The contract's sheets as Excel shows them (widths, number formats, the checks Excel makes as a cell is typed in),
and the Instructions sheet."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from appraisal.calculations import staffing
from appraisal.workbook import contract
from appraisal.workbook.writer.worksheet import BOLD, FTE_FORMAT, MONEY_FORMAT, append, header
from councils.models import Council

MAX_DATA_ROW = 1_048_576
_FORMATS = {
    contract.MONEY: MONEY_FORMAT,
    contract.MONEY_POSITIVE: MONEY_FORMAT,
    contract.NUMBER_POSITIVE: FTE_FORMAT,
    contract.NUMBER: FTE_FORMAT,
}


def data_sheet(wb: Workbook, sheet: contract.Sheet, rows: list[list], council_count: int) -> None:
    ws = wb.create_sheet(sheet.name)
    header(ws, rows[0])
    for row in rows[1:]:
        append(ws, row)
    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = column.width
        number_format = _FORMATS.get(column.kind)
        if number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = number_format
        check = _check(column, sheet, council_count)
        if check is not None:
            validation = DataValidation(**check)
            validation.add(f"{letter}2:{letter}{MAX_DATA_ROW}")
            ws.add_data_validation(validation)


def _check(column: contract.Column, sheet: contract.Sheet, council_count: int) -> dict | None:
    """The DataValidation Excel runs on a column of this kind as a cell is typed in, if any."""
    title = column.label
    kind = column.kind
    if kind == contract.MONEY and sheet is contract.POSTS:
        kind = contract.MONEY_POSITIVE  # a salary: reader.py refuses one below zero with the staffing rule's words
    if kind == contract.WHOLE:
        refuse = _refuse(title, "Enter a whole number.")
        return {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0", "allow_blank": True, **refuse}
    if kind == contract.COST_SPLIT:
        labels = ",".join(label for _, label in staffing.COST_SPLITS)
        refuse = _refuse(title, "Choose how the post's cost is shared.")
        return {"type": "list", "formula1": f'"{labels}"', "allow_blank": True, **refuse}
    if kind in (contract.MONEY_POSITIVE, contract.NUMBER_POSITIVE, contract.NUMBER):
        refuse = _refuse(title, "Enter a number of zero or more.")
        return {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0", "allow_blank": True, **refuse}
    if kind == contract.MONEY:
        refuse = _refuse(title, "Enter an amount in pounds (below zero for income).")
        limits = {"formula1": "-999999999999", "formula2": "999999999999"}
        return {"type": "decimal", "operator": "between", **limits, "allow_blank": True, **refuse}
    if kind == contract.SCOPE:
        refuse = _refuse("Scope", "Choose key, limited or excluded.")
        return {"type": "list", "formula1": '"key,limited,excluded"', "allow_blank": False, **refuse}
    if kind == contract.COUNCIL_TYPE:
        return {"type": "list", "formula1": f'"{",".join(Council.CouncilType.values)}"', "showErrorMessage": True}
    if kind == contract.FLAG:
        return {"type": "list", "formula1": '"yes,no"', "allow_blank": True, "showErrorMessage": True}
    if kind == contract.YEAR:
        prompt = "Write the year as 2011/12 (2011 and 2011-12 are read too)."
        return {"showInputMessage": True, "promptTitle": "Financial year", "prompt": prompt}
    if kind == contract.CODE and sheet is not contract.COUNCILS:
        codes = f"=Councils!$A$2:$A${max(council_count + 1, 2) + 50}"
        refuse = _refuse("Council", "Use a code from the Councils sheet.")
        return {"type": "list", "formula1": codes, "allow_blank": False, **refuse}
    return None


def _refuse(title: str, message: str) -> dict:
    """Excel refuses a value that fails the check, with this title and message."""
    return {"errorTitle": title, "error": message, "showErrorMessage": True}


# The Instructions sheet: everything a finance officer needs to fill the workbook in, in the workbook itself (issue 15:
# it used to send them to a file of Appraise's source). The same rules as docs/workbook.md, in the users' words.
HOW_TO = [
    "Change the figures in the sheets that follow, save the workbook as an Excel Workbook (.xlsx) and upload it on "
    "the appraisal's 'Upload workbook' page in Appraise. Appraise first lists every change it would make, with the "
    "old and the new value, and saves nothing until you confirm. If any row has a problem, nothing is saved: each "
    "problem is named with its sheet, row and column.",
    "Keep the sheet names and the column names in row 1. Columns may be in any order; other sheets and columns "
    "(this one, Summary, your own workings) are ignored. Rows left entirely blank are skipped.",
    "A blank cell changes nothing: it keeps the figure Appraise holds. Leaving a row out removes nothing either. "
    "Baselines, deficits, savings ranges and services are removed on the appraisal's own pages in Appraise.",
    "Money is in pounds: 1234, £1,234, 1,234.50, and (1,234) or -£1,234 for a negative are all read, to the penny at "
    "most. Years are written 2011/12 (2011 and 2011-12 are read too). Formulas are fine once Excel has saved their "
    "values.",
    "The Services sheet says which services this appraisal covers: every service listed is in it, with the scope "
    "given, and only those services' budgets enter its figures, whatever else the councils' budgets hold.",
    "A council's budgets, funding deficits and service baselines are the council's own: every appraisal the council "
    "is in shows the same figures. Where a change would alter another appraisal's figures, Appraise names that "
    "appraisal before you confirm, and only a programme admin can make the change.",
    "Officers can change their own council's figures, the savings ranges and the services' scopes; rows for partner "
    "councils may stay as they are, even if a partner changes their figures after you download this workbook: "
    "Appraise then keeps the partner's new figures. A partner's figure you change is named as a problem, with its "
    "cell. Only a programme admin can change the Appraisal sheet or create an appraisal. "
    "A programme admin creating an appraisal for a new partnership may list councils Appraise does not hold yet in "
    "the Councils sheet (code, name, type and budgets): they are created with it.",
    "If a colleague changes in Appraise a figure you may change after you download this workbook, a figure you leave "
    "as downloaded keeps their new one, and Appraise says so before you confirm. If you changed that same figure "
    "here too, it is named as a problem with its cell, your figure, theirs and the one you downloaded: agree the "
    "figure with them and type it.",
    "The Posts sheet holds every post of today's structure and of each option's proposed one. A row with an ID "
    "changes that post; a row without one adds a post (to today's structure where Structure is Today or blank, "
    "else to the option named). Here a blank cell means none: blank on-costs are the employing council's, a blank "
    "age or service the grade's average. Carries on gives the ID of the post of today's structure a proposed post "
    "carries on. Grades are added, and posts deleted, on the appraisal's Staffing page.",
]


def instructions(wb: Workbook, *, index: int | None = None) -> None:
    ws = wb.create_sheet(contract.INSTRUCTIONS, index)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    lines = [("How to use this workbook", ""), *(("", text) for text in HOW_TO), ("", ""), ("Sheet", "What it holds")]
    for sheet in contract.SHEETS:
        lines.append((sheet.name, sheet.help))
        for column in sheet.columns:
            need = "required" if column.required else "optional"
            header = column.label if sheet.headers_in_words else column.name
            lines.append((f"  {header}", f"{column.help} ({need})"))
    for first, second in lines:
        append(ws, [first, second])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws["A"]:
        if cell.value in contract.SHEETS_BY_NAME or cell.value == "Sheet":
            cell.font = BOLD
            ws.cell(cell.row, 2).font = BOLD if cell.value == "Sheet" else Font()
