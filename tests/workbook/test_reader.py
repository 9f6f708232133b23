"""Reading a workbook: every cell checked, every problem with its sheet, row and column. No database."""

import io
import zipfile
from decimal import Decimal

import pytest

from appraisal.workbook import cells, contract
from appraisal.workbook.reader import Problem, read_workbook

from . import raw
from .conftest import build, minimal


def problems(content: bytes, name: str = "budget.xlsx") -> list[str]:
    return [str(p) for p in read_workbook(content, file_name=name).problems]


def test_a_valid_workbook_reads_into_plain_rows():
    parsed = read_workbook(build(minimal()), file_name="budget.xlsx")
    assert parsed.problems == []
    assert [c.code for c in parsed.councils] == ["DBC", "HBC"]
    first = parsed.baselines[0]
    assert (first.row, first.council_code, first.year) == (2, "DBC", 2011)
    assert (first.gross_budget, first.net_budget, first.fte, first.third_party_spend) == (
        Decimal("1051761.00"), Decimal("973853.00"), Decimal("9.70"), Decimal("31553.00"),
    )  # fmt: skip
    assert parsed.savings[0].min_saving == Decimal("1100000.00")
    assert parsed.deficits[1].year == 2014


def test_text_in_a_number_cell_is_reported_at_its_cell():
    row = ["DBC", "Strategic Management", "Directors and assistant directors", "2011/12", "12,3OO", 973853]
    content = build(minimal(Baselines=[contract.BASELINES.column_names, row]))
    assert problems(content) == ["Baselines!E2: '12,3OO' is not a number"]


def test_money_written_as_text_with_pounds_commas_and_brackets_is_read():
    rows = [
        contract.BASELINES.column_names,
        ["DBC", "Strategic Management", "Directors", "2011", "£1,234", "(1,234.50)", "", None],
        ["HBC", "Strategic Management", "Directors", "2011-12", " £ 2,000 ", "-£250", "3", "£0"],
    ]
    parsed = read_workbook(build(minimal(Baselines=rows)))
    assert parsed.problems == []
    a, b = parsed.baselines
    # A blank FTE or third-party spend is read as blank: it keeps the figure held (0 for a new baseline).
    assert (a.gross_budget, a.net_budget, a.fte, a.third_party_spend) == (
        Decimal("1234.00"), Decimal("-1234.50"), None, None,
    )  # fmt: skip
    assert b.third_party_spend == Decimal("0.00")
    assert (b.year, b.gross_budget, b.net_budget, b.fte) == (
        2011,
        Decimal("2000.00"),
        Decimal("-250.00"),
        Decimal("3.00"),
    )


def test_net_budgets_below_zero_are_accepted_but_gross_budgets_and_ftes_are_not():
    rows = [
        contract.BASELINES.column_names,
        ["DBC", "Strategic Management", "Car parks", "2011/12", 100, -5000, 1, 0],
        ["DBC", "Strategic Management", "Directors", "2011/12", -100, 50, 1, 0],
        ["HBC", "Strategic Management", "Directors", "2011/12", 100, 50, -2, 0],
    ]
    assert problems(build(minimal(Baselines=rows))) == [
        "Baselines!E3: '-100' is below zero; this figure cannot be negative",
        "Baselines!G4: '-2' is below zero; FTEs cannot be negative",
    ]


def test_a_missing_sheet_is_named():
    sheets = minimal()
    del sheets["Deficits"]
    assert problems(build(sheets)) == ["Deficits: the workbook has no sheet called Deficits"]


def test_a_missing_column_is_named_at_the_header_row():
    header = [c for c in contract.BASELINES.column_names if c != "net_budget"]
    found = read_workbook(build(minimal(Baselines=[header, ["DBC", "X", "Y", "2011/12", 1, 1, 0]]))).problems
    assert found == [Problem("Baselines", 1, None, "the column net_budget is missing (row 1 holds the headers)")]
    assert str(found[0]) == "Baselines row 1: the column net_budget is missing (row 1 holds the headers)"


def test_headers_are_matched_however_they_are_written_and_in_any_order():
    header = ["Net budget (£)", "Council code", "Cluster", "Service", "Year", "Gross Budget", "FTE"]
    rows = [header, [900, "dbc", "Strategic Management", "Directors", "2011/12", 1000, None]]
    parsed = read_workbook(build(minimal(Baselines=rows)))
    assert parsed.problems == []
    assert (parsed.baselines[0].council_code, parsed.baselines[0].net_budget) == ("DBC", Decimal("900.00"))


def test_a_duplicated_row_points_at_the_row_it_repeats():
    row = ["DBC", "Strategic Management", "Directors", "2011/12", 1, 1]
    again = ["DBC", "strategic  management", "DIRECTORS", 2011, 2, 2]
    content = build(minimal(Baselines=[contract.BASELINES.column_names, row, again]))
    assert problems(content) == ["Baselines!A3: this row repeats row 2 (the same council, cluster, service and year)"]


def test_a_formula_without_a_saved_value_is_reported():
    # openpyxl writes formulas without the value Excel would cache, like a workbook never opened in Excel.
    row = ["DBC", "Strategic Management", "Directors", "2011/12", "=1000+234", 900]
    content = build(minimal(Baselines=[contract.BASELINES.column_names, row]))
    assert problems(content) == [
        "Baselines!E2: the formula =1000+234 has no saved value: open the workbook in Excel, save it and upload it "
        "again"
    ]


def test_a_file_that_is_not_an_xlsx_is_refused():
    assert problems(b"council,service\nDBC,Finance\n", "budget.csv") == [
        "'budget.csv' is not an .xlsx file. In Excel use File > Save As and choose Excel Workbook (.xlsx)."
    ]
    assert problems(b"council,service\nDBC,Finance\n", "budget.xlsx") == [
        "This file is not an Excel workbook (.xlsx). In Excel use File > Save As and choose Excel Workbook (.xlsx)."
    ]


def test_a_corrupt_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<not really xml")
    assert problems(out.getvalue()) == [
        "This file cannot be opened as an Excel workbook: it may be damaged. Save it again in Excel and upload it."
    ]
    truncated = build(minimal())[:2000]
    assert len(problems(truncated)) == 1


def test_a_file_over_10_mb_is_refused_before_it_is_opened():
    assert problems(b"PK" + b"\0" * (10 * 1024 * 1024)) == ["The file is 10.0 MB; the largest Appraise takes is 10 MB."]


def test_more_than_the_row_limit_is_refused_at_the_row_where_reading_stopped(monkeypatch):
    # Rows are counted over every sheet: 2 councils, 2 deficits and 1 service, so Baselines row 5 is the ninth.
    monkeypatch.setattr(contract, "MAX_ROWS", 8)
    rows = [contract.BASELINES.column_names] + [
        ["DBC", "Strategic Management", f"Service {i}", "2011/12", 1, 1] for i in range(6)
    ]
    assert problems(build(minimal(Baselines=rows))) == [
        "Baselines row 5: the workbook has more than 8 rows, the most Appraise reads, so it stopped reading here: "
        "split the workbook and upload each part"
    ]


def test_blank_rows_and_rows_with_every_figure_blank_are_skipped():
    rows = [
        contract.BASELINES.column_names,
        [None] * 8,
        ["DBC", "Strategic Management", "Directors", "2011/12", None, None, None, None],
        ["DBC", "Strategic Management", "Chief", "2011/12", 10, 10],
    ]
    parsed = read_workbook(build(minimal(Baselines=rows)))
    assert parsed.problems == []
    assert [(b.row, b.service) for b in parsed.baselines] == [(4, "Chief")]


def test_a_row_with_a_figure_but_no_net_budget_asks_for_it():
    rows = [contract.BASELINES.column_names, ["DBC", "Strategic Management", "Directors", "2011/12", 10, None, 1]]
    assert problems(build(minimal(Baselines=rows))) == ["Baselines!F2: enter the net budget"]


def test_scopes_may_be_written_as_on_screen_and_others_are_refused():
    rows = [
        contract.SERVICES.column_names,
        ["C", "A", "Limited value"],
        ["C", "B", "Key service (in scope)"],
        ["C", "D", "EXCLUDED"],
        ["C", "E", "maybe"],
    ]
    parsed = read_workbook(build(minimal(Services=rows)))
    assert [s.scope for s in parsed.services] == ["limited", "key", "excluded"]
    assert [str(p) for p in parsed.problems] == ["Services!C5: 'maybe' is not a scope: write key, limited or excluded"]


def test_years_are_read_in_the_ways_councils_write_them_and_others_are_refused():
    rows = [
        contract.DEFICITS.column_names,
        ["DBC", "2014/15", 1],
        ["HBC", 2014, 1],
        ["DBC", "2013-14", 1],
        ["HBC", "2014/16", 1],
        ["DBC", "next year", 1],
    ]
    parsed = read_workbook(build(minimal(Deficits=rows)))
    assert [d.year for d in parsed.deficits] == [2014, 2014, 2013]
    assert [str(p) for p in parsed.problems] == [
        "Deficits!B5: '2014/16' is not a financial year: 2014/15 ends in 2015",
        "Deficits!B6: 'next year' is not a financial year such as 2014/15",
    ]


def test_a_savings_row_needs_both_ends_of_the_range_in_order():
    rows = [contract.SAVINGS.column_names, ["A", 10, None], ["B", 20, 10], ["C", None, None]]
    parsed = read_workbook(build(minimal(Savings=rows)))
    assert [str(p) for p in parsed.problems] == [
        "Savings!C2: enter both the minimum and the maximum saving, or leave both blank to keep the range held",
        "Savings!B3: the minimum saving (£20.00) is more than the maximum (£10.00)",
    ]
    assert [(s.cluster, s.min_saving) for s in parsed.savings] == [("C", None)]


def test_a_council_type_may_be_its_label():
    rows = [contract.COUNCILS.column_names, ["dbc", "Darlington Borough Council", "Unitary authority"]]
    parsed = read_workbook(build(minimal(Councils=rows)))
    assert parsed.problems == []
    assert (parsed.councils[0].code, parsed.councils[0].type, parsed.councils[0].net_budget) == ("DBC", "unitary", None)


@pytest.mark.parametrize(
    ("typed", "pounds"),
    [
        ("£1,234", "1234.00"),
        ("1 234", "1234.00"),
        ("(1,234)", "-1234.00"),
        ("-£1,234.56", "-1234.56"),
        (1234.5, "1234.50"),
        (3703.6799999999994, "3703.68"),  # a formula's result, as Excel stores it
        (7, "7.00"),
    ],
)
def test_money_cells(typed, pounds):
    assert cells.parse_money(typed) == Decimal(pounds)


@pytest.mark.parametrize("typed", ["12,3OO", "1e5", "£", "TRUE", True, "1.2.3", "--5"])
def test_money_cells_that_are_not_numbers(typed):
    with pytest.raises(ValueError, match="is not a number"):
        cells.parse_money(typed)


def test_typed_pence_beyond_the_penny_are_refused_as_the_grid_refuses_them():
    with pytest.raises(ValueError, match="'1,234.567' has too many decimal places: use at most 2 decimal places"):
        cells.parse_money("1,234.567")


def test_a_figure_too_large_for_the_database_is_refused():
    with pytest.raises(ValueError, match="is too large"):
        cells.parse_money("1,000,000,000,000")


def test_a_number_too_large_to_round_to_the_penny_is_refused_at_its_cell():
    # Found by the property test: 1e26 pounds is past the 28 digits Decimal rounds to the penny, and the
    # whole file used to be called damaged.
    row = ["DBC", "Strategic Management", "Directors and assistant directors", "2011/12", 1e26, 1]
    content = build(minimal(Baselines=[contract.BASELINES.column_names, row]))
    assert problems(content) == [
        "Baselines!E2: '1e+26' is too large (the most Appraise holds is 1,000,000,000,000 less a penny)"
    ]


def test_numbers_excel_cannot_hold_and_error_cells_are_reported_at_their_cells():
    # Issue 13: a NaN or INF written into the sheet by a program (Excel never writes them) made openpyxl raise, and
    # the whole file was called damaged; 1E+308 and Excel's own error values are reported at their cells too.
    def cell(ref: str, xml: str) -> raw.Raw:
        return raw.Raw(f'<c r="{ref}"{xml}</c>')

    huge, nan = cell("E2", "><v>1E+308</v>"), cell("F2", "><v>NaN</v>")
    minus_inf, inf = cell("D3", "><v>-INF</v>"), cell("F3", "><v>INF</v>")
    div0, num = cell("E4", ' t="e"><f>1/0</f><v>#DIV/0!</v>'), cell("G4", ' t="e"><v>#NUM!</v>')
    rows = [
        contract.BASELINES.column_names,
        ["DBC", "Strategic Management", "Directors", "2011/12", huge, nan],
        ["DBC", "Strategic Management", "Chief", minus_inf, 1, inf],
        ["HBC", "Strategic Management", "Directors", "2011/12", div0, 5, num],
    ]
    content = raw.package({"Baselines": raw.sheet(rows)})
    assert problems(content)[4:] == [
        "Baselines!E2: '1e+308' is too large (the most Appraise holds is 1,000,000,000,000 less a penny)",
        "Baselines!F2: 'NaN' is not a number",
        "Baselines!D3: '-INF' is not a financial year such as 2014/15",
        "Baselines!F3: 'INF' is not a number",
        "Baselines!E4: the cell shows Excel's error #DIV/0! instead of a value: correct it in Excel (type the figure, "
        "or fix the formula), save the workbook and upload it again",
        "Baselines!G4: the cell shows Excel's error #NUM! instead of a value: correct it in Excel (type the figure, "
        "or fix the formula), save the workbook and upload it again",
    ]


def test_a_carriage_return_written_as_excel_escapes_it_is_read_back():
    rows = [contract.SERVICES.column_names, ["Corporate Services", "Finance", "key", "First_x000D_second _x005F_x41_"]]
    parsed = read_workbook(raw.package({"Services": raw.sheet(rows)}))
    assert parsed.services[0].reason == "First second _x41_"  # the carriage return, then spaces collapsed


def test_a_sheet_declaring_entities_is_refused_as_damaged_without_expanding_them():
    # The "billion laughs": ten entities each ten times the one before, a gigabyte from a few hundred bytes. Excel
    # never writes a DOCTYPE, so any is refused before the parser can expand anything.
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    sheet = raw.sheet([contract.BASELINES.column_names, ["&a9;"]]).replace(b"&amp;a9;", b"&a9;")
    bomb = sheet.replace(b"<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet".encode(), 1)
    assert problems(raw.package({"Baselines": bomb})) == [
        "This file cannot be opened as an Excel workbook: it may be damaged. Save it again in Excel and upload it."
    ]
