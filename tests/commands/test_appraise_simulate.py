"""`manage.py appraise SLUG --scenario NAME --simulate RUNS --seed SEED --format json` (issue 20): how sure the
scenario's figures are, in the contract's "simulation" key, from the appraisal's own simulation settings."""

import json
import re
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from appraisal.baselines.services import savings_range_set
from appraisal.management.commands.appraise import ERR_SIMULATE_WITH
from appraisal.management.simulation_output import ERR_SEED_ALONE, ERR_WITHOUT_SCENARIO, NO_PAYBACK
from appraisal.models import SavingsRange
from appraisal.simulation.services import simulation_settings_set

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"
MONEY = re.compile(r"^-?\d+\.\d\d$")
CHANCE = re.compile(r"^\d{1,3}\.\d%$")


def appraise(*args) -> str:
    out = StringIO()
    call_command("appraise", SLUG, *args, stdout=out)
    return out.getvalue()


def simulated(*args, runs="1000") -> dict:
    return json.loads(appraise("--scenario", "Low", "--simulate", runs, *args, "--format", "json"))


def test_the_simulation_key_holds_the_contract(dh_appraisal):
    data = simulated("--seed", "5")
    s = data["simulation"]
    assert list(s) == ["runs", "seed", "savings_full_effect", "npv", "p_npv_positive", "payback_years", "councils"]
    assert (s["runs"], s["seed"]) == (1000, 5)
    for spread in (s["savings_full_effect"], s["npv"]):
        assert list(spread) == ["p10", "p50", "p90", "mean"]
        assert all(MONEY.match(v) for v in spread.values())
        assert D(spread["p10"]) <= D(spread["p50"]) <= D(spread["p90"])
    assert CHANCE.match(s["p_npv_positive"])
    years = [y["year"] for y in data["scenario"]["years"]]
    assert list(s["payback_years"]) == [*years, NO_PAYBACK]
    assert all(CHANCE.match(v) for v in s["payback_years"].values())
    assert abs(sum(D(v[:-1]) for v in s["payback_years"].values()) - 100) <= D("0.5")  # each rounded to 0.1%
    assert [c["code"] for c in s["councils"]] == ["DBC", "HBC"]
    for council in s["councils"]:
        assert list(council) == ["code", "npv", "p_close_share_of_gap"]
        assert list(council["npv"]) == ["p10", "p50", "p90"] and all(MONEY.match(v) for v in council["npv"].values())
        gap = council["p_close_share_of_gap"]
        assert gap["share"] == "25"  # the default share of the gap
        assert list(gap["by_year"]) == years
        # The fixture's medium-term plans forecast gaps for 2012/13 to 2014/15 only.
        assert [v is not None and bool(CHANCE.match(v)) for v in gap["by_year"].values()] == [
            True,
            True,
            True,
            False,
            False,
        ]


def test_the_same_seed_gives_the_same_answer_and_another_seed_another(dh_appraisal):
    first, again, other = simulated("--seed", "11"), simulated("--seed", "11"), simulated("--seed", "12")
    assert first["simulation"] == again["simulation"]
    assert first["simulation"]["npv"] != other["simulation"]["npv"]


def test_the_stored_seed_is_used_unless_another_is_given_and_runs_override_the_stored_runs(dh_appraisal):
    simulation_settings_set(appraisal=dh_appraisal, seed=42, runs=50_000, gap_share=D(40))
    s = simulated(runs="2000")["simulation"]
    assert (s["runs"], s["seed"]) == (2000, 42)
    assert s["councils"][0]["p_close_share_of_gap"]["share"] == "40"
    assert s == simulated("--seed", "42", runs="2000")["simulation"]


def test_with_every_range_collapsed_every_percentile_is_the_deterministic_npv(dh_appraisal):
    for savings in SavingsRange.objects.filter(appraisal=dh_appraisal):
        savings_range_set(
            appraisal=dh_appraisal,
            cluster=savings.cluster,
            min_saving=savings.max_saving,
            max_saving=savings.max_saving,
        )
    simulation_settings_set(appraisal=dh_appraisal, spread=D(0), slip_none=D(100), slip_one=D(0), slip_two=D(0))
    data = simulated()
    npv = data["scenario"]["npv"]
    assert data["simulation"]["npv"] == {"p10": npv, "p50": npv, "p90": npv, "mean": npv}


def test_the_table_format_prints_a_readable_block(dh_appraisal):
    out = appraise("--scenario", "Low", "--simulate", "1000", "--seed", "3")
    assert "How sure are these figures: Low, 1,000 runs, seed 3" in out
    assert re.search(r"^Savings at full effect +£[\d,]+ +£[\d,]+ +£[\d,]+ +£[\d,]+ +£[\d,]+$", out, re.M)
    assert re.search(r"^Chance the NPV is above zero: \d+\.\d%$", out, re.M)
    assert re.search(r"^Darlington Borough Council \(DBC\) +-?£[\d,]+", out, re.M)
    assert "Switching values:" in out


def test_simulating_needs_a_scenario(dh_appraisal):
    with pytest.raises(CommandError, match=re.escape(ERR_WITHOUT_SCENARIO)):
        appraise("--simulate", "1000")


def test_a_seed_needs_a_simulation(dh_appraisal):
    with pytest.raises(CommandError, match=re.escape(ERR_SEED_ALONE)):
        appraise("--scenario", "Low", "--seed", "3")


def test_runs_outside_the_limits_are_refused(dh_appraisal):
    with pytest.raises(CommandError, match="between 1,000 and 100,000 runs, not 10"):
        appraise("--scenario", "Low", "--simulate", "10")


@pytest.mark.parametrize("report", ["--options", "--staffing", "--benefits"])
def test_simulating_is_refused_with_a_report_printed_instead_of_the_scenario(dh_appraisal, report):
    message = ERR_SIMULATE_WITH.format(report[2:])
    with pytest.raises(CommandError, match=re.escape(message)):
        appraise("--scenario", "Low", "--simulate", "1000", report)
    assert message.startswith(f"--simulate goes with --scenario, not with {report}:")


@pytest.mark.parametrize("report", ["--options", "--staffing", "--benefits"])
def test_a_seed_is_refused_with_a_report_printed_instead_of_the_scenario(dh_appraisal, report):
    with pytest.raises(CommandError, match=re.escape(ERR_SEED_ALONE)):
        appraise(report, "--seed", "3")
