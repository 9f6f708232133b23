"""Invariants of the options appraisal that must hold for any inputs (hypothesis)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from appraisal.calculations import options as opt
from tests.calculations.conftest import assumptions, base

mitigated = st.decimals(min_value=0, max_value=100, places=2)
categories = st.sampled_from(opt.BIAS_CATEGORIES)


@given(categories, mitigated)
def test_applied_bias_is_always_between_the_lower_and_upper_bounds(category, share):
    assert category.lower <= opt.applied_bias(category, share) <= category.upper


@given(categories, mitigated, mitigated)
def test_mitigating_more_never_raises_the_bias(category, a, b):
    low, high = sorted([a, b])
    assert opt.applied_bias(category, high) <= opt.applied_bias(category, low)


@given(st.lists(st.integers(-10_000_000, 10_000_000).map(Decimal), min_size=1, max_size=12))
def test_financial_scores_run_from_0_to_5_best_first(npvs):
    scores = opt.financial_scores(npvs)
    assert all(0 <= s <= 5 for s in scores)
    assert scores[npvs.index(max(npvs))] == 5
    if max(npvs) != min(npvs):
        assert scores[npvs.index(min(npvs))] == 0
    pairs = sorted(zip(npvs, scores, strict=True))
    assert [s for _, s in pairs] == sorted(s for _, s in pairs)  # a higher NPV never scores less


risks = st.builds(
    opt.RiskInput,
    description=st.just("r"),
    likelihood=st.integers(1, 5),
    impact=st.integers(1, 5),
    cost=st.integers(0, 5_000_000).map(Decimal),
    probability=st.integers(0, 100).map(Decimal),
    year=st.sampled_from([2020, 2021, 2022]),
)


@given(st.lists(risks, max_size=6), st.booleans())
def test_risk_adjusted_npv_is_npv_less_the_discounted_expected_costs(register, bau):
    f = opt.option_figures(base(), opt.OptionInput("O", assumptions(), business_as_usual=bau, risks=register))
    assert f.risk_adjusted_npv == f.npv - opt.discounted(f.expected_costs, assumptions())
    assert sum(f.expected_costs) == sum(r.expected_cost for r in f.risks)
    assert f.risk_adjusted_npv <= f.npv
