"""import_workbook and export_workbook: the same round trip from the command line."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from appraisal.models import Appraisal
from services.models import Baseline

from .conftest import edit, find_row, sheet_rows, snapshot

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_workbook_writes_the_figures_and_summary(dh_appraisal, tmp_path):
    path = tmp_path / "dh.xlsx"
    out, _ = run("export_workbook", SLUG, str(path))
    assert out.startswith(f"Wrote {dh_appraisal.title} to {path}")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Summary", "Appraisal"]
    assert wb["Baselines"].max_row == 77


def test_export_workbook_names_the_known_appraisals_for_an_unknown_slug(dh_appraisal, tmp_path):
    with pytest.raises(CommandError, match=f"No appraisal with slug 'nope'. Known appraisals: {SLUG}."):
        run("export_workbook", "nope", str(tmp_path / "x.xlsx"))


def test_import_workbook_prints_what_changed(dh_export, tmp_path, admin_user):
    row = find_row(dh_export, "Baselines", council_code="HBC", service="ICT")
    path = tmp_path / "dh.xlsx"
    path.write_bytes(edit(dh_export, {"Baselines": {f"F{row}": 1000}}))
    old = Baseline.objects.get(council__code="HBC", service__name="ICT", year=2011)
    out, _ = run("import_workbook", str(path), "--appraisal", SLUG, "--user", "workbook-admin")
    assert out.splitlines() == [
        f"Baselines row {row}: HBC · ICT · 2011/12: Net budget £{old.net_budget:,.0f} -> £1,000",
        f"Applied dh.xlsx to {SLUG}: 1 figure changed.",
    ]
    new = Baseline.objects.get(pk=old.pk)
    assert (new.net_budget, new.history.first().history_user) == (Decimal("1000.00"), admin_user)


def test_import_workbook_prints_every_problem_and_changes_nothing(dh_export, tmp_path):
    row = find_row(dh_export, "Baselines", council_code="HBC", service="ICT")
    path = tmp_path / "dh.xlsx"
    path.write_bytes(edit(dh_export, {"Baselines": {f"F{row}": "12,3OO", f"G{row}": -1}, "Savings": {"B2": 1}}))
    before = snapshot()
    with pytest.raises(CommandError, match="2 problems in the workbook; nothing was changed."):
        out, err = io.StringIO(), io.StringIO()
        call_command("import_workbook", str(path), "--appraisal", SLUG, stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        f"Baselines!F{row}: '12,3OO' is not a number",
        f"Baselines!G{row}: '-1' is below zero; FTEs cannot be negative",
    ]
    assert snapshot() == before


def test_import_workbook_creates_a_new_appraisal_and_says_nothing_changed_the_second_time(dh_export, tmp_path):
    path = tmp_path / "dh.xlsx"
    path.write_bytes(dh_export)
    out, _ = run("import_workbook", str(path), "--appraisal", "dh-copy")
    added = 7 + len(sheet_rows(dh_export, "Services"))  # the appraisal, 6 savings ranges, each service in its scope
    assert out.splitlines()[-1] == f"Applied dh.xlsx to dh-copy: 0 figures changed, {added} rows added."
    assert "Appraisal row 2: new dh-copy: new appraisal 'Strategic collaboration" in out
    assert Appraisal.objects.filter(slug="dh-copy").exists()
    before = snapshot()
    out, _ = run("import_workbook", str(path), "--appraisal", "dh-copy")
    assert out.strip() == "Nothing to change: the workbook matches the figures already held."
    assert snapshot() == before


def test_import_workbook_dry_run_changes_nothing(dh_export, tmp_path):
    path = tmp_path / "dh.xlsx"
    path.write_bytes(dh_export)
    before = snapshot()
    out, _ = run("import_workbook", str(path), "--appraisal", "dh-copy", "--dry-run")
    added = 7 + len(sheet_rows(dh_export, "Services"))
    assert out.splitlines()[-1] == f"Would apply dh.xlsx to dh-copy: 0 figures changed, {added} rows added."
    assert snapshot() == before


def test_import_workbook_refuses_an_unknown_user_or_a_missing_file(dh_export, tmp_path):
    path = tmp_path / "dh.xlsx"
    path.write_bytes(dh_export)
    with pytest.raises(CommandError, match="No user called 'nobody'."):
        run("import_workbook", str(path), "--appraisal", SLUG, "--user", "nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_workbook", str(tmp_path / "missing.xlsx"), "--appraisal", SLUG)
