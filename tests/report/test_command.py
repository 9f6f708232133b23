"""python manage.py cabinet_report SLUG PATH [--scenario NAME]."""

import pytest
from django.core.management import CommandError, call_command

from tests.report.conftest import SLUG, pdf_text, scenario_added

pytestmark = pytest.mark.django_db


def test_it_writes_the_report_as_a_pdf(dh_appraisal, tmp_path, capsys):
    path = tmp_path / "report.pdf"
    call_command("cabinet_report", SLUG, str(path))
    text = pdf_text(path.read_bytes())
    assert "£9,263,010" in text and "The Low scenario" in text
    assert f"Wrote {path}" in capsys.readouterr().out


def test_it_presents_another_scenario_by_name(dh_appraisal, tmp_path):
    path = tmp_path / "high.pdf"
    call_command("cabinet_report", SLUG, str(path), "--scenario", "high")
    assert "£21,728,821" in pdf_text(path.read_bytes())


def test_it_names_the_scenarios_when_one_is_unknown(dh_appraisal, tmp_path):
    with pytest.raises(CommandError, match="has no scenario 'Best' shown to members \\(it has: Low, High\\)"):
        call_command("cabinet_report", SLUG, str(tmp_path / "x.pdf"), "--scenario", "Best")


def test_it_refuses_a_draft_and_does_not_name_it(dh_appraisal, tmp_path):
    scenario_added(dh_appraisal, "Scratch test")
    with pytest.raises(CommandError, match="no scenario 'Scratch test' shown to members \\(it has: Low, High\\)"):
        call_command("cabinet_report", SLUG, str(tmp_path / "x.pdf"), "--scenario", "Scratch test")
    assert not (tmp_path / "x.pdf").exists()


def test_it_refuses_an_unknown_appraisal(db, tmp_path):
    with pytest.raises(CommandError, match="No appraisal 'nowhere'"):
        call_command("cabinet_report", "nowhere", str(tmp_path / "x.pdf"))
