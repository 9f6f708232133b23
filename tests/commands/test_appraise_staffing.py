"""`manage.py appraise SLUG --staffing [--option NAME] [--format json]`: the staffing structures' contract for
scripting (issue 18), on the case worked by hand in tests/helpers/staffing_case.py (Carlisle, Allerdale and Eden)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from appraisal.models import Post
from tests.demo.conftest import demo, demo_snapshot  # noqa: F401 (fixtures: every fixture load_demo loads)
from tests.helpers.staffing_case import CARLISLE, FEDERAL, PREFERRED, staffing_case

pytestmark = pytest.mark.django_db


def appraise(*args) -> str:
    out = StringIO()
    call_command("appraise", CARLISLE, "--staffing", *args, stdout=out)
    return out.getvalue()


def post(title, council, fte, salary, cost):
    return {"title": title, "council": council, "fte": fte, "salary": salary, "on_cost_pct": "25.00", "cost": cost}


TODAY = {
    "name": "Today's structure",
    "option": None,
    "fte": "3.50",
    "cost": "185000.00",
    "posts": [
        post("Head of HR", "CCC", "1.00", "60000.00", "75000.00"),
        post("HR manager", "ABC", "1.00", "40000.00", "50000.00"),
        post("HR manager", "EDC", "1.00", "36000.00", "45000.00"),
        post("Payroll officer", "EDC", "0.50", "24000.00", "15000.00"),
    ],
}
FEDERAL_STRUCTURE = {
    "name": FEDERAL,
    "option": FEDERAL,
    "fte": "1.00",
    "cost": "75000.00",
    "posts": [post("Head of HR", "CCC", "1.00", "60000.00", "75000.00")],
}
PREFERRED_STRUCTURE = {
    "name": PREFERRED,
    "option": PREFERRED,
    "fte": "2.50",
    "cost": "137500.00",
    "posts": [
        post("Head of shared HR", "CCC", "1.00", "66000.00", "82500.00"),
        post("Payroll officer", "EDC", "0.50", "24000.00", "15000.00"),
        post("HR business partner", "CCC", "1.00", "32000.00", "40000.00"),
    ],
}
ABC_LEAVER = {"title": "HR manager", "council": "ABC", "age": 45, "years_service": 12, "weekly_pay": "769.23",
              "weekly_pay_cap": "310.00", "statutory_weeks": "14.0", "statutory_redundancy": "4340.00",
              "multiplier": "1.00", "redundancy": "4340.00", "pension_strain": "0.00"}  # fmt: skip
EDC_LEAVER = {"title": "HR manager", "council": "EDC", "age": 57, "years_service": 25, "weekly_pay": "692.31",
              "weekly_pay_cap": "310.00", "statutory_weeks": "28.0", "statutory_redundancy": "8680.00",
              "multiplier": "1.50", "redundancy": "13020.00", "pension_strain": "91836.73"}  # fmt: skip


def test_the_json_holds_exactly_the_contract_with_the_hand_worked_figures(demo):  # noqa: F811
    staffing_case()
    data = json.loads(appraise("--format", "json"))
    options_order = [s["name"] for s in data["structures"][1:]]
    assert sorted(options_order) == sorted([PREFERRED, FEDERAL])
    by_name = {s["name"]: s for s in data["structures"]}
    assert data == {
        "appraisal": CARLISLE,
        "structures": [TODAY, *(by_name[name] for name in options_order)],
        "savings_by_council": {"CCC": "13750.00", "ABC": "13250.00", "EDC": "20500.00"},
        "leavers": [ABC_LEAVER, EDC_LEAVER],
    }
    assert by_name[PREFERRED] == PREFERRED_STRUCTURE
    assert by_name[FEDERAL] == FEDERAL_STRUCTURE


def test_option_presents_another_options_savings_and_leavers(demo):  # noqa: F811
    staffing_case()
    data = json.loads(appraise("--option", FEDERAL.upper(), "--format", "json"))
    # The federal structure keeps only the head of HR (£75,000, Carlisle's): Carlisle saves nothing, the others all.
    assert data["savings_by_council"] == {"CCC": "0.00", "ABC": "50000.00", "EDC": "60000.00"}
    assert [(p["council"], p["title"]) for p in data["leavers"]] == [
        ("ABC", "HR manager"),
        ("EDC", "HR manager"),
        ("EDC", "Payroll officer"),
    ]


def test_an_unknown_option_is_refused_naming_those_with_a_structure(demo):  # noqa: F811
    staffing_case()
    with pytest.raises(CommandError, match=f"No option 'Nothing' with a proposed structure in {CARLISLE}"):
        appraise("--option", "Nothing")


def test_option_without_staffing_is_refused(demo):  # noqa: F811
    with pytest.raises(CommandError, match="--option goes with --staffing"):
        call_command("appraise", CARLISLE, "--option", FEDERAL, stdout=StringIO())


def test_an_appraisal_without_posts_has_todays_empty_structure_only(demo):  # noqa: F811
    Post.objects.filter(appraisal__slug=CARLISLE).delete()
    data = json.loads(appraise("--format", "json"))
    assert data == {
        "appraisal": CARLISLE,
        "structures": [{"name": "Today's structure", "option": None, "fte": "0.00", "cost": "0.00", "posts": []}],
        "savings_by_council": {},
        "leavers": [],
    }
    assert "has no staffing structure yet" in appraise()


def test_the_text_reads_the_structures_the_councils_figures_and_the_leavers(demo):  # noqa: F811
    staffing_case()
    text = appraise()
    lines = text.splitlines()
    assert lines[0] == "Shared services: Carlisle with Allerdale and Eden: staffing structures"
    assert "Today's structure: 4 posts, 3.5 FTE, £185,000 a year" in lines
    assert f"{PREFERRED}: 3 posts, 2.5 FTE, £137,500 a year" in lines
    assert f"Option presented: {PREFERRED} (leavers leave in 2007/08)" in lines
    total = next(line for line in lines if line.startswith("Total "))
    assert total.split()[1:] == ["4", "3", "3.5", "2.5", "2", "1", "£47,500", "£17,360", "£91,837", "£109,197", "2.3",
                                 "years"]  # fmt: skip
    eden = [line for line in lines if line.startswith("HR manager") and " EDC " in line][-1]  # the leavers' table
    assert eden.split()[2:] == ["EDC", "57", "25", "£692.31", "£310", "28.0", "£8,680", "1.5", "£13,020", "£91,836.73"]
    assert "Host employer: Carlisle City Council (staff of the other councils transfer to it under TUPE)" in lines
    assert "Staff consultation: 2 of 8 steps done" in lines
    assert f"{FEDERAL}: 1 post, 1 FTE, £75,000 a year" in lines
