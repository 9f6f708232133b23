"""Write an appraisal as a workbook: the template officers fill in, and the export finance officers take on.

Both hold the sheets of the contract (contract.py), so either can be edited and uploaded again; an unchanged
export uploads as "nothing to change". The export adds a Summary sheet: the seed 001 savings table and the
deficit lines, from appraisal.calculations via appraisal_figures, as the appraisal page shows them.
"""

import io
from decimal import Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraisal.summary.selectors import appraisal_councils, appraisal_figures
from appraisal.workbook import contract
from councils import financial_years
from councils.models import Council, FundingDeficit
from services.models import Baseline, Service, ServiceCluster

MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
SUMMARY_MONEY_FORMAT = '"£"#,##0;-"£"#,##0'
PCT_FORMAT = "0.0%"
FTE_FORMAT = "0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDE3E8")
BOLD = Font(bold=True)
MAX_DATA_ROW = 1_048_576
_FORMATS = {
    contract.MONEY: MONEY_FORMAT,
    contract.MONEY_POSITIVE: MONEY_FORMAT,
    contract.NUMBER_POSITIVE: FTE_FORMAT,
}


def _appraisal_services(appraisal: Appraisal, council_ids: list[int]) -> list[Service]:
    """The services of the clusters this appraisal uses (all services if it uses none yet), in table order."""
    used = set(Baseline.objects.filter(council_id__in=council_ids).values_list("service__cluster_id", flat=True))
    used |= set(SavingsRange.objects.filter(appraisal=appraisal).values_list("cluster_id", flat=True))
    services = Service.objects.select_related("cluster").order_by(
        "cluster__position", "cluster__name", "position", "name"
    )
    return list(services.filter(cluster_id__in=used) if used else services)


def workbook_contents(*, appraisal: Appraisal, blank_rows: bool = False) -> dict[str, list[list]]:
    """The contract's sheets as rows of plain values (header row first). blank_rows: add an empty base-year
    Baselines row for each council and service that has none, for officers to fill in."""
    councils = appraisal_councils(appraisal=appraisal)
    ids = [c.id for c in councils]
    order = {c.id: i for i, c in enumerate(councils)}
    services = _appraisal_services(appraisal, ids)
    scopes = {s.service_id: s for s in ServiceScope.objects.filter(appraisal=appraisal)}
    cluster_ids = list(dict.fromkeys(s.cluster_id for s in services))
    clusters = ServiceCluster.objects.in_bulk(cluster_ids)
    ranges = {r.cluster_id: r for r in SavingsRange.objects.filter(appraisal=appraisal)}
    for cid in ranges:
        if cid not in clusters:
            clusters[cid] = ServiceCluster.objects.get(pk=cid)
            cluster_ids.append(cid)
    cluster_order = sorted(cluster_ids, key=lambda cid: (clusters[cid].position, clusters[cid].name))

    def label(year: int) -> str:
        return financial_years.label(year)

    rows: dict[str, list[list]] = {sheet.name: [sheet.column_names] for sheet in contract.SHEETS}
    rows["Appraisal"].append([appraisal.title, label(appraisal.base_year), label(appraisal.deficit_year)])
    for c in councils:
        rows["Councils"].append([c.code, c.name, c.council_type, c.net_revenue_budget, c.gross_budget])
    for d in FundingDeficit.objects.filter(council_id__in=ids).select_related("council"):
        rows["Deficits"].append([d.council.code, label(d.year), d.amount, order[d.council_id], d.year])
    rows["Deficits"][1:] = [r[:3] for r in sorted(rows["Deficits"][1:], key=lambda r: (r[3], r[4]))]
    for s in services:
        scope = scopes.get(s.id)
        rows["Services"].append(
            [
                s.cluster.name,
                s.name,
                scope.scope if scope else s.scope,
                scope.reason if scope else s.scope_reason,
                "yes" if s.cluster.out_of_scope else "no",
            ]
        )
    rank = {s.id: i for i, s in enumerate(services)}
    held = Baseline.objects.filter(council_id__in=ids).values_list(
        "council_id", "service_id", "year", "gross_budget", "net_budget", "fte", "third_party_spend"
    )
    baselines = list(held)
    if blank_rows:
        have = {(b[0], b[1]) for b in baselines if b[2] == appraisal.base_year}
        baselines += [
            (c.id, s.id, appraisal.base_year, None, None, None, None)
            for c in councils
            for s in services
            if (c.id, s.id) not in have
        ]
    codes = {c.id: c.code for c in councils}
    by_id = {s.id: s for s in services}
    baselines.sort(key=lambda b: (order[b[0]], rank.get(b[1], len(rank)), b[2]))
    missing = {b[1] for b in baselines if b[1] not in by_id}
    by_id |= Service.objects.select_related("cluster").in_bulk(missing)
    for b in baselines:
        service = by_id[b[1]]
        rows["Baselines"].append([codes[b[0]], service.cluster.name, service.name, label(b[2]), *b[3:]])
    for cid in cluster_order:
        r = ranges.get(cid)
        rows["Savings"].append([clusters[cid].name, r.min_saving if r else None, r.max_saving if r else None])
    return rows


# Text beginning with one of these is run by Excel (or a program it hands the file to) as a formula if it is in a
# formula cell, e.g. a service renamed =HYPERLINK("http://…?d="&C2,"Click") (issue 13; OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _append(ws, values: list) -> None:
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


def _header(ws, names: list[str]) -> None:
    _append(ws, names)
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"


def _validations(ws, sheet: contract.Sheet, council_count: int) -> None:
    letters = {c.name: get_column_letter(i + 1) for i, c in enumerate(sheet.columns)}

    def add(validation: DataValidation, column: str) -> None:
        validation.add(f"{letters[column]}2:{letters[column]}{MAX_DATA_ROW}")
        ws.add_data_validation(validation)

    for column in sheet.columns:
        title = column.name.replace("_", " ").capitalize()
        if column.kind in (contract.MONEY_POSITIVE, contract.NUMBER_POSITIVE):
            add(
                DataValidation(
                    type="decimal",
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    errorTitle=title,
                    error="Enter a number of zero or more.",
                    showErrorMessage=True,
                ),
                column.name,
            )
        elif column.kind == contract.MONEY:
            add(
                DataValidation(
                    type="decimal",
                    operator="between",
                    formula1="-999999999999",
                    formula2="999999999999",
                    allow_blank=True,
                    errorTitle=title,
                    error="Enter an amount in pounds (below zero for income).",
                    showErrorMessage=True,
                ),
                column.name,
            )
        elif column.kind == contract.SCOPE:
            add(
                DataValidation(
                    type="list",
                    formula1='"key,limited,excluded"',
                    allow_blank=False,
                    errorTitle="Scope",
                    error="Choose key, limited or excluded.",
                    showErrorMessage=True,
                ),
                column.name,
            )
        elif column.kind == contract.COUNCIL_TYPE:
            types = ",".join(Council.CouncilType.values)
            add(DataValidation(type="list", formula1=f'"{types}"', showErrorMessage=True), column.name)
        elif column.kind == contract.FLAG:
            add(DataValidation(type="list", formula1='"yes,no"', allow_blank=True, showErrorMessage=True), column.name)
        elif column.kind == contract.YEAR:
            add(
                DataValidation(
                    showInputMessage=True,
                    promptTitle="Financial year",
                    prompt="Write the year as 2011/12 (2011 and 2011-12 are read too).",
                ),
                column.name,
            )
        elif column.kind == contract.CODE and sheet is not contract.COUNCILS:
            add(
                DataValidation(
                    type="list",
                    formula1=f"=Councils!$A$2:$A${max(council_count + 1, 2) + 50}",
                    allow_blank=False,
                    errorTitle="Council",
                    error="Use a code from the Councils sheet.",
                    showErrorMessage=True,
                ),
                column.name,
            )


def _data_sheet(wb: Workbook, sheet: contract.Sheet, rows: list[list], council_count: int) -> None:
    ws = wb.create_sheet(sheet.name)
    _header(ws, rows[0])
    for row in rows[1:]:
        _append(ws, row)
    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = column.width
        number_format = _FORMATS.get(column.kind)
        if number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = number_format
    _validations(ws, sheet, council_count)


def _instructions(wb: Workbook, *, index: int | None = None) -> None:
    ws = wb.create_sheet(contract.INSTRUCTIONS, index)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    lines = [
        ("How to use this workbook", ""),
        (
            "",
            "Edit the figures in the sheets below, save the workbook as .xlsx and upload it on the appraisal's "
            "'Upload workbook' page. You will see every change (old and new value) before anything is saved, "
            "and nothing is saved unless the whole workbook is right.",
        ),  # fmt: skip
        (
            "",
            "Keep the sheet names and the headers in row 1. Columns may be in any order; other sheets and "
            "columns are ignored. Rows left entirely blank are skipped.",
        ),  # fmt: skip
        (
            "",
            "Money is in pounds: 1234, £1,234 and (1,234) for a negative are all read. Years are written "
            "2011/12 (2011 and 2011-12 are read too). Formulas are fine once Excel has saved their values.",
        ),  # fmt: skip
        (
            "",
            "Officers can change only their own council's figures; rows for partner councils may stay as they "
            "are. Savings ranges and scopes are the partnership's assumptions.",
        ),  # fmt: skip
        ("", ""),
        ("Sheet", "What it holds"),
    ]
    for sheet in contract.SHEETS:
        lines.append((sheet.name, sheet.help))
        for column in sheet.columns:
            need = "required" if column.required else "optional"
            lines.append((f"  {column.name}", f"{column.help} ({need})"))
    lines.append(("", ""))
    lines.append(("", "The format is described in full in docs/workbook.md of Appraise."))
    for first, second in lines:
        _append(ws, [first, second])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws["A"]:
        if cell.value in contract.SHEETS_BY_NAME or cell.value == "Sheet":
            cell.font = BOLD
            ws.cell(cell.row, 2).font = BOLD if cell.value == "Sheet" else Font()


def _pct(value: Fraction | None):
    """A percentage as Excel holds one (0.308 shown as 30.8%), rounded half-up as the page shows it."""
    if value is None:
        return fmt.NOT_APPLICABLE
    return fmt.round_half_up(value, 1) / Decimal(100)


def _summary(wb: Workbook, appraisal: Appraisal) -> None:
    ws = wb.create_sheet(contract.SUMMARY, 0)
    _append(ws, [appraisal.title])
    ws["A1"].font = Font(bold=True, size=14)
    _append(
        ws,
        [f"Baseline budgets {appraisal.base_year_label}; funding deficit forecast for {appraisal.deficit_year_label}"],
    )
    _append(ws, [])
    try:
        figures = appraisal_figures(appraisal=appraisal)
    except CalculationError as exc:
        _append(ws, [f"The summary cannot be calculated: {exc}"])
        return
    s = figures.summary
    headers = ["Service cluster", "Combined net budget", "% of total", "Min saving", "Max saving", "Min %", "Max %"]
    header_row = _header_row(ws, headers)
    ws.freeze_panes = f"A{header_row + 1}"
    for c in s.clusters:
        _append(
            ws,
            [
                c.name,
                c.net_budget,
                _pct(c.share_of_net_budget_pct),
                c.min_saving,
                c.max_saving,
                _pct(c.min_saving_pct) if c.has_range else None,
                _pct(c.max_saving_pct) if c.has_range else None,
            ],
        )
        _formats(ws, ws.max_row, "-m%mm%%")
    t = s.totals
    _append(
        ws,
        [
            "Totals",
            t.net_budget,
            Decimal(1) if t.net_budget > 0 else fmt.NOT_APPLICABLE,
            t.min_saving,
            t.max_saving,
            _pct(t.min_saving_pct),
            _pct(t.max_saving_pct),
        ],
    )
    _formats(ws, ws.max_row, "-m%mm%%", bold=True)
    _append(ws, [])
    in_scope = [_pct(t.in_scope_min_saving_pct), _pct(t.in_scope_max_saving_pct)]
    _append(ws, ["In-scope net budget", t.in_scope_net_budget, None, None, None, *in_scope])
    _formats(ws, ws.max_row, "-m---%%")
    d = s.deficit
    _append(ws, [f"Combined funding deficit {appraisal.deficit_year_label}", d.amount, _pct(d.pct_of_net_budget)])
    _formats(ws, ws.max_row, "-m%")
    closed = [_pct(d.min_closed_pct), _pct(d.max_closed_pct)]
    _append(ws, ["Share of the deficit closed by the savings", None, None, None, None, *closed])
    _formats(ws, ws.max_row, "-----%%")
    _append(ws, ["Deficit left after the savings", None, None, d.min_gap, d.max_gap])
    _formats(ws, ws.max_row, "---mm", bold=True)
    _append(ws, [])
    _header_row(ws, ["Council", "Net budget", "Deficit", "Min saving", "Max saving", "Min closed", "Max closed"])
    for c in s.councils:
        _append(
            ws,
            [
                f"{c.name} ({c.code})",
                c.net_budget,
                c.deficit,
                c.min_saving,
                c.max_saving,
                _pct(c.against_deficit.min_closed_pct),
                _pct(c.against_deficit.max_closed_pct),
            ],
        )
        _formats(ws, ws.max_row, "-mmpp%%")  # a council's share of a saving is split to the penny
    if s.warnings:
        _append(ws, [])
        for warning in s.warnings:
            _append(ws, [f"Warning: {warning}"])
    _append(ws, [])
    _append(ws, ["Savings are shared pro rata to each council's net budget in each cluster (seed 001 §2.4)."])
    ws.column_dimensions["A"].width = max(48, *(len(c.name) + 2 for c in s.clusters))
    for letter in "BCDEFG":
        ws.column_dimensions[letter].width = 18


def _header_row(ws, names: list[str]) -> int:
    """Append a bold header row (figures' headers right-aligned over their numbers); returns its number."""
    _append(ws, names)
    row = ws.max_row  # the row just appended: blank rows appended before it do not count in max_row
    for i in range(1, len(names) + 1):
        cell = ws.cell(row, i)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        if i > 1:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
    return row


def _formats(ws, row: int, pattern: str, *, bold: bool = False) -> None:
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


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _workbook(appraisal: Appraisal, *, blank_rows: bool) -> Workbook:
    rows = workbook_contents(appraisal=appraisal, blank_rows=blank_rows)
    wb = Workbook()
    wb.remove(wb.active)
    council_count = len(rows["Councils"]) - 1
    for sheet in contract.SHEETS:
        _data_sheet(wb, sheet, rows[sheet.name], council_count)
    return wb


def template_workbook(*, appraisal: Appraisal) -> bytes:
    """Instructions first, then every sheet prefilled, with a blank base-year row wherever a budget is missing."""
    wb = _workbook(appraisal, blank_rows=True)
    _instructions(wb, index=0)
    wb.active = 0
    return _save(wb)


def export_workbook(*, appraisal: Appraisal) -> bytes:
    """The savings summary first, then every sheet of figures, then the instructions."""
    wb = _workbook(appraisal, blank_rows=False)
    _summary(wb, appraisal)
    _instructions(wb)
    wb.active = 0
    return _save(wb)


def download_name(appraisal: Appraisal, kind: str) -> str:
    return f"{appraisal.slug}-{kind}.xlsx"
