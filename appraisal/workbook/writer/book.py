"""The two workbooks: the template officers fill in, and the export finance officers take on."""

import io

from openpyxl import Workbook

from appraisal.models import Appraisal
from appraisal.workbook import contract
from appraisal.workbook.writer.contents import workbook_contents
from appraisal.workbook.writer.download_sheet import download_sheet
from appraisal.workbook.writer.sheets import data_sheet, instructions
from appraisal.workbook.writer.summary import summary_sheet


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _workbook(appraisal: Appraisal, *, blank_rows: bool) -> tuple[Workbook, dict[str, list[list]]]:
    rows = workbook_contents(appraisal=appraisal, blank_rows=blank_rows)
    wb = Workbook()
    wb.remove(wb.active)
    council_count = len(rows["Councils"]) - 1
    for sheet in contract.SHEETS:
        data_sheet(wb, sheet, rows[sheet.name], council_count)
    return wb, rows


def template_workbook(*, appraisal: Appraisal) -> bytes:
    """Instructions first, then every sheet prefilled, with a blank base-year row wherever a budget is missing."""
    wb, rows = _workbook(appraisal, blank_rows=True)
    instructions(wb, index=0)
    download_sheet(wb, rows)  # last, very hidden: what this download showed
    wb.active = 0
    return _save(wb)


def export_workbook(*, appraisal: Appraisal) -> bytes:
    """The savings summary first, then every sheet of figures, then the instructions."""
    wb, rows = _workbook(appraisal, blank_rows=False)
    summary_sheet(wb, appraisal)
    instructions(wb)
    download_sheet(wb, rows)  # last, very hidden: what this download showed
    wb.active = 0
    return _save(wb)


def download_name(appraisal: Appraisal, kind: str) -> str:
    return f"{appraisal.slug}-{kind}.xlsx"
