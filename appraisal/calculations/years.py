"""The yearly machinery of the scenario model: cluster savings by year, costs by year with optimism bias, the
yearly profile discounted to the base year, payback and NPV. Money is rounded to the penny half-up at each
yearly figure, so every table adds up to the pound and penny. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from appraisal.calculations.scenario_types import (
    AMOUNT,
    HUNDRED,
    MAX,
    MID,
    MIN,
    PERCENT,
    STRUCTURE,
    Assumptions,
    ClusterPlan,
    CostItem,
    SavingsPoint,
    YearFigures,
    partner_in,
)
from appraisal.calculations.summary import (
    PENNY,
    ZERO,
    AppraisalSummary,
)


def to_penny(value: Fraction | Decimal) -> Decimal:
    """Round an exact amount to the penny, half-up (away from zero on a tie)."""
    if isinstance(value, Decimal):
        return value.quantize(PENNY, rounding=ROUND_HALF_UP)
    value = value if isinstance(value, Fraction) else Fraction(value)
    return _pennies(value.numerator, value.denominator)


def _pennies(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator pounds (denominator > 0) to the penny, half-up, in integers: floor(|x| × 100 + ½)."""
    pennies = (200 * abs(numerator) + denominator) // (2 * denominator)
    if numerator < 0:
        pennies = -pennies
    return Decimal(pennies).scaleb(-2).quantize(PENNY, rounding=ROUND_HALF_UP)


def discounted_penny(amount: Decimal, factor: Fraction) -> Decimal:
    """amount × a discount factor, to the penny half-up: to_penny(Fraction(amount) * factor), without building the
    Fractions (the yearly profiles of every council of every option ask for it)."""
    a, b = amount.as_integer_ratio()
    return _pennies(a * factor.numerator, b * factor.denominator)


@lru_cache(maxsize=1024)
def discount_factor(rate_pct: Decimal | Fraction, t: int) -> Fraction:
    # Cached: every council's profile, every option and every sensitivity run asks for the same few factors.
    return 1 / (1 + Fraction(rate_pct) / 100) ** t


def years_of(a: Assumptions) -> list[int]:
    return [a.first_year + i for i in range(a.years)]


def discount_base_of(a: Assumptions) -> int:
    return a.first_year if a.discount_base_year is None else a.discount_base_year


def with_bias(item: CostItem, amount: Decimal, uplift: Decimal) -> Decimal:
    """A cost line with optimism bias: costs are raised (by the line's own bias where it has one, else by `uplift`,
    the scenario's); funding (negative) is not."""
    if item.bias is not None:
        uplift = 1 + item.bias / HUNDRED
    return to_penny(amount * uplift) if amount > 0 else to_penny(amount)


def savings_keep(a: Assumptions) -> Decimal:
    """The share of each saving kept: less the option's savings adjustment where it has one, else the bias."""
    taken = a.optimism_bias if a.savings_adjustment is None else a.savings_adjustment
    return 1 - taken / HUNDRED


def full_year_saving(cluster, point: SavingsPoint) -> Decimal:
    if point.kind == AMOUNT:
        return point.value
    if point.kind == PERCENT:
        return to_penny(cluster.net_budget * point.value / HUNDRED)
    if not cluster.has_range:
        return ZERO
    if point.kind == MIN:
        return cluster.min_saving
    if point.kind == MAX:
        return cluster.max_saving
    return to_penny((cluster.min_saving + cluster.max_saving) / 2)


def cluster_yearly(full: Decimal, phasing: Sequence[Decimal], keep: Decimal) -> tuple[Decimal, ...]:
    # Decimal is exact here: pounds-and-pence times two percentages stays well inside 28 digits.
    return tuple(to_penny(full * p / HUNDRED * keep) for p in phasing)


def is_partner(a: Assumptions, code: str, year: int) -> bool:
    """Whether the council is a partner in that year (Assumptions.membership; a council not listed: throughout)."""
    return partner_in(*a.membership.get(code, (None, None)), year)


def cluster_plans(base: AppraisalSummary, a: Assumptions) -> list[ClusterPlan]:
    keep = savings_keep(a)
    plans = []
    for c in base.clusters:
        if c.out_of_scope or c.name in a.clusters_out:
            continue
        point = a.points.get(c.name, SavingsPoint(MID))
        if not c.has_range and point.kind not in (AMOUNT, PERCENT, STRUCTURE):
            continue
        if point.kind == STRUCTURE:  # the staffing structures' saving (nil where the option has no posts in it)
            full = sum(a.structure_savings.get(c.name, {}).values(), ZERO)
        else:
            full = full_year_saving(c, point)
        phasing = tuple(a.cluster_phasing.get(c.name, a.phasing))
        plans.append(ClusterPlan(c.name, point, full, phasing, cluster_yearly(full, phasing, keep)))
    return plans


def yearly_costs(
    a: Assumptions, scale: Decimal | None = None, which: str = "amount", council: str | None | bool = False
) -> list[Decimal]:
    """Costs by year after optimism bias; council=None: only the shared lines; a code: only that council's own."""
    uplift = 1 + a.optimism_bias / HUNDRED
    totals = dict.fromkeys(years_of(a), ZERO)
    for item in a.costs:
        if council is not False and item.council != council:
            continue
        amount = getattr(item, which) if getattr(item, which) is not None else item.amount
        if scale is not None:
            amount = amount * scale
        totals[item.year] += with_bias(item, amount, uplift)
    return list(totals.values())


def yearly_profile(
    a: Assumptions, savings: Sequence[Decimal], costs: Sequence[Decimal], rate=None
) -> list[YearFigures]:
    rate = a.discount_rate if rate is None else rate
    rows, cumulative, base_year = [], ZERO, discount_base_of(a)
    for year, s, c in zip(years_of(a), savings, costs, strict=True):
        net = s - c
        cumulative += net
        factor = discount_factor(rate, year - base_year)
        rows.append(YearFigures(year, s, c, net, cumulative, factor, discounted_penny(net, factor)))
    return rows


def payback_year_of(rows: Sequence[YearFigures]) -> int | None:
    saved = ZERO
    for row in rows:
        saved += row.savings
        if saved > 0 and row.cumulative_net >= 0:
            return row.year
    return None


def npv_of_rows(rows: Sequence[YearFigures]) -> Decimal:
    return sum((r.present_value for r in rows), ZERO)


def yearly_totals(a: Assumptions, plans: Sequence[ClusterPlan]) -> tuple[list[Decimal], list[Decimal]]:
    """Yearly savings (all clusters) and costs."""
    return [sum((p.savings_by_year[i] for p in plans), ZERO) for i in range(a.years)], yearly_costs(a)


def with_changes(a: Assumptions, **changes) -> Assumptions:
    return replace(a, **changes)
