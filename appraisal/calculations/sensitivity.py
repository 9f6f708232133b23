"""Sensitivity of a scenario's NPV (HM Treasury Green Book): each main assumption moved to a low and a high value,
and its switching value, how far it must move for NPV to reach zero: for money (a cluster's saving, costs in
total) as a % of its base value; for the discount rate and optimism bias in percentage points; None when NPV
does not reach zero within range. Pure: plain inputs in, plain results out."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from appraisal.calculations.scenario_types import (
    BIAS_ROW,
    BIAS_SWING,
    COSTS_ROW,
    HUNDRED,
    MONEY_CHANGE,
    MONEY_SWING,
    POINTS_CHANGE,
    RATE_ROW,
    RATE_SWING,
    SAVING_ROW,
    Assumptions,
    ClusterPlan,
    Sensitivity,
)
from appraisal.calculations.summary import (
    ZERO,
    AppraisalSummary,
)
from appraisal.calculations.years import (
    cluster_plans,
    cluster_yearly,
    discount_base_of,
    discount_factor,
    npv_of_rows,
    savings_keep,
    to_penny,
    with_changes,
    yearly_costs,
    yearly_profile,
    yearly_totals,
    years_of,
)


def _npv_of(base, a, *, savings=None, cost_scale=None, cost_which="amount", rate=None, bias=None) -> Decimal:
    """NPV only (no council split), for sensitivity runs; `savings` replaces the yearly savings."""
    if bias is not None:
        a = with_changes(a, optimism_bias=bias)
    if savings is None:
        savings = yearly_totals(a, cluster_plans(base, a))[0]
    return npv_of_rows(yearly_profile(a, savings, yearly_costs(a, cost_scale, cost_which), rate))


def _solve(f, lo, hi, steps: int = 30):
    """A root of a monotonic f in [lo, hi] by bisection; None if f does not change sign there."""
    f_lo, f_hi = f(lo), f(hi)
    if f_lo == 0:
        return lo
    if f_hi == 0:
        return hi
    if (f_lo > 0) == (f_hi > 0):
        return None
    for _ in range(steps):
        mid = (lo + hi) / 2
        f_mid = f(mid)
        if f_mid == 0:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def _factors(a: Assumptions) -> list[Fraction]:
    return [discount_factor(a.discount_rate, year - discount_base_of(a)) for year in years_of(a)]


def _cluster_rows(base: AppraisalSummary, a: Assumptions, plans: Sequence[ClusterPlan], npv: Decimal):
    """Each cluster's saving from the bottom to the top of its range (±20% without one)."""
    keep = Fraction(savings_keep(a))
    base_savings = yearly_totals(a, plans)[0]
    factors = _factors(a)
    by_name = {c.name: c for c in base.clusters}

    def npv_with(plan: ClusterPlan, full: Decimal) -> Decimal:
        other = cluster_yearly(full, plan.phasing, savings_keep(a))
        savings = [s - mine + new for s, mine, new in zip(base_savings, plan.savings_by_year, other, strict=True)]
        return _npv_of(base, a, savings=savings)

    for plan in plans:
        cluster = by_name[plan.name]
        full = plan.full_year_saving
        if cluster.has_range and cluster.min_saving != cluster.max_saving:
            low, high = cluster.min_saving, cluster.max_saving
        else:
            low, high = to_penny(full * (1 - MONEY_SWING)), to_penny(full * (1 + MONEY_SWING))
        # NPV is linear in a cluster's saving: each £1 a year is worth k in present value.
        k = sum((Fraction(p) / 100 * keep * f for p, f in zip(plan.phasing, factors, strict=True)), Fraction(0))
        switching = None
        if full > 0 and k > 0:
            needed = Fraction(full) - Fraction(npv) / k
            if needed >= 0:
                switching = (needed - Fraction(full)) / Fraction(full) * 100
        name = SAVING_ROW.format(plan.name)
        yield Sensitivity(name, full, low, high, npv_with(plan, low), npv_with(plan, high), switching, MONEY_CHANGE)


def _costs_total(a: Assumptions, cost_scale: Decimal | None = None, cost_which: str = "amount") -> Decimal:
    """The costs over the whole period as the model counts them (net of funding, after optimism bias)."""
    return sum(yearly_costs(a, cost_scale, cost_which), ZERO)


def _costs_row(base: AppraisalSummary, a: Assumptions, plans: Sequence[ClusterPlan], npv: Decimal) -> Sensitivity:
    """Implementation costs in total, from their stated lows to highs (±20% when none is stated). Each figure is the
    costs as the model counts them, net of funding and after optimism bias (the headline's total), so the row, its
    NPVs and its switching value speak of the same costs as the rest of the page."""
    base_savings = yearly_totals(a, plans)[0]
    if any(i.low is not None or i.high is not None for i in a.costs):
        moves = [{"cost_which": "low"}, {"cost_which": "high"}]
    else:
        moves = [{"cost_scale": 1 - MONEY_SWING}, {"cost_scale": 1 + MONEY_SWING}]
    total_costs = _costs_total(a)
    low_total, high_total = (_costs_total(a, **m) for m in moves)
    npv_low, npv_high = (_npv_of(base, a, savings=base_savings, **m) for m in moves)
    pv_costs = Fraction(sum((r.present_value for r in yearly_profile(a, [ZERO] * a.years, yearly_costs(a))), ZERO))
    switching = None
    if pv_costs != 0:
        scale = 1 + Fraction(npv) / -pv_costs  # NPV = PV(savings) − scale × PV(costs)
        if scale >= 0:
            switching = (scale - 1) * 100
    name = COSTS_ROW
    return Sensitivity(name, total_costs, low_total, high_total, npv_low, npv_high, switching, MONEY_CHANGE)


def _rate_row(base: AppraisalSummary, a: Assumptions, plans: Sequence[ClusterPlan]) -> Sensitivity:
    """The discount rate ± 2 points; its switching value is the internal rate of return less the rate."""
    rate = a.discount_rate
    low_rate, high_rate = max(Decimal(0), rate - RATE_SWING), rate + RATE_SWING
    base_savings = yearly_totals(a, plans)[0]
    nets = [Decimal(r.net) for r in yearly_profile(a, *yearly_totals(a, plans))]
    offsets = [year - discount_base_of(a) for year in years_of(a)]

    def npv_at(r: Decimal) -> Decimal:  # the yearly nets do not depend on the rate: discount them again
        step = 1 + r / 100
        return sum((net / step**t for t, net in zip(offsets, nets, strict=True)), Decimal(0))

    root = _solve(npv_at, Decimal(0), HUNDRED)
    return Sensitivity(
        RATE_ROW,
        rate,
        low_rate,
        high_rate,
        _npv_of(base, a, savings=base_savings, rate=low_rate),
        _npv_of(base, a, savings=base_savings, rate=high_rate),
        None if root is None else Fraction(root) - Fraction(rate),
        POINTS_CHANGE,
    )


def _bias_row(base: AppraisalSummary, a: Assumptions) -> Sensitivity:
    """Optimism bias ± 20 points.

    NPV is linear in optimism bias b (pennies aside): sum of DF x (S0 (1 - b) - C0 (1 + b)) over the years,
    where S0 and C0 are the savings and costs before bias (funding is not raised, so B takes the costs only).
    It reaches zero at b = A / B. Cost lines with a bias of their own (their Green Book category) do not move
    with b, nor do savings with an adjustment of their own (an option's): both stay in A and leave B.
    """
    bias = a.optimism_bias
    low_bias, high_bias = max(Decimal(0), bias - BIAS_SWING), min(HUNDRED, bias + BIAS_SWING)
    unbiased = with_changes(a, optimism_bias=Decimal(0))
    s0, c0 = yearly_totals(unbiased, cluster_plans(base, unbiased))  # c0: costs with funding, before bias
    raised = [
        sum((i.amount for i in a.costs if i.year == year and i.amount > 0 and i.bias is None), ZERO)
        for year in years_of(a)
    ]
    factors = _factors(a)
    moving = s0 if a.savings_adjustment is None else [ZERO] * a.years  # the savings that b lowers
    a_sum = sum((Fraction(s - c) * f for s, c, f in zip(s0, c0, factors, strict=True)), Fraction(0))
    b_sum = sum((Fraction(s + c) * f for s, c, f in zip(moving, raised, factors, strict=True)), Fraction(0))
    switching = None
    if b_sum > 0:
        root_bias = a_sum / b_sum * 100
        if 0 <= root_bias <= 100:
            switching = root_bias - Fraction(bias)
    npv_low, npv_high = _npv_of(base, a, bias=low_bias), _npv_of(base, a, bias=high_bias)
    return Sensitivity(BIAS_ROW, bias, low_bias, high_bias, npv_low, npv_high, switching, POINTS_CHANGE)


def sensitivity(
    base: AppraisalSummary, a: Assumptions, plans: Sequence[ClusterPlan], npv: Decimal
) -> tuple[Sensitivity, ...]:
    """NPV at each main assumption's low and high value, with its switching value, in the order shown."""
    costs = [_costs_row(base, a, plans, npv)] if a.costs else []
    return (*_cluster_rows(base, a, plans, npv), *costs, _rate_row(base, a, plans), _bias_row(base, a))
