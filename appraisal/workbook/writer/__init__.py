"""Write an appraisal as a workbook: the template officers fill in, and the export finance officers take on.

Both hold the sheets of the contract (contract.py), so either can be edited and uploaded again; an unchanged
export uploads as "nothing to change". The export adds a Summary sheet (summary.py). contents.py reads what the
sheets hold, sheets.py lays them out, worksheet.py writes their cells (text always as text, never a formula), and
book.py puts the workbooks together.
"""

from appraisal.workbook.writer.book import download_name, export_workbook, template_workbook

__all__ = ["download_name", "export_workbook", "template_workbook"]
