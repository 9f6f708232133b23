"""What the workbooks say to the people who read them (issue 15): the instructions a finance officer needs, in the
workbook itself and pointing nowhere else; no internal note; and never a draft scenario."""

import io

import pytest
from openpyxl import load_workbook

from appraisal.models import Scenario
from appraisal.scenarios.services import scenario_create
from appraisal.workbook.writer import export_workbook, template_workbook

pytestmark = pytest.mark.django_db
INTERNAL = ("docs/", "workbook.md", "seed 0", "§", "illustrative", "Appraise's source")


def cells(content: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, by sheet."""
    wb = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb}


def sheet_text(content: bytes, sheet: str) -> str:
    return " ".join(str(v) for row in cells(content)[sheet] for v in row if v is not None)


def test_the_instructions_tell_a_finance_officer_everything_in_the_workbook_itself(dh_appraisal):
    instructions = sheet_text(template_workbook(appraisal=dh_appraisal), "Instructions")
    for said in (
        "upload it on the appraisal's 'Upload workbook' page in Appraise",
        "A blank cell changes nothing: it keeps the figure Appraise holds. Leaving a row out removes nothing either.",
        "The Services sheet says which services this appraisal covers",
        "Where a change would alter another appraisal's figures, Appraise names that appraisal before you confirm, "
        "and only a programme admin can make the change.",
        "may list councils Appraise does not hold yet in the Councils sheet (code, name, type and budgets)",
        "Whole-council net revenue budget, £. Blank: no change. (optional)",
    ):
        assert said in instructions
    assert not [note for note in INTERNAL if note in instructions]


def test_the_exports_own_words_hold_no_internal_note(dh_appraisal):
    content = export_workbook(appraisal=dh_appraisal)
    for sheet in ("Summary", "Instructions"):
        words = sheet_text(content, sheet)
        assert not [note for note in INTERNAL if note in words], sheet
    assert "Savings are shared pro rata to each council's net budget in each cluster." in sheet_text(content, "Summary")


def test_a_draft_scenario_is_in_no_cell_of_the_export_or_the_template(dh_appraisal):
    before = cells(export_workbook(appraisal=dh_appraisal)), cells(template_workbook(appraisal=dh_appraisal))
    draft = scenario_create(
        appraisal=dh_appraisal, name="Scratch: outsource everything", first_year=2012, years=5, user=None
    )
    assert draft.status == Scenario.Status.DRAFT
    after = cells(export_workbook(appraisal=dh_appraisal)), cells(template_workbook(appraisal=dh_appraisal))
    assert after == before
    assert not any("Scratch" in str(v) for book in after for rows in book.values() for row in rows for v in row)
