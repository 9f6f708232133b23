"""Invariants of the scenario model that must hold for any inputs (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.calculations import AppraisalInput, BudgetLine, CalculationError, ClusterInput, CouncilInput, summarise
from appraisal.calculations import scenario as sc

pounds = st.integers(min_value=0, max_value=50_000_000).map(Decimal)
pennies = st.integers(min_value=0, max_value=5_000_000_000).map(lambda n: Decimal(n).scaleb(-2))
percent = st.integers(min_value=0, max_value=100).map(Decimal)


@st.composite
def scenarios(draw, costs=True, bases=sc.BASES):
    n_councils = draw(st.integers(1, 4))
    codes = [f"C{i}" for i in range(n_councils)]
    n_clusters = draw(st.integers(1, 4))
    clusters, lines = [], []
    for j in range(n_clusters):
        lo = draw(pennies)
        hi = lo + draw(pennies)
        clusters.append(ClusterInput(f"K{j}", False, lo, hi))
        for code in codes:
            lines.append(BudgetLine(code, f"K{j}", "s", draw(st.integers(-1_000_000, 90_000_000).map(Decimal))))
    base = summarise(
        AppraisalInput(
            councils=[CouncilInput(code, code, draw(pounds)) for code in codes], clusters=clusters, lines=lines
        )
    )
    years = draw(st.integers(1, 10))
    period = list(range(2020, 2020 + years))
    kinds = draw(st.lists(st.sampled_from([sc.MIN, sc.MAX, sc.MID]), min_size=n_clusters, max_size=n_clusters))

    def basis():
        kind = draw(st.sampled_from(bases))
        if kind != sc.CUSTOM:
            return sc.SharingBasis(kind)
        cuts = sorted(draw(st.lists(st.integers(0, 1000), min_size=n_councils - 1, max_size=n_councils - 1)))
        edges = [0, *cuts, 1000]
        return sc.SharingBasis(kind, {c: Decimal(edges[i + 1] - edges[i]) / 10 for i, c in enumerate(codes)})

    items = []
    if costs:
        for _ in range(draw(st.integers(0, 5))):
            items.append(sc.CostItem("Other", draw(st.sampled_from(period)), draw(pennies)))
    a = sc.Assumptions(
        first_year=2020,
        years=years,
        phasing=draw(st.lists(percent, min_size=years, max_size=years)),
        points={f"K{j}": sc.SavingsPoint(kinds[j]) for j in range(n_clusters)},
        costs=items,
        savings_basis=basis(),
        costs_basis=basis(),
        discount_rate=draw(st.integers(0, 150).map(lambda n: Decimal(n) / 10)),
        optimism_bias=draw(st.integers(0, 60).map(Decimal)),
        deficit_year=draw(st.sampled_from(period)),
    )
    return base, a


@settings(deadline=None)
@given(scenarios())
def test_council_shares_sum_exactly_to_the_totals_for_every_basis(case):
    base, a = case
    r = sc.model(base, a, with_sensitivity=False)
    for i, year in enumerate(r.years):
        assert sum(c.years[i].savings for c in r.councils) == year.savings
        assert sum(c.years[i].costs for c in r.councils) == year.costs
    assert sum(c.savings for c in r.councils) == r.total_savings
    assert sum(c.costs for c in r.councils) == r.total_costs


@settings(deadline=None)
@given(scenarios())
def test_npv_at_a_zero_rate_equals_the_undiscounted_net_total(case):
    base, a = case
    r = sc.model(base, sc.Assumptions(**{**a.__dict__, "discount_rate": Decimal(0)}), with_sensitivity=False)
    assert r.npv == r.total_net == r.years[-1].cumulative_net


@settings(deadline=None)
@given(scenarios(), st.integers(0, 40).map(Decimal))
def test_raising_optimism_bias_never_raises_npv(case, extra):
    base, a = case
    lower = sc.model(base, a, with_sensitivity=False)
    higher_bias = min(Decimal(100), a.optimism_bias + extra)
    higher = sc.model(base, sc.Assumptions(**{**a.__dict__, "optimism_bias": higher_bias}), with_sensitivity=False)
    assert higher.npv <= lower.npv


@settings(deadline=None)
@given(scenarios(costs=False))
def test_a_scenario_with_no_costs_pays_back_in_its_first_year_of_savings(case):
    base, a = case
    r = sc.model(base, a, with_sensitivity=False)
    first_savings = next((y.year for y in r.years if y.savings > 0), None)
    assert r.payback_year == first_savings


@settings(deadline=None)
@given(scenarios())
def test_sensitivity_never_crashes_and_its_base_npv_lies_between_low_and_high(case):
    base, a = case
    r = sc.model(base, a)
    for s in r.sensitivity:
        if s.assumption.startswith("Saving:"):
            assert s.npv_low <= r.npv <= s.npv_high


@given(st.lists(st.integers(0, 100), min_size=2, max_size=2).filter(lambda v: sum(v) != 100))
def test_custom_shares_not_summing_to_100_are_refused_with_a_clear_message(values):
    base = summarise(
        AppraisalInput(
            councils=[CouncilInput("A", "A", Decimal(1)), CouncilInput("B", "B", Decimal(1))],
            clusters=[ClusterInput("K", False, Decimal(1), Decimal(2))],
            lines=[BudgetLine("A", "K", "s", Decimal(10)), BudgetLine("B", "K", "s", Decimal(10))],
        )
    )
    shares = {"A": Decimal(values[0]), "B": Decimal(values[1])}
    a = sc.Assumptions(2020, 3, [Decimal(100)] * 3, savings_basis=sc.SharingBasis(sc.CUSTOM, shares))
    with pytest.raises(CalculationError, match=f"add up to {sum(values)}%; they must add up to 100%"):
        sc.model(base, a)
