"""The simulation of a scenario from its ranges (issue 20): its invariants, its agreement with the deterministic model
when nothing is uncertain, and what correlation and the seed do."""

from dataclasses import replace
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.calculations import CalculationError
from appraisal.calculations import scenario as sc
from appraisal.calculations import simulation as sim
from tests.calculations.conftest import assumptions, base
from tests.calculations.test_scenario_properties import scenarios

CERTAIN = dict(spread=D(0), slippage=(D(100), D(0), D(0)))


def collapsed(summary):
    """Every cluster's range collapsed to its top (min = max)."""
    clusters = tuple(replace(c, min_saving=c.max_saving) if c.max_saving is not None else c for c in summary.clusters)
    return replace(summary, clusters=clusters)


def test_with_every_range_collapsed_every_percentile_is_the_deterministic_figure_to_the_penny():
    b, a = collapsed(base()), assumptions()
    central = sc.model(b, a, with_sensitivity=False)
    s = sim.simulate(b, a, sim.Uncertainty(runs=500, **CERTAIN))
    # X saves £60,000 and Y £30,000 at full effect, half in 2020: nets -£5,000, £80,000, £90,000; at 3.5%,
    # -£5,000 + £77,294.69 + £84,015.96.
    assert central.npv == D("156310.65")
    assert (s.npv.p10, s.npv.p50, s.npv.p90, s.npv.mean) == (central.npv,) * 4
    assert (s.savings_full_effect.p10, s.savings_full_effect.p90) == (central.full_year_savings,) * 2
    assert [(y.p10, y.p50, y.p90) for y in s.cumulative] == [(y.cumulative_net,) * 3 for y in central.years]
    assert [(c.npv.p10, c.npv.p90) for c in s.councils] == [(c.npv, c.npv) for c in central.councils]
    assert [(p.year, p.chance_pct) for p in s.payback if p.chance_pct] == [(central.payback_year, 100)]


@settings(deadline=None, max_examples=40)
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_collapsed_ranges_reproduce_the_model_for_any_scenario(case, seed):
    b, a = case
    b = collapsed(b)
    central = sc.model(b, a, with_sensitivity=False)
    s = sim.simulate(b, a, sim.Uncertainty(runs=50, seed=seed, **CERTAIN))
    assert s.npv.p10 == s.npv.p50 == s.npv.p90 == central.npv
    assert s.savings_full_effect.p50 == central.full_year_savings
    for council, figures in zip(s.councils, central.councils, strict=True):
        assert council.npv.p10 == council.npv.p90 == figures.npv


@settings(deadline=None, max_examples=40)
@given(
    scenarios(),
    st.integers(0, 2**32 - 1),
    st.sampled_from(sim.SHAPES).map(lambda s: s[0]),
    st.integers(0, 100).map(lambda n: D(n) / 100),
    st.integers(0, 60).map(D),
)
def test_p10_is_never_above_p50_nor_p50_above_p90(case, seed, shape, correlation, spread):
    b, a = case
    u = sim.Uncertainty(runs=200, seed=seed, shape=shape, correlation=correlation, spread=spread)
    s = sim.simulate(b, a, u)
    spreads = [s.npv, s.savings_full_effect, *(c.npv for c in s.councils)]
    assert all(x.p10 <= x.p50 <= x.p90 for x in spreads)
    assert all(y.p10 <= y.p50 <= y.p90 for y in s.cumulative)
    assert sum(p.chance_pct for p in s.payback) == 100
    assert 0 <= s.npv_positive_pct <= 100


def three_clusters():
    """Three clusters with their savings at full effect in the one year, nothing to take off them."""
    from appraisal.calculations import AppraisalInput, BudgetLine, ClusterInput, CouncilInput, summarise

    ranges = {"HR": (D(100000), D(400000)), "ICT": (D(50000), D(90000)), "Finance": (D(200000), D(900000))}
    b = summarise(
        AppraisalInput(
            councils=[CouncilInput("A", "Council A", D(9000000)), CouncilInput("B", "Council B", D(6000000))],
            clusters=[sc_input for sc_input in (ClusterInput(n, False, lo, hi) for n, (lo, hi) in ranges.items())],
            lines=[BudgetLine(code, n, "s", D(1000000)) for code in "AB" for n in ranges],
        )
    )
    a = assumptions(
        phasing=[D(20), D(60), D(100)],
        points={"HR": sc.SavingsPoint(sc.MIN), "ICT": sc.SavingsPoint(sc.MID), "Finance": sc.SavingsPoint(sc.MAX)},
        costs=[sc.CostItem("Redundancy", 2020, D(300000), low=D(250000), high=D(500000))],
    )
    return b, a, ranges


def test_triangular_independent_mean_at_full_effect_is_within_one_percent_of_the_triangle_means():
    b, a, ranges = three_clusters()
    u = sim.Uncertainty(runs=10_000, seed=7, shape=sim.TRIANGULAR, correlation=sim.INDEPENDENT, **CERTAIN)
    s = sim.simulate(b, a, u)
    modes = {"HR": D(100000), "ICT": D(70000), "Finance": D(900000)}
    expected = sum((lo + modes[n] + hi) / 3 for n, (lo, hi) in ranges.items())
    assert round(expected, 2) == D("936666.67")  # £200,000 + £70,000 + £666,666.67
    assert abs(s.savings_full_effect.mean - expected) / expected < D("0.01")


def test_pert_independent_mean_at_full_effect_is_within_one_percent_of_the_pert_means():
    b, a, ranges = three_clusters()
    u = sim.Uncertainty(runs=10_000, seed=7, shape=sim.PERT, correlation=sim.INDEPENDENT, **CERTAIN)
    s = sim.simulate(b, a, u)
    modes = {"HR": D(100000), "ICT": D(70000), "Finance": D(900000)}
    expected = sum((lo + 4 * modes[n] + hi) / 6 for n, (lo, hi) in ranges.items())
    assert round(expected, 2) == D("1003333.33")  # £150,000 + £70,000 + £783,333.33
    assert abs(s.savings_full_effect.mean - expected) / expected < D("0.01")


def test_the_same_seed_gives_the_same_answer_and_another_seed_another():
    b, a, _ = three_clusters()
    first, again = (sim.simulate(b, a, sim.Uncertainty(runs=2000, seed=11)) for _ in range(2))
    other = sim.simulate(b, a, sim.Uncertainty(runs=2000, seed=12))
    assert first == again
    assert other.npv != first.npv


def test_clusters_moving_together_widen_the_npv_spread_against_independence():
    b, a, _ = three_clusters()

    def width(correlation):
        s = sim.simulate(b, a, sim.Uncertainty(runs=5000, seed=3, correlation=correlation, **CERTAIN))
        return s.npv.p90 - s.npv.p10

    assert width(sim.TOGETHER) > width(D("0.5")) > width(sim.INDEPENDENT)


def test_a_delay_moves_the_payback_year_by_its_chances():
    b, a, _ = three_clusters()
    certain = sim.simulate(b, a, sim.Uncertainty(runs=4000, seed=5, spread=D(0), slippage=(D(100), D(0), D(0))))
    delayed = sim.simulate(b, a, sim.Uncertainty(runs=4000, seed=5, spread=D(0), slippage=(D(0), D(100), D(0))))
    central = sc.model(b, a, with_sensitivity=False)
    # Delayed a year, the first year saves nothing and the full effect is not reached: savings and NPV fall.
    assert delayed.savings_full_effect.p50 < certain.savings_full_effect.p50
    assert delayed.npv.p50 < certain.npv.p50
    assert central.years[0].savings > 0 and all(
        y.p50 <= c.p50 for y, c in zip(delayed.cumulative, certain.cumulative, strict=True)
    )


def test_each_council_chance_of_closing_the_share_of_its_gap_counts_the_runs_that_reach_it():
    b, a, _ = three_clusters()
    a = replace(a, deficits={"A": {2022: D(1000000)}, "B": {2022: D(100000)}})
    s = sim.simulate(b, a, sim.Uncertainty(runs=2000, gap_share=D(25)))
    a_2022 = s.councils[0].gap_chances[-1]
    assert (a_2022.year, a_2022.gap, a_2022.target) == (2022, D(1000000), D(250000))
    assert 0 < a_2022.chance_pct < 100  # Council A's half of £0.35m–£1.4m against £250,000: sometimes
    assert s.councils[1].gap_chances[-1].chance_pct == 100  # B's half against £25,000: always
    assert s.councils[0].gap_chances[0].chance_pct is None  # no gap forecast in 2020


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(slippage=(D(50), D(30), D(10))), "add up to 100%"),
        (dict(correlation=D("1.5")), "between 0 and 1"),
        (dict(runs=0), "number of runs"),
        (dict(gap_share=D(0)), "share of the funding gap"),
    ],
)
def test_settings_it_cannot_run_on_are_refused_with_a_message(changes, message):
    with pytest.raises(CalculationError, match=message):
        sim.simulate(base(), assumptions(), sim.Uncertainty(**changes))


def test_percent_chances_are_exact_fractions_of_the_runs():
    s = sim.simulate(base(), assumptions(), sim.Uncertainty(runs=3, **CERTAIN))
    assert s.npv_positive_pct in (0, Fraction(100, 3), Fraction(200, 3), 100)
