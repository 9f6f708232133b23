"""A scenario's multi-year financial model: what it costs to get there, when it breaks even, who gets what.

Seed 001 §3.2: savings of £5.4m–£8.4m a year, implementation costs of £5m–£8m (mostly redundancy, pension
strain and ICT), first net savings in 2013/14 and the full effect from 2014/15. Seed 004: "all costs, risks
and benefits must be shared on an agreed basis". HM Treasury Green Book: discount at 3.5% a year; optimism
bias raises costs and lowers benefits by a stated percentage.

Pure: plain inputs (the appraisal's summary from summary.py and the scenario's assumptions), `Decimal`
money rounded to the penny half-up at each yearly figure, so every table adds up to the pound and penny.

Conventions:
- Year index t = year − the discount base year (the first year of the period unless the appraisal sets one, so
  that every scenario of an appraisal is discounted to the same year); discount factor 1 / (1 + r)^t.
- A cluster's yearly saving = full-year saving × that year's phasing % × (1 − optimism bias %).
- A cost item's amount × (1 + optimism bias %): its own bias where it has one (an option's cost line in a Green
  Book category, calculations/options.py), else the scenario's. An option's savings adjustment, where given,
  replaces the optimism bias on savings (issue 17). Funding (a grant, a partner's contribution) is a negative cost
  line, not uplifted: optimism bias makes costs larger, never funding. A line charged to one council is that
  council's alone; the rest are shared on the costs basis.
- Medium-term financial plan: each council's forecast funding gap by year (`deficits`) is set against its savings
  in the same year; a year with no forecast has no gap and no "% closed" (never another year's gap).
- Payback year: the first year in which cumulative savings are above zero and cumulative net (savings less
  costs) is at or above zero; None ("not within the period") if there is none.
- Shares between councils: largest-remainder to the penny (split_pro_rata), so councils sum exactly.
- Sensitivity: each main assumption moved to a low and a high value, NPV recalculated; the switching value
  is how far it must move for NPV to reach zero: for money (a cluster's saving, costs in total) as a % of
  its base value; for the discount rate and optimism bias in percentage points. None: none in range.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from appraisal.calculations.checks import validate
from appraisal.calculations.scenario_types import (  # noqa: F401  (re-exported: callers read scen.Assumptions etc.)
    AMOUNT,
    BASES,
    CLUSTER_NET_BUDGET,
    CUSTOM,
    EQUAL,
    GREEN_BOOK_DISCOUNT_RATE,
    MAX,
    MAX_YEARS,
    MID,
    MIN,
    MIN_YEARS,
    NET_BUDGET,
    PERCENT,
    PERIOD_RULE,
    POINTS,
    STRUCTURE,
    Assumptions,
    ClusterPlan,
    CostItem,
    CouncilFigures,
    SavingsPoint,
    ScenarioResult,
    Sensitivity,
    SharingBasis,
    YearFigures,
)
from appraisal.calculations.sensitivity import sensitivity
from appraisal.calculations.summary import (
    ZERO,
    AppraisalSummary,
    pct,
    split_pro_rata,
    split_signed,
)
from appraisal.calculations.years import (  # noqa: F401  (to_penny, discount_factor re-exported)
    cluster_plans,
    discount_base_of,
    discount_factor,
    is_partner,
    npv_of_rows,
    payback_year_of,
    to_penny,
    yearly_costs,
    yearly_profile,
    yearly_totals,
    years_of,
)


def sharing_weights(base: AppraisalSummary, basis: SharingBasis, clusters: Sequence[str]) -> list[tuple[str, Fraction]]:
    """What each council's share of a scenario's costs (or savings not split per cluster) is in proportion to;
    `clusters`: the names of the clusters the scenario takes forward."""
    codes = [c.code for c in base.councils]
    if basis.kind == EQUAL:
        return [(code, Fraction(1)) for code in codes]
    if basis.kind == CUSTOM:
        return [(code, Fraction(basis.custom[code])) for code in codes]
    if basis.kind == CLUSTER_NET_BUDGET:
        # Costs shared on the councils' net budgets in the clusters the scenario takes forward.
        in_plan = set(clusters)
        taken = [c for c in base.clusters if c.name in in_plan]
        return [(code, sum((Fraction(c.council_net_budgets[code]) for c in taken), Fraction(0))) for code in codes]
    return [(c.code, Fraction(c.net_budget)) for c in base.councils]


def member_weights(a: Assumptions, weights, i: int) -> list:
    """The weights re-based on the partners of year i: a council outside its membership weighs nothing."""
    if not a.membership:
        return weights
    year = a.first_year + i
    return [(code, w if is_partner(a, code, year) else 0) for code, w in weights]


def _share_savings(base, a, plans, codes) -> dict[str, list[Decimal]]:
    out = {code: [ZERO] * a.years for code in codes}
    structural = [p for p in plans if p.point.kind == STRUCTURE]
    for plan in structural:
        # Shared as the staffing structures share it: each council's share of the posts' cost before less after.
        by_council = a.structure_savings.get(plan.name, {})
        for i, amount in enumerate(plan.savings_by_year):
            weights = member_weights(a, [(code, by_council.get(code, ZERO)) for code in codes], i)
            for code, part in split_signed(amount, weights).items():
                out[code][i] += part
    plans = [p for p in plans if p.point.kind != STRUCTURE]
    if a.savings_basis.kind == CLUSTER_NET_BUDGET:
        by_name = {c.name: c for c in base.clusters}
        for plan in plans:
            weights = [(code, by_name[plan.name].council_net_budgets[code]) for code in codes]
            for i, amount in enumerate(plan.savings_by_year):
                for code, part in split_pro_rata(amount, member_weights(a, weights, i)).items():
                    out[code][i] += part
        return out
    weights = sharing_weights(base, a.savings_basis, [p.name for p in plans])
    for i in range(a.years):
        total = sum((p.savings_by_year[i] for p in plans), ZERO)
        for code, part in split_pro_rata(total, member_weights(a, weights, i)).items():
            out[code][i] += part
    return out


def _share_costs(base, a, plans, codes) -> dict[str, list[Decimal]]:
    """Each council's costs by year: its share of the shared lines, and the lines charged to it alone."""
    weights = sharing_weights(base, a.costs_basis, [p.name for p in plans])
    out = {code: yearly_costs(a, council=code) for code in codes}
    for i, total in enumerate(yearly_costs(a, council=None)):
        for code, part in split_pro_rata(total, member_weights(a, weights, i)).items():
            out[code][i] += part
    return out


def _gaps(base: AppraisalSummary, a: Assumptions, period: Sequence[int]) -> dict[str, list[Decimal | None]]:
    """Each council's forecast funding gap in each year of the period (None: none forecast that year).

    Without a medium-term plan, the council's deficit in the appraisal's summary stands for the deficit year.
    """
    if a.deficits:
        return {c.code: [a.deficits.get(c.code, {}).get(year) for year in period] for c in base.councils}
    measured = a.deficit_year if a.deficit_year in period else period[-1]
    return {c.code: [c.deficit if year == measured else None for year in period] for c in base.councils}


def _combined(gaps: dict[str, list[Decimal | None]], i: int) -> Decimal | None:
    known = [g[i] for g in gaps.values() if g[i] is not None]
    return sum(known, ZERO) if known else None


def _closed(savings: Decimal, gap: Decimal | None) -> Fraction | None:
    return pct(savings, gap) if gap is not None and gap > 0 else None


def _with_gaps(rows: Sequence[YearFigures], gaps: Sequence[Decimal | None]) -> tuple[YearFigures, ...]:
    # Built afresh rather than with dataclasses.replace, twice as fast: the options appraisal runs it for every
    # council of every option.
    return tuple(
        YearFigures(*(getattr(row, f) for f in _ROW_FIELDS), gap, _closed(row.savings, gap))
        for row, gap in zip(rows, gaps, strict=True)
    )


_ROW_FIELDS = ("year", "savings", "costs", "net", "cumulative_net", "discount_factor", "present_value")


def _council(c, a: Assumptions, savings, costs, totals, gaps, at: int) -> CouncilFigures:
    rows = _with_gaps(yearly_profile(a, savings, costs), gaps)
    c_savings, c_costs = sum(savings, ZERO), sum(costs, ZERO)
    gap = gaps[at]
    return CouncilFigures(
        code=c.code,
        name=c.name,
        years=rows,
        savings=c_savings,
        costs=c_costs,
        net=c_savings - c_costs,
        npv=npv_of_rows(rows),
        savings_share_pct=pct(c_savings, totals[0]),
        costs_share_pct=pct(c_costs, totals[1]),
        deficit=gap if gap is not None else ZERO,
        deficit_year=years_of(a)[at],
        deficit_year_savings=savings[at],
        deficit_closed_pct=_closed(savings[at], gap),
        payback_year=payback_year_of(rows),
        join_year=a.membership.get(c.code, (None, None))[0],
        leave_year=a.membership.get(c.code, (None, None))[1],
    )


def model(base: AppraisalSummary, a: Assumptions, *, with_sensitivity: bool = True) -> ScenarioResult:
    """The scenario's yearly profile, payback, NPV, each council's share, and sensitivity."""
    validate(base, a)
    codes = [c.code for c in base.councils]
    period = years_of(a)
    plans = cluster_plans(base, a)
    savings, costs = yearly_totals(a, plans)
    npv_rows = yearly_profile(a, savings, costs)
    npv = npv_of_rows(npv_rows)
    totals = (sum(savings, ZERO), sum(costs, ZERO))

    # The year the headline "% of the deficit closed" is measured in: the appraisal's deficit year when the
    # scenario runs through it, else the scenario's last year (its full effect), with that year's own gap.
    deficit_year = a.deficit_year if a.deficit_year in period else period[-1]
    at = period.index(deficit_year)
    gaps = _gaps(base, a, period)
    combined = [_combined(gaps, i) for i in range(len(period))]
    council_savings = _share_savings(base, a, plans, codes)
    council_costs = _share_costs(base, a, plans, codes)
    councils = [
        _council(c, a, council_savings[c.code], council_costs[c.code], totals, gaps[c.code], at) for c in base.councils
    ]
    return ScenarioResult(
        years=_with_gaps(npv_rows, combined),
        clusters=tuple(plans),
        councils=tuple(councils),
        total_savings=totals[0],
        total_costs=totals[1],
        total_net=totals[0] - totals[1],
        npv=npv,
        payback_year=payback_year_of(npv_rows),
        full_year_savings=savings[-1],
        full_effect_year=next(year for year, amount in zip(period, savings, strict=True) if amount == savings[-1]),
        deficit_year=deficit_year,
        deficit=combined[at] if combined[at] is not None else ZERO,
        deficit_year_savings=savings[at],
        deficit_closed_pct=_closed(savings[at], combined[at]),
        sensitivity=sensitivity(base, a, plans, npv) if with_sensitivity else (),
        discount_base_year=discount_base_of(a),
        deficit_forecast=combined[at] is not None,
    )
