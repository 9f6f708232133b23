"""A scenario's multi-year financial model: what it costs to get there, when it breaks even, who gets what.

Seed 001 §3.2: savings of £5.4m–£8.4m a year, implementation costs of £5m–£8m (mostly redundancy, pension
strain and ICT), first net savings in 2013/14 and the full effect from 2014/15. Seed 004: "all costs, risks
and benefits must be shared on an agreed basis". HM Treasury Green Book: discount at 3.5% a year; optimism
bias raises costs and lowers benefits by a stated percentage.

Pure: plain inputs (the appraisal's summary from summary.py and the scenario's assumptions), `Decimal`
money rounded to the penny half-up at each yearly figure, so every table adds up to the pound and penny.

Conventions:
- Year index t = 0 for the first year of the period; discount factor 1 / (1 + r)^t.
- A cluster's yearly saving = full-year saving × that year's phasing % × (1 − optimism bias %).
- A cost item's amount × (1 + optimism bias %).
- Payback year: the first year in which cumulative savings are above zero and cumulative net (savings less
  costs) is at or above zero; None ("not within the period") if there is none.
- Shares between councils: largest-remainder to the penny (split_pro_rata), so councils sum exactly.
- Sensitivity: each main assumption moved to a low and a high value, NPV recalculated; the switching value
  is how far it must move for NPV to reach zero: for money (a cluster's saving, costs in total) as a % of
  its base value; for the discount rate and optimism bias in percentage points. None: none in range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from appraisal.calculations.summary import (
    PENNY,
    ZERO,
    AppraisalSummary,
    CalculationError,
    pct,
    split_pro_rata,
)

HUNDRED = Decimal(100)

# Savings points
MIN, MAX, MID, AMOUNT, PERCENT = "min", "max", "mid", "amount", "pct"
POINTS = (MIN, MAX, MID, AMOUNT, PERCENT)

# Sharing bases
EQUAL, NET_BUDGET, CLUSTER_NET_BUDGET, CUSTOM = "equal", "net_budget", "cluster_net_budget", "custom"
BASES = (EQUAL, NET_BUDGET, CLUSTER_NET_BUDGET, CUSTOM)

# The period officers may give a scenario (the seeds' business cases run three to ten years), and the discount
# rate HM Treasury's Green Book sets: the one home of both rules; the models, forms and services read them here.
MIN_YEARS, MAX_YEARS = 3, 10
PERIOD_RULE = f"The appraisal period is {MIN_YEARS} to {MAX_YEARS} years"
GREEN_BOOK_DISCOUNT_RATE = Decimal("3.5")
# Sensitivity ranges where an assumption has none of its own.
MONEY_SWING = Decimal("0.2")  # ±20% of a saving or of costs without a stated low/high
RATE_SWING = Decimal(2)  # discount rate ± 2 percentage points
BIAS_SWING = Decimal(20)  # optimism bias ± 20 percentage points

MONEY_CHANGE = "% of base value"
POINTS_CHANGE = "percentage points"


# --- Inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavingsPoint:
    """Where in its range a cluster's full-year saving is taken: min, max, mid, or a custom amount or %."""

    kind: str = MID
    value: Decimal | None = None  # pounds for "amount"; % of the cluster's net budget for "pct"


@dataclass(frozen=True)
class CostItem:
    category: str
    year: int
    amount: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    description: str = ""


@dataclass(frozen=True)
class SharingBasis:
    kind: str = NET_BUDGET
    custom: Mapping[str, Decimal] | None = None  # council code -> % (must sum to exactly 100)


@dataclass(frozen=True)
class Assumptions:
    first_year: int
    years: int
    phasing: Sequence[Decimal]  # % of the full-year saving achieved in each year, for every cluster
    cluster_phasing: Mapping[str, Sequence[Decimal]] = field(default_factory=dict)
    points: Mapping[str, SavingsPoint] = field(default_factory=dict)  # cluster -> point; default mid
    clusters_out: frozenset[str] = frozenset()  # clusters left out of this scenario
    costs: Sequence[CostItem] = ()
    savings_basis: SharingBasis = SharingBasis(CLUSTER_NET_BUDGET)
    costs_basis: SharingBasis = SharingBasis(NET_BUDGET)
    discount_rate: Decimal = GREEN_BOOK_DISCOUNT_RATE
    optimism_bias: Decimal = Decimal("0")
    deficit_year: int | None = None  # the year each council's deficit is measured at


# --- Results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    year: int
    savings: Decimal
    costs: Decimal
    net: Decimal
    cumulative_net: Decimal
    discount_factor: Fraction
    present_value: Decimal


@dataclass(frozen=True)
class ClusterPlan:
    name: str
    point: SavingsPoint
    full_year_saving: Decimal  # before optimism bias
    phasing: tuple[Decimal, ...]
    savings_by_year: tuple[Decimal, ...]  # after optimism bias


@dataclass(frozen=True)
class CouncilFigures:
    code: str
    name: str
    years: tuple[YearFigures, ...]
    savings: Decimal
    costs: Decimal
    net: Decimal
    npv: Decimal
    savings_share_pct: Fraction | None
    costs_share_pct: Fraction | None
    deficit: Decimal
    deficit_year: int
    deficit_year_savings: Decimal
    deficit_closed_pct: Fraction | None
    payback_year: int | None


@dataclass(frozen=True)
class Sensitivity:
    assumption: str
    base_value: Decimal
    low_value: Decimal
    high_value: Decimal
    npv_low: Decimal
    npv_high: Decimal
    switching_value: Fraction | None  # None: NPV does not reach zero within range
    switching_unit: str


@dataclass(frozen=True)
class ScenarioResult:
    years: tuple[YearFigures, ...]
    clusters: tuple[ClusterPlan, ...]
    councils: tuple[CouncilFigures, ...]
    total_savings: Decimal
    total_costs: Decimal
    total_net: Decimal
    npv: Decimal
    payback_year: int | None
    full_year_savings: Decimal  # the savings of the last year of the period (full effect, after bias)
    full_effect_year: int  # the first year the savings reach that level
    deficit_year: int
    deficit: Decimal  # the partners' combined deficit in the deficit year
    deficit_year_savings: Decimal
    deficit_closed_pct: Fraction | None
    sensitivity: tuple[Sensitivity, ...]


# --- Helpers --------------------------------------------------------------------------------------


def to_penny(value: Fraction | Decimal) -> Decimal:
    """Round an exact amount to the penny, half-up (away from zero on a tie)."""
    if isinstance(value, Decimal):
        return value.quantize(PENNY, rounding=ROUND_HALF_UP)
    exact = Fraction(value) * 100
    pennies = int(abs(exact) + Fraction(1, 2))
    if exact < 0:
        pennies = -pennies
    return Decimal(pennies).scaleb(-2).quantize(PENNY, rounding=ROUND_HALF_UP)


def discount_factor(rate_pct: Decimal | Fraction, t: int) -> Fraction:
    return 1 / (1 + Fraction(rate_pct) / 100) ** t


def _period(a: Assumptions) -> list[int]:
    return [a.first_year + i for i in range(a.years)]


def _check_pct(value, what: str, *, upper: Decimal | None = HUNDRED) -> None:
    if value is None:
        raise CalculationError(f"{what}: enter a percentage.")
    if value < 0:
        raise CalculationError(f"{what} cannot be negative.")
    if upper is not None and value > upper:
        raise CalculationError(f"{what} cannot be more than {upper}%.")


# --- Validation -----------------------------------------------------------------------------------


def validate(base: AppraisalSummary, a: Assumptions) -> None:
    """Raise CalculationError naming the first thing wrong with the scenario."""
    if a.years is None or a.years < 1:
        raise CalculationError("The appraisal period is empty: give it at least one year.")
    if a.years > MAX_YEARS:
        raise CalculationError(f"The appraisal period can be at most {MAX_YEARS} years.")
    if a.first_year is None or a.first_year < 1990:
        raise CalculationError("Give the first financial year of the period, e.g. 2012 for 2012/13.")
    names = {c.name for c in base.clusters}
    codes = [c.code for c in base.councils]
    if not codes:
        raise CalculationError("The appraisal has no councils to share savings and costs between.")

    def check_phasing(values, where):
        if len(values) != a.years:
            raise CalculationError(f"{where}: give a % for each of the {a.years} years of the period.")
        for year, value in zip(_period(a), values, strict=True):
            _check_pct(value, f"{where}, year {year}: phasing")

    check_phasing(a.phasing, "Phasing")
    for name, values in a.cluster_phasing.items():
        if name not in names:
            raise CalculationError(f"Phasing is given for '{name}', which is not a cluster of the appraisal.")
        check_phasing(values, f"Phasing for {name}")
    for name in a.clusters_out:
        if name not in names:
            raise CalculationError(f"'{name}' is not a cluster of the appraisal.")
    by_name = {c.name: c for c in base.clusters}
    for name, point in a.points.items():
        if name not in names:
            raise CalculationError(f"A savings point is given for '{name}', which is not a cluster of the appraisal.")
        if point.kind not in POINTS:
            raise CalculationError(f"{name}: the savings point must be min, max, mid, an amount or a %.")
        if point.kind in (AMOUNT, PERCENT):
            if point.value is None or point.value < 0:
                raise CalculationError(f"{name}: give a custom saving of zero or more.")
            if point.kind == PERCENT:
                _check_pct(point.value, f"{name}: custom saving")
        elif not by_name[name].has_range:
            raise CalculationError(f"{name} has no savings range, so its saving cannot be the {point.kind}.")
    period = set(_period(a))
    for item in a.costs:
        if item.year not in period:
            raise CalculationError(
                f"A {item.category} cost is in {item.year}, outside the period {a.first_year} to {max(period)}."
            )
        if item.amount < 0:
            raise CalculationError(f"A {item.category} cost cannot be negative.")
        if item.low is not None and item.low > item.amount or item.high is not None and item.high < item.amount:
            raise CalculationError(f"A {item.category} cost's low and high must be either side of its amount.")
        if item.low is not None and item.low < 0:
            raise CalculationError(f"A {item.category} cost's low value cannot be negative.")
    _check_pct(a.discount_rate, "The discount rate")
    _check_pct(a.optimism_bias, "Optimism bias")
    for label, basis in (("savings", a.savings_basis), ("costs", a.costs_basis)):
        if basis.kind not in BASES:
            raise CalculationError(f"Unknown sharing basis for {label}: '{basis.kind}'.")
        if basis.kind == CUSTOM:
            shares = basis.custom or {}
            unknown = sorted(set(shares) - set(codes))
            if unknown:
                raise CalculationError(f"Custom {label} shares name {unknown[0]}, which is not a partner council.")
            missing = [c for c in codes if c not in shares]
            if missing:
                raise CalculationError(f"Custom {label} shares: give a % for {', '.join(missing)}.")
            if any(v < 0 for v in shares.values()):
                raise CalculationError(f"Custom {label} shares cannot be negative.")
            total = sum(shares.values(), ZERO)
            if total != HUNDRED:
                raise CalculationError(
                    f"Custom {label} shares add up to {total.normalize():f}%; they must add up to 100%."
                )


# --- The model ------------------------------------------------------------------------------------


def _full_year_saving(cluster, point: SavingsPoint) -> Decimal:
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


def _cluster_yearly(full: Decimal, phasing: Sequence[Decimal], keep: Decimal) -> tuple[Decimal, ...]:
    # Decimal is exact here: pounds-and-pence times two percentages stays well inside 28 digits.
    return tuple(to_penny(full * p / HUNDRED * keep) for p in phasing)


def _plans(base: AppraisalSummary, a: Assumptions) -> list[ClusterPlan]:
    keep = 1 - a.optimism_bias / HUNDRED
    plans = []
    for c in base.clusters:
        if c.out_of_scope or c.name in a.clusters_out:
            continue
        point = a.points.get(c.name, SavingsPoint(MID))
        if not c.has_range and point.kind not in (AMOUNT, PERCENT):
            continue
        full = _full_year_saving(c, point)
        phasing = tuple(a.cluster_phasing.get(c.name, a.phasing))
        plans.append(ClusterPlan(c.name, point, full, phasing, _cluster_yearly(full, phasing, keep)))
    return plans


def _yearly_costs(a: Assumptions, scale: Decimal | None = None, which: str = "amount") -> list[Decimal]:
    uplift = 1 + a.optimism_bias / HUNDRED
    totals = dict.fromkeys(_period(a), ZERO)
    for item in a.costs:
        amount = getattr(item, which) if getattr(item, which) is not None else item.amount
        if scale is not None:
            amount = amount * scale
        totals[item.year] += to_penny(amount * uplift)
    return list(totals.values())


def _profile(a: Assumptions, savings: Sequence[Decimal], costs: Sequence[Decimal], rate=None) -> list[YearFigures]:
    rate = a.discount_rate if rate is None else rate
    rows, cumulative = [], ZERO
    for t, (year, s, c) in enumerate(zip(_period(a), savings, costs, strict=True)):
        net = s - c
        cumulative += net
        factor = discount_factor(rate, t)
        rows.append(YearFigures(year, s, c, net, cumulative, factor, to_penny(Fraction(net) * factor)))
    return rows


def _payback(rows: Sequence[YearFigures]) -> int | None:
    saved = ZERO
    for row in rows:
        saved += row.savings
        if saved > 0 and row.cumulative_net >= 0:
            return row.year
    return None


def _npv(rows: Sequence[YearFigures]) -> Decimal:
    return sum((r.present_value for r in rows), ZERO)


def _weights(base: AppraisalSummary, basis: SharingBasis, plans: Sequence[ClusterPlan]) -> list[tuple[str, Fraction]]:
    codes = [c.code for c in base.councils]
    if basis.kind == EQUAL:
        return [(code, Fraction(1)) for code in codes]
    if basis.kind == CUSTOM:
        return [(code, Fraction(basis.custom[code])) for code in codes]
    if basis.kind == CLUSTER_NET_BUDGET:
        # Costs shared on the councils' net budgets in the clusters the scenario takes forward.
        in_plan = {p.name for p in plans}
        clusters = [c for c in base.clusters if c.name in in_plan]
        return [(code, sum((Fraction(c.council_net_budgets[code]) for c in clusters), Fraction(0))) for code in codes]
    return [(c.code, Fraction(c.net_budget)) for c in base.councils]


def _share_savings(base, a, plans, codes) -> dict[str, list[Decimal]]:
    out = {code: [ZERO] * a.years for code in codes}
    if a.savings_basis.kind == CLUSTER_NET_BUDGET:
        by_name = {c.name: c for c in base.clusters}
        for plan in plans:
            weights = [(code, by_name[plan.name].council_net_budgets[code]) for code in codes]
            for i, amount in enumerate(plan.savings_by_year):
                for code, part in split_pro_rata(amount, weights).items():
                    out[code][i] += part
        return out
    weights = _weights(base, a.savings_basis, plans)
    for i in range(a.years):
        total = sum((p.savings_by_year[i] for p in plans), ZERO)
        for code, part in split_pro_rata(total, weights).items():
            out[code][i] = part
    return out


def _share_costs(base, a, plans, costs, codes) -> dict[str, list[Decimal]]:
    weights = _weights(base, a.costs_basis, plans)
    out = {code: [ZERO] * a.years for code in codes}
    for i, total in enumerate(costs):
        for code, part in split_pro_rata(total, weights).items():
            out[code][i] = part
    return out


def _totals(a: Assumptions, plans: Sequence[ClusterPlan]) -> tuple[list[Decimal], list[Decimal]]:
    """Yearly savings (all clusters) and costs."""
    return [sum((p.savings_by_year[i] for p in plans), ZERO) for i in range(a.years)], _yearly_costs(a)


def _npv_of(base, a, *, savings=None, cost_scale=None, cost_which="amount", rate=None, bias=None) -> Decimal:
    """NPV only (no council split), for sensitivity runs; `savings` replaces the yearly savings."""
    if bias is not None:
        a = _with(a, optimism_bias=bias)
    if savings is None:
        savings = _totals(a, _plans(base, a))[0]
    return _npv(_profile(a, savings, _yearly_costs(a, cost_scale, cost_which), rate))


def _with(a: Assumptions, **changes) -> Assumptions:
    from dataclasses import replace

    return replace(a, **changes)


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


def _sensitivity(base: AppraisalSummary, a: Assumptions, plans: Sequence[ClusterPlan], npv: Decimal):
    rows = []
    keep = Fraction(1) - Fraction(a.optimism_bias) / 100
    keep_d = 1 - a.optimism_bias / HUNDRED
    base_savings = _totals(a, plans)[0]

    def savings_with(plan: ClusterPlan, full: Decimal) -> list[Decimal]:
        other = _cluster_yearly(full, plan.phasing, keep_d)
        return [s - mine + new for s, mine, new in zip(base_savings, plan.savings_by_year, other, strict=True)]

    factors = [discount_factor(a.discount_rate, t) for t in range(a.years)]
    by_name = {c.name: c for c in base.clusters}

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
        rows.append(
            Sensitivity(
                f"Saving: {plan.name}",
                full,
                low,
                high,
                _npv_of(base, a, savings=savings_with(plan, low)),
                _npv_of(base, a, savings=savings_with(plan, high)),
                switching,
                MONEY_CHANGE,
            )
        )

    total_costs = sum((item.amount for item in a.costs), ZERO)
    if a.costs:
        has_range = any(i.low is not None or i.high is not None for i in a.costs)
        if has_range:
            low_total = sum((i.low if i.low is not None else i.amount for i in a.costs), ZERO)
            high_total = sum((i.high if i.high is not None else i.amount for i in a.costs), ZERO)
            npv_low = _npv_of(base, a, savings=base_savings, cost_which="low")
            npv_high = _npv_of(base, a, savings=base_savings, cost_which="high")
        else:
            low_total = to_penny(total_costs * (1 - MONEY_SWING))
            high_total = to_penny(total_costs * (1 + MONEY_SWING))
            npv_low = _npv_of(base, a, savings=base_savings, cost_scale=1 - MONEY_SWING)
            npv_high = _npv_of(base, a, savings=base_savings, cost_scale=1 + MONEY_SWING)
        pv_costs = Fraction(sum((r.present_value for r in _profile(a, [ZERO] * a.years, _yearly_costs(a))), ZERO))
        switching = None
        if pv_costs != 0:
            scale = 1 + Fraction(npv) / -pv_costs  # NPV = PV(savings) − scale × PV(costs)
            if scale >= 0:
                switching = (scale - 1) * 100
        rows.append(
            Sensitivity(
                "Implementation costs in total",
                total_costs,
                low_total,
                high_total,
                npv_low,
                npv_high,
                switching,
                MONEY_CHANGE,
            )
        )

    rate = a.discount_rate
    low_rate, high_rate = max(Decimal(0), rate - RATE_SWING), rate + RATE_SWING
    nets = [Decimal(r.net) for r in _profile(a, *_totals(a, plans))]

    def npv_at(r: Decimal) -> Decimal:  # the yearly nets do not depend on the rate: discount them again
        step = 1 + r / 100
        return sum((net / step**t for t, net in enumerate(nets)), Decimal(0))

    root = _solve(npv_at, Decimal(0), HUNDRED)
    rows.append(
        Sensitivity(
            "Discount rate",
            rate,
            low_rate,
            high_rate,
            _npv_of(base, a, savings=base_savings, rate=low_rate),
            _npv_of(base, a, savings=base_savings, rate=high_rate),
            None if root is None else Fraction(root) - Fraction(rate),
            POINTS_CHANGE,
        )
    )

    # NPV is linear in optimism bias b (pennies aside): sum of DF x (S0 (1 - b) - C0 (1 + b)) over the years,
    # where S0 and C0 are the savings and costs before bias. It reaches zero at b = A / B.
    bias = a.optimism_bias
    low_bias, high_bias = max(Decimal(0), bias - BIAS_SWING), min(HUNDRED, bias + BIAS_SWING)
    unbiased = _with(a, optimism_bias=Decimal(0))
    s0, c0 = _totals(unbiased, _plans(base, unbiased))
    a_sum = sum((Fraction(s - c) * f for s, c, f in zip(s0, c0, factors, strict=True)), Fraction(0))
    b_sum = sum((Fraction(s + c) * f for s, c, f in zip(s0, c0, factors, strict=True)), Fraction(0))
    switching = None
    if b_sum > 0:
        root_bias = a_sum / b_sum * 100
        if 0 <= root_bias <= 100:
            switching = root_bias - Fraction(bias)
    rows.append(
        Sensitivity(
            "Optimism bias",
            bias,
            low_bias,
            high_bias,
            _npv_of(base, a, bias=low_bias),
            _npv_of(base, a, bias=high_bias),
            switching,
            POINTS_CHANGE,
        )
    )
    return tuple(rows)


def model(base: AppraisalSummary, a: Assumptions, *, with_sensitivity: bool = True) -> ScenarioResult:
    """The scenario's yearly profile, payback, NPV, each council's share, and sensitivity."""
    validate(base, a)
    codes = [c.code for c in base.councils]
    period = _period(a)
    plans = _plans(base, a)
    savings, costs = _totals(a, plans)
    rows = _profile(a, savings, costs)
    npv = _npv(rows)
    total_savings, total_costs = sum(savings, ZERO), sum(costs, ZERO)

    deficit_year = a.deficit_year if a.deficit_year in period else period[-1]
    deficit_index = period.index(deficit_year)
    council_savings = _share_savings(base, a, plans, codes)
    council_costs = _share_costs(base, a, plans, costs, codes)
    councils = []
    for c in base.councils:
        c_rows = _profile(a, council_savings[c.code], council_costs[c.code])
        c_savings, c_costs = sum(council_savings[c.code], ZERO), sum(council_costs[c.code], ZERO)
        in_year = council_savings[c.code][deficit_index]
        councils.append(
            CouncilFigures(
                code=c.code,
                name=c.name,
                years=tuple(c_rows),
                savings=c_savings,
                costs=c_costs,
                net=c_savings - c_costs,
                npv=_npv(c_rows),
                savings_share_pct=pct(c_savings, total_savings),
                costs_share_pct=pct(c_costs, total_costs),
                deficit=c.deficit,
                deficit_year=deficit_year,
                deficit_year_savings=in_year,
                deficit_closed_pct=pct(in_year, c.deficit) if c.deficit > 0 else None,
                payback_year=_payback(c_rows),
            )
        )

    return ScenarioResult(
        years=tuple(rows),
        clusters=tuple(plans),
        councils=tuple(councils),
        total_savings=total_savings,
        total_costs=total_costs,
        total_net=total_savings - total_costs,
        npv=npv,
        payback_year=_payback(rows),
        full_year_savings=savings[-1],
        full_effect_year=next(year for year, amount in zip(period, savings, strict=True) if amount == savings[-1]),
        deficit_year=deficit_year,
        deficit=sum((c.deficit for c in base.councils), ZERO),
        deficit_year_savings=savings[deficit_index],
        deficit_closed_pct=pct(savings[deficit_index], base.deficit.amount) if base.deficit.amount > 0 else None,
        sensitivity=_sensitivity(base, a, plans, npv) if with_sensitivity else (),
    )
