"""Export, then import: the same figures, to the penny; and the export is a workbook a finance officer can use."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from appraisal.workbook.apply import workbook_apply
from appraisal.workbook.writer import export_workbook, template_workbook
from services.models import Baseline

from .conftest import snapshot

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"


def appraise_json(slug: str) -> dict:
    out = io.StringIO()
    call_command("appraise", slug, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_an_exported_appraisal_imported_under_a_new_slug_gives_identical_figures(dh_export):
    workbook_apply(content=dh_export, file_name="dh.xlsx", slug="dh-round-trip")
    original, copy = appraise_json(SLUG), appraise_json("dh-round-trip")
    assert copy.pop("appraisal") == "dh-round-trip"
    original.pop("appraisal")
    assert copy == original
    assert copy["totals"]["min_saving"] == "5380000.00"


def test_the_copy_exports_the_same_figures_again(dh_export, dh_appraisal):
    copy = workbook_apply(content=dh_export, file_name="dh.xlsx", slug="dh-round-trip").appraisal
    sheets = ("Appraisal", "Councils", "Deficits", "Services", "Baselines", "Savings")
    first, second = load_workbook(io.BytesIO(dh_export)), load_workbook(io.BytesIO(export_workbook(appraisal=copy)))
    for name in sheets:
        assert list(first[name].values) == list(second[name].values), name


def test_importing_an_unchanged_export_saves_nothing(dh_export):
    before = snapshot()
    assert workbook_apply(content=dh_export, file_name="dh.xlsx", slug=SLUG).plan.count == 0
    assert snapshot() == before


def test_importing_the_unchanged_template_saves_nothing(dh_appraisal):
    before = snapshot()
    assert (
        workbook_apply(content=template_workbook(appraisal=dh_appraisal), file_name="t.xlsx", slug=SLUG).plan.count == 0
    )
    assert snapshot() == before


def test_the_export_is_formatted_for_a_finance_officer(dh_export):
    wb = load_workbook(io.BytesIO(dh_export))
    summary = wb["Summary"]
    assert summary["A1"].value == "Strategic collaboration between Darlington & Hartlepool Borough Councils"
    assert [c.value for c in summary[4]] == [
        "Service cluster", "Combined net budget", "% of total", "Min saving", "Max saving", "Min %", "Max %",
    ]  # fmt: skip
    assert summary.freeze_panes == "A5"
    first = summary[5]
    assert [c.value for c in first][:2] == ["Strategic Management", 3572448]
    assert first[1].number_format == '"£"#,##0;-"£"#,##0'
    assert (first[2].number_format, float(first[5].value)) == ("0.0%", 0.308)
    totals = next(row for row in summary.iter_rows() if row[0].value == "Totals")
    assert all(c.font.b for c in totals)
    assert totals[3].value == 5380000
    lines = {row[0].value: row for row in summary.iter_rows() if row[0].value}
    assert lines["Combined funding deficit 2014/15"][1].value == 22500000
    assert float(lines["Deficit as % of net revenue budget"][2].value) == 0.144  # of £156,498,046 (seed 001: 14.4%)
    assert lines["Darlington Borough Council (DBC)"][2].value == 10400000
    baselines = wb["Baselines"]
    assert baselines.freeze_panes == "A2"
    assert baselines["E2"].number_format == '"£"#,##0.00;-"£"#,##0.00'
    assert baselines.column_dimensions["C"].width == 48
    assert all(c.font.b for c in baselines[1])
    validations = {str(v.sqref): v.type for v in wb["Services"].data_validations.dataValidation}
    assert validations["C2:C1048576"] == "list"


def test_the_template_has_a_blank_row_for_each_missing_budget_and_skips_it_on_upload(dh_appraisal):
    Baseline.objects.filter(council__code="HBC", service__name="Museums").delete()
    content = template_workbook(appraisal=dh_appraisal)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames[0] == "Instructions"
    blank = [r for r in wb["Baselines"].iter_rows(values_only=True) if r[0] == "HBC" and r[2] == "Museums"]
    assert blank == [("HBC", "Culture & Leisure", "Museums", "2011/12", None, None, None, None)]
    before = snapshot()
    assert workbook_apply(content=content, file_name="t.xlsx", slug=SLUG).plan.count == 0
    assert snapshot() == before
