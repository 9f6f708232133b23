import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("appraise", *args, stdout=out)
    return out.getvalue()


def test_json_output_reproduces_the_seed_001_table(dh_appraisal):
    data = json.loads(run("darlington-hartlepool-2011", "--format", "json"))
    assert list(data) == ["appraisal", "clusters", "totals", "deficit", "councils"]
    assert data["appraisal"] == "darlington-hartlepool-2011"
    strategic = data["clusters"][0]
    assert strategic == {
        "name": "Strategic Management",
        "net_budget": "3572448.00",
        "share_of_net_budget_pct": "2.3",
        "min_saving": "1100000.00",
        "max_saving": "1600000.00",
        "min_saving_pct": "30.8",
        "max_saving_pct": "44.8",
    }
    assert [(c["name"], c["min_saving_pct"], c["max_saving_pct"]) for c in data["clusters"]] == [
        ("Strategic Management", "30.8", "44.8"),
        ("Children & Young People & Adult Services", "2.0", "2.4"),
        ("Corporate Services", "7.1", "12.3"),
        ("Culture & Leisure", "2.5", "3.1"),
        ("Environment", "3.4", "6.8"),
        ("Regeneration, Regulatory, Planning & Infrastructure", "0.3", "1.9"),
        ("Out of scope expenditure", None, None),
    ]
    assert [c["net_budget"] for c in data["clusters"]] == [
        "3572448.00", "81123000.00", "22881693.00", "8148010.00", "22999871.00", "9243569.00", "8529455.00"
    ]  # fmt: skip
    assert data["totals"] == {
        "net_budget": "156498046.00",
        "min_saving": "5380000.00",
        "max_saving": "8360000.00",
        "min_saving_pct": "3.4",
        "max_saving_pct": "5.3",
        "in_scope_net_budget": "147968591.00",
        "in_scope_min_saving_pct": "3.6",
        "in_scope_max_saving_pct": "5.6",
    }
    assert data["deficit"] == {
        "amount": "22500000.00",
        "pct_of_net_budget": "14.4",
        "min_closed_pct": "23.9",
        "max_closed_pct": "37.2",
        "min_gap": "17120000.00",
        "max_gap": "14140000.00",
    }
    assert [set(c) for c in data["councils"]] == [
        {"code", "name", "net_budget", "deficit", "min_saving", "max_saving", "min_closed_pct", "max_closed_pct"}
    ] * 2
    dbc, hbc = data["councils"]
    assert (dbc["code"], dbc["deficit"], hbc["deficit"]) == ("DBC", "10400000.00", "12100000.00")
    assert float(dbc["min_saving"]) + float(hbc["min_saving"]) == pytest.approx(5380000)


def test_table_output_shows_the_table_and_the_deficit_lines(dh_appraisal):
    out = run("darlington-hartlepool-2011")
    assert "Strategic Management" in out and "£3,572,448" in out and "30.8%" in out and "44.8%" in out
    assert "Totals" in out and "£156,498,046" in out and "£5,380,000" in out and "£8,360,000" in out
    assert "Combined funding deficit £22,500,000 (14.4% of net revenue budget)" in out
    assert "Savings close 23.9% to 37.2% of it" in out
    assert "In-scope net budget £147,968,591: savings of 3.6% to 5.6%" in out
    assert "Darlington Borough Council (DBC)" in out


def test_an_unknown_slug_is_a_clear_error(dh_appraisal):
    with pytest.raises(
        CommandError, match="No appraisal with slug 'nowhere'. Known appraisals: darlington-hartlepool-2011"
    ):
        run("nowhere")


def test_an_unknown_slug_exits_non_zero(dh_appraisal):
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "appraise", "nowhere"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "appraise.settings", "APPRAISE_SQLITE_PATH": "/nonexistent/none.sqlite3",
             "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode != 0


def test_an_appraisal_with_no_budgets_yet_prints_n_a_rather_than_crashing(dh_appraisal):
    from services.models import Baseline

    Baseline.objects.all().delete()
    data = json.loads(run("darlington-hartlepool-2011", "--format", "json"))
    assert data["totals"]["net_budget"] == "0.00"
    assert data["totals"]["min_saving_pct"] == "n/a"
    assert data["clusters"][0]["min_saving_pct"] == "n/a"
    assert data["deficit"]["min_closed_pct"] == "23.9"  # the deficit is still known
    assert "no net budget" in run("darlington-hartlepool-2011")
