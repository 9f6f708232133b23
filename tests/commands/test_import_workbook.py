"""import_workbook prints each change with its column named in words, as the preview names it (contract.py
Column.label), never by its header name."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from appraisal.workbook.writer import export_workbook
from services.models import Baseline
from services.services import baseline_update
from tests.workbook.conftest import edit, find_row

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"


def test_import_workbook_names_each_changed_column_in_words(dh_appraisal, tmp_path):
    content = export_workbook(appraisal=dh_appraisal)
    row = find_row(content, "Baselines", council_code="DBC", service="Finance")
    path = tmp_path / "dh.xlsx"
    path.write_bytes(edit(content, {"Baselines": {f"G{row}": 12.5, f"H{row}": 1000}, "Councils": {"D2": 1}}))
    old = Baseline.objects.get(council__code="DBC", service__name="Finance", year=2011)
    out = io.StringIO()
    call_command("import_workbook", str(path), "--appraisal", SLUG, "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    where = f"Baselines row {row}: DBC · Finance · 2011/12"
    assert f"{where}: FTE {old.fte.normalize():f} -> 12.5" in lines
    assert f"{where}: Third-party spend £{old.third_party_spend:,.0f} -> £1,000" in lines
    council = "Councils row 2: Darlington Borough Council (DBC): Net revenue budget £"
    assert any(line.startswith(council) for line in lines)
    for name in ("fte", "third_party_spend", "net_budget"):
        assert f": {name} " not in out.getvalue()


def test_import_workbook_prints_a_figure_changed_since_the_export_is_kept(dh_appraisal, tmp_path, django_user_model):
    content = export_workbook(appraisal=dh_appraisal)
    held = Baseline.objects.get(council__code="DBC", service__name="HR", year=2011)
    colleague = django_user_model.objects.create_user("olu", first_name="Olu", last_name="Officer")
    baseline_update(
        council=held.council,
        service=held.service,
        year=2011,
        field="net_budget",
        value=Decimal("1250000"),
        expected_version=held.version,
        user=colleague,
    )
    path = tmp_path / "dh.xlsx"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_workbook", str(path), "--appraisal", SLUG, stdout=out)
    assert out.getvalue().splitlines() == [
        "Darlington Borough Council's HR net budget for 2011/12 was changed to £1,250,000 after you downloaded this "
        f"workbook (by Olu Officer); your copy's older £{held.net_budget:,.0f} is ignored and the new figure kept.",
        "Nothing to change: the workbook matches the figures held, but for those changed since its download.",
    ]
    assert Baseline.objects.get(pk=held.pk).net_budget == Decimal("1250000.00")
