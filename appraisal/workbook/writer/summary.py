"""The export's Summary sheet: the seed 001 savings table and the deficit lines, from appraisal.calculations via
appraisal_figures, as the appraisal page shows them."""

from decimal import Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Font

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.models import Appraisal
from appraisal.summary.selectors import appraisal_figures
from appraisal.workbook import contract
from appraisal.workbook.writer.worksheet import append, formats, header_row

CLUSTER_HEADERS = ["Service cluster", "Combined net budget", "% of total", "Min saving", "Max saving", "Min %", "Max %"]
COUNCIL_HEADERS = ["Council", "Net budget", "Deficit", "Min saving", "Max saving", "Min closed", "Max closed"]
SHARED_PRO_RATA = "Savings are shared pro rata to each council's net budget in each cluster."


def _pct(value: Fraction | None):
    """A percentage as Excel holds one (0.308 shown as 30.8%), rounded half-up as the page shows it."""
    if value is None:
        return fmt.NOT_APPLICABLE
    return fmt.round_half_up(value, 1) / Decimal(100)


def _row(ws, values: list, pattern: str, *, bold: bool = False) -> None:
    """Append a row of figures, formatted by pattern (see worksheet.formats)."""
    append(ws, values)
    formats(ws, ws.max_row, pattern, bold=bold)


def summary_sheet(wb: Workbook, appraisal: Appraisal) -> None:
    ws = wb.create_sheet(contract.SUMMARY, 0)
    append(ws, [appraisal.title])
    ws["A1"].font = Font(bold=True, size=14)
    years = f"Baseline budgets {appraisal.base_year_label}; funding deficit forecast for {appraisal.deficit_year_label}"
    append(ws, [years])
    append(ws, [])
    try:
        summary = appraisal_figures(appraisal=appraisal).summary
    except CalculationError as exc:
        append(ws, [f"The summary cannot be calculated: {exc}"])
        return
    ws.freeze_panes = f"A{header_row(ws, CLUSTER_HEADERS) + 1}"
    _clusters(ws, summary)
    _deficit(ws, summary, appraisal)
    append(ws, [])
    header_row(ws, COUNCIL_HEADERS)
    for c in summary.councils:
        closed = [_pct(c.against_deficit.min_closed_pct), _pct(c.against_deficit.max_closed_pct)]
        values = [f"{c.name} ({c.code})", c.net_budget, c.deficit, c.min_saving, c.max_saving, *closed]
        _row(ws, values, "-mmpp%%")  # a council's share of a saving is split to the penny
    if summary.warnings:
        append(ws, [])
        for warning in summary.warnings:
            append(ws, [f"Warning: {warning}"])
    append(ws, [])
    append(ws, [SHARED_PRO_RATA])
    ws.column_dimensions["A"].width = max(48, *(len(c.name) + 2 for c in summary.clusters))
    for letter in "BCDEFG":
        ws.column_dimensions[letter].width = 18


def _clusters(ws, summary) -> None:
    """A row for each cluster, then the totals."""
    for c in summary.clusters:
        ranges = [_pct(c.min_saving_pct), _pct(c.max_saving_pct)] if c.has_range else [None, None]
        values = [c.name, c.net_budget, _pct(c.share_of_net_budget_pct), c.min_saving, c.max_saving, *ranges]
        _row(ws, values, "-m%mm%%")
    t = summary.totals
    share = Decimal(1) if t.net_budget > 0 else fmt.NOT_APPLICABLE
    ranges = [_pct(t.min_saving_pct), _pct(t.max_saving_pct)]
    _row(ws, ["Totals", t.net_budget, share, t.min_saving, t.max_saving, *ranges], "-m%mm%%", bold=True)


def _deficit(ws, summary, appraisal: Appraisal) -> None:
    """The in-scope budget and the combined deficit, and how much of it the savings close."""
    t, d = summary.totals, summary.deficit
    append(ws, [])
    in_scope = [_pct(t.in_scope_min_saving_pct), _pct(t.in_scope_max_saving_pct)]
    _row(ws, ["In-scope net budget", t.in_scope_net_budget, None, None, None, *in_scope], "-m---%%")
    _row(ws, [f"Combined funding deficit {appraisal.deficit_year_label}", d.amount], "-m")
    # Of the councils' whole net revenue budgets where they are held, else of the budgets in this appraisal: the words
    # say which, as the dashboard's do (issue 15: a few services' budgets made a deficit "821% of net budget").
    _row(ws, [f"Deficit as % {d.pct_basis}", None, _pct(d.pct_of_net_budget)], "--%")
    closed = [_pct(d.min_closed_pct), _pct(d.max_closed_pct)]
    _row(ws, ["Share of the deficit closed by the savings", None, None, None, None, *closed], "-----%%")
    _row(ws, ["Deficit left after the savings", None, None, d.min_gap, d.max_gap], "---mm", bold=True)
