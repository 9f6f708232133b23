"""How sure are these figures (issue 20): a scenario simulated from its ranges, many times over, vectorised with numpy.

Every savings figure in the seeds is a range (seed 001: £5.4m to £8.4m a year, costs £5m to £8m); the HM Treasury
Green Book advises testing uncertainty beyond single switching values. Each run draws:
- each cluster's full-year saving between the bottom and top of its range, the mode at the point the scenario
  chose (a range widened to take in a chosen amount outside it); a saving given as one figure (an amount, a % of
  the budget, a staffing structure's saving, a cluster without a range) ± the stated spread;
- each cost line between its low and high estimate (the line's own figure is the mode), or ± the spread where it
  has one figure; funding (a grant, a contribution) stays as stated unless it has a low and high; then optimism
  bias as in the deterministic model (costs raised, funding not);
- a delay to the savings: the phasing moved 0, 1 or 2 years later with the stated chances (costs stay in their
  years: the money is spent, the savings come later);
from PERT or triangular distributions, each drawn by the inverse of its distribution function; the clusters' savings
are correlated through one common factor (a Gaussian copula: 0, each on its own; 1, all high or all low together),
which keeps each cluster's own distribution; cost lines likewise among themselves.

Every figure of a run is the deterministic model's figure plus the run's difference from the central case, shared
between the councils exactly as the model shares it (the savings basis, the staffing structures, the partners'
years). So with every range collapsed to a point and no delay, every run is the deterministic figure to the penny.
Runs are in pennies (float64), read back to the penny half-up; the same seed gives the same answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

import numpy as np

from appraisal.calculations.scenario import member_weights, model, sharing_weights
from appraisal.calculations.scenario_types import (
    CLUSTER_NET_BUDGET,
    HUNDRED,
    STRUCTURE,
    Assumptions,
    ClusterPlan,
    ScenarioResult,
)
from appraisal.calculations.simulation_types import (  # noqa: F401  (re-exported: callers read sim.Uncertainty etc.)
    DEFAULT_CORRELATION,
    DEFAULT_GAP_SHARE,
    DEFAULT_RUNS,
    DEFAULT_SEED,
    DEFAULT_SHAPE,
    DEFAULT_SLIPPAGE,
    DEFAULT_SPREAD,
    INDEPENDENT,
    MAX_RUNS,
    MAX_SLIP,
    MIN_RUNS,
    PERT,
    SHAPES,
    TOGETHER,
    TRIANGULAR,
    CouncilSimulation,
    GapChance,
    PaybackChance,
    Simulation,
    Spread,
    Uncertainty,
    YearSpread,
)
from appraisal.calculations.summary import ZERO, AppraisalSummary, CalculationError, pro_rata_shares, signed_shares
from appraisal.calculations.years import savings_keep, to_penny

PERCENTILES = (10, 50, 90)


def check(u: Uncertainty) -> None:
    """The settings a simulation can run on, each with the message an officer reads."""
    if not 1 <= u.runs <= MAX_RUNS:
        raise CalculationError(f"The number of runs must be between 1 and {MAX_RUNS:,}.")
    if u.shape not in (PERT, TRIANGULAR):
        raise CalculationError(f"Unknown distribution shape '{u.shape}'.")
    if not 0 <= u.correlation <= 1:
        raise CalculationError("The correlation between clusters must be between 0 and 1.")
    if len(u.slippage) != MAX_SLIP + 1 or any(p < 0 for p in u.slippage) or sum(u.slippage) != HUNDRED:
        raise CalculationError("The chances of a delay of 0, 1 and 2 years must each be 0% or more and add up to 100%.")
    if not 0 <= u.spread <= HUNDRED:
        raise CalculationError("The spread around a single figure must be between 0% and 100%.")
    if not 0 < u.gap_share <= HUNDRED:
        raise CalculationError("The share of the funding gap must be above 0% and at most 100%.")


def _pence(value: Decimal) -> float:
    return float(value * 100)


def _spread_of(mode: Decimal, spread: Decimal) -> tuple[Decimal, Decimal]:
    swing = abs(mode) * spread / HUNDRED
    return mode - swing, mode + swing


def saving_range(cluster, plan: ClusterPlan, spread: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """A cluster's full-year saving as (low, mode, high): its stated range with the chosen point as the mode, widened
    to take in a chosen figure outside it; a single figure (no range, or a staffing structure's saving) ± spread."""
    mode = plan.full_year_saving
    if plan.point.kind == STRUCTURE or not cluster.has_range:
        low, high = _spread_of(mode, spread)
        return low, mode, high
    return min(cluster.min_saving, mode), mode, max(cluster.max_saving, mode)


def cost_range(item, spread: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """A cost line's (low, mode, high) before optimism bias: its low and high where stated (widened to take in its
    own figure), else its figure ± spread; funding without a stated low and high stays as stated."""
    if item.low is not None or item.high is not None:
        low = item.amount if item.low is None else item.low
        high = item.amount if item.high is None else item.high
        return min(low, item.amount), item.amount, max(high, item.amount)
    if item.amount <= 0:
        return item.amount, item.amount, item.amount
    low, high = _spread_of(item.amount, spread)
    return low, item.amount, high


# The standard normal distribution function, tabulated once from math.erf on an even grid and read by linear
# interpolation (within 2e-7 of the exact value): numpy has no erf, and the simulation needs it for every draw.
_Z_FROM, _Z_STEP = -9.0, 1 / 400
_PHI = np.array([0.5 * (1 + math.erf((_Z_FROM + i * _Z_STEP) / math.sqrt(2))) for i in range(7201)])

# The grids a PERT (beta) distribution is tabulated on: its distribution function on [0, 1] by the trapezium rule,
# then its inverse at evenly spaced probabilities, read like the normal's.
_UNIT = np.linspace(0.0, 1.0, 2049)
_PROBABILITIES = np.linspace(0.0, 1.0, 4097)


def _read(table: np.ndarray, start: float, step: float, at: np.ndarray) -> np.ndarray:
    """Linear interpolation in tables (one per row of `at`, or one for all) tabulated at start, start + step, …:
    arithmetic on the index rather than a search, for the millions of draws."""
    place = np.clip((at - start) / step, 0, table.shape[-1] - 1.000001)
    below = place.astype(np.intp)
    part = place - below
    if table.ndim == 1:
        return table[below] * (1 - part) + table[below + 1] * part
    lower = np.take_along_axis(table, below, axis=1)
    return lower + (np.take_along_axis(table, below + 1, axis=1) - lower) * part


def _uniforms(rng, n: int, runs: int, correlation: Decimal) -> np.ndarray:
    """n × runs uniform draws, each row correlated with the others through one common normal factor (a Gaussian
    copula): rho 0, each row on its own; rho 1, every row the same."""
    rho = float(correlation)
    if rho == 0:
        return rng.random((n, runs))
    scores = np.sqrt(rho) * rng.standard_normal((1, runs)) + np.sqrt(1 - rho) * rng.standard_normal((n, runs))
    return _read(_PHI, _Z_FROM, _Z_STEP, scores)


def _pert_inverse(u: np.ndarray, m: np.ndarray) -> np.ndarray:
    """The PERT distribution on [0, 1] with mode m (a beta with shapes 1 + 4m and 1 + 4(1 − m)) at probabilities u."""
    a, b = 1 + 4 * m, 1 + 4 * (1 - m)
    density = _UNIT[None, :] ** (a - 1) * (1 - _UNIT[None, :]) ** (b - 1)
    cdf = np.zeros_like(density)
    cdf[:, 1:] = np.cumsum((density[:, 1:] + density[:, :-1]) / 2, axis=1)
    cdf /= cdf[:, -1:]
    inverse = np.array([np.interp(_PROBABILITIES, curve, _UNIT) for curve in cdf])
    return _read(inverse, 0.0, 1 / (len(_PROBABILITIES) - 1), u)


def draws(rng, ranges: Sequence[tuple[Decimal, Decimal, Decimal]], runs: int, shape: str, correlation: Decimal):
    """runs × len(ranges) draws in pounds, each column between its low and high with its mode, by the inverse of its
    distribution function at correlated uniform draws; a column whose low equals its high is its mode exactly in
    every run."""
    if not ranges:
        return np.zeros((runs, 0))
    low, mode, high = (np.array([float(r[i]) for r in ranges])[:, None] for i in range(3))
    fixed = high <= low
    width = np.where(fixed, 1.0, high - low)
    m = np.where(fixed, 0.5, (mode - low) / width)  # the mode's place between low (0) and high (1)
    u = _uniforms(rng, len(ranges), runs, correlation)
    if shape == PERT:
        unit = _pert_inverse(u, m)
    else:  # triangular
        unit = np.where(u < m, np.sqrt(u * m), 1 - np.sqrt((1 - u) * (1 - m)))
    return np.where(fixed, mode, low + unit * width).T


@lru_cache(maxsize=4096)
def _shares(weights: tuple, signed: bool) -> tuple[float, ...]:
    return tuple(float(s) for s in (signed_shares if signed else pro_rata_shares)(list(weights)))


def _year_shares(a: Assumptions, weights, signed: bool = False) -> np.ndarray:
    """Each council's share in each year (councils × years) of an amount split on these weights among the partners
    of that year, as the deterministic model splits it."""
    return np.array([_shares(tuple(w for _, w in member_weights(a, weights, i)), signed) for i in range(a.years)]).T


def saving_shares(base: AppraisalSummary, a: Assumptions, plans: Sequence[ClusterPlan]) -> np.ndarray:
    """clusters × councils × years: each council's share of each cluster's saving, as scenario._share_savings."""
    codes = [c.code for c in base.councils]
    by_name = {c.name: c for c in base.clusters}
    pooled = sharing_weights(base, a.savings_basis, [p.name for p in plans if p.point.kind != STRUCTURE])
    out = np.zeros((len(plans), len(codes), a.years))
    for k, plan in enumerate(plans):
        if plan.point.kind == STRUCTURE:
            by_council = a.structure_savings.get(plan.name, {})
            out[k] = _year_shares(a, [(code, by_council.get(code, ZERO)) for code in codes], signed=True)
        elif a.savings_basis.kind == CLUSTER_NET_BUDGET:
            out[k] = _year_shares(a, [(code, by_name[plan.name].council_net_budgets[code]) for code in codes])
        else:
            out[k] = _year_shares(a, pooled)
    return out


def cost_shares(base: AppraisalSummary, a: Assumptions, plans: Sequence[ClusterPlan]) -> np.ndarray:
    """lines × councils × years: where each cost line's pound falls (its year; its council, or shared on the basis)."""
    codes = [c.code for c in base.councils]
    shared = _year_shares(a, sharing_weights(base, a.costs_basis, [p.name for p in plans]))
    out = np.zeros((len(a.costs), len(codes), a.years))
    for j, item in enumerate(a.costs):
        i = item.year - a.first_year
        if item.council is None:
            out[j, :, i] = shared[:, i]
        else:
            out[j, codes.index(item.council), i] = 1.0
    return out


def _uplift(a: Assumptions, item) -> float:
    if item.amount <= 0:
        return 1.0  # funding is not raised by optimism bias
    return float(1 + (a.optimism_bias if item.bias is None else item.bias) / HUNDRED)


def _delayed(phases: np.ndarray, years: int) -> np.ndarray:
    out = np.zeros_like(phases)
    out[:, years:] = phases[:, : phases.shape[1] - years]
    return out


def _readings(pennies: np.ndarray, factors: np.ndarray, cells: Sequence[tuple[int, int]]) -> np.ndarray:
    """What a pound more of each draw adds to the figures read, from where it falls (draws × councils × years, in
    pennies): the partners' figure in each year, each council's present value, and each council's figure in the
    (council, year) cells asked for. The runs' figures are then one matrix product, not a tensor per run."""
    picked = pennies[:, [c for c, _ in cells], [i for _, i in cells]].reshape(len(pennies), len(cells))
    return np.concatenate([pennies.sum(axis=1), pennies @ factors, picked], axis=1)


def savings_differences(rng, base, a, u, plans, factors, cells) -> np.ndarray:
    """runs × readings (see _readings): each run's savings less the central case's, in pennies."""
    by_name = {c.name: c for c in base.clusters}
    ranges = [saving_range(by_name[p.name], p, u.spread) for p in plans]
    x = draws(rng, ranges, u.runs, u.shape, u.correlation)
    mode = np.array([float(r[1]) for r in ranges])
    delay = rng.choice(MAX_SLIP + 1, size=u.runs, p=[float(p / HUNDRED) for p in u.slippage])
    shares = saving_shares(base, a, plans) * (100 * float(savings_keep(a)))  # pennies per pound of full-year saving
    phases = np.array([[float(p) / 100 for p in plan.phasing] for plan in plans]).reshape(len(plans), a.years)
    central = _readings(phases[:, None, :] * shares, factors, cells)
    out = np.zeros((u.runs, central.shape[1]))
    for years in range(MAX_SLIP + 1):
        rows = delay == years
        if not rows.any():
            continue
        moved = central if not years else _readings(_delayed(phases, years)[:, None, :] * shares, factors, cells)
        out[rows] = (x[rows] - mode) @ moved
        if years:  # the central case's savings, delayed, less as planned
            out[rows] += mode @ (moved - central)
    return out


def costs_differences(rng, base, a, u, plans, factors) -> np.ndarray:
    """runs × readings (see _readings, no cells): each run's costs less the central case's, in pennies, after
    optimism bias."""
    ranges = [cost_range(item, u.spread) for item in a.costs]
    y = draws(rng, ranges, u.runs, u.shape, u.correlation)
    mode = np.array([float(r[1]) for r in ranges])
    uplift = np.array([_uplift(a, item) for item in a.costs])
    return (y - mode) @ _readings(uplift[:, None, None] * cost_shares(base, a, plans) * 100, factors, ())


def _pounds(pennies: float) -> Decimal:
    """Pennies (float) to pounds to the penny, half-up."""
    return to_penny(Decimal(repr(float(pennies))) / 100)


def spread_of(values: np.ndarray) -> Spread:
    p10, p50, p90 = np.percentile(values, PERCENTILES)
    return Spread(_pounds(p10), _pounds(p50), _pounds(p90), _pounds(values.mean()))


def share_of_runs(hits: np.ndarray) -> Fraction:
    return Fraction(int(np.count_nonzero(hits)) * 100, hits.size)


def payback_chances(years: Sequence[int], savings: np.ndarray, costs: np.ndarray) -> tuple[PaybackChance, ...]:
    """The first year each run's cumulative savings are above zero and cumulative net at or above zero (the
    deterministic model's payback rule), as a % of runs per year, then "not within the period"."""
    paid = (np.cumsum(savings, axis=1) > 0) & (np.cumsum(savings - costs, axis=1) >= 0)
    first = np.where(paid.any(axis=1), paid.argmax(axis=1), len(years))
    counts = np.bincount(first, minlength=len(years) + 1)
    chances = [PaybackChance(year, Fraction(int(n) * 100, len(first))) for year, n in zip(years, counts, strict=False)]
    return (*chances, PaybackChance(None, Fraction(int(counts[-1]) * 100, len(first))))


def _gap_cells(central: ScenarioResult) -> list[tuple[int, int]]:
    """The (council, year) cells with a funding gap forecast: where the chance of closing its share is counted."""
    return [
        (k, i)
        for k, c in enumerate(central.councils)
        for i, row in enumerate(c.years)
        if row.deficit is not None and row.deficit > 0
    ]


def _councils(central: ScenarioResult, u: Uncertainty, npvs: np.ndarray, cells, savings: np.ndarray):
    """Each council's NPV over the runs, and its chance of closing the share of its gap in each year with one."""
    found = dict(zip(cells, savings.T, strict=True))
    out = []
    for k, c in enumerate(central.councils):
        npv = _pence(c.npv) + npvs[:, k]
        chances = []
        for i, row in enumerate(c.years):
            if (k, i) not in found:
                chances.append(GapChance(row.year, row.deficit, None, None))
                continue
            target = to_penny(row.deficit * u.gap_share / HUNDRED)
            hits = _pence(row.savings) + found[k, i] >= _pence(target)
            chances.append(GapChance(row.year, row.deficit, target, share_of_runs(hits)))
        out.append(CouncilSimulation(c.code, c.name, spread_of(npv), share_of_runs(npv > 0), tuple(chances)))
    return tuple(out)


def simulate(
    base: AppraisalSummary, a: Assumptions, u: Uncertainty, central: ScenarioResult | None = None
) -> Simulation:
    """The scenario run u.runs times from its ranges (see the module's notes); `central`: its deterministic result,
    if already worked out."""
    check(u)
    central = central or model(base, a, with_sensitivity=False)
    rng = np.random.default_rng(u.seed)
    plans, cells, years, n = list(central.clusters), _gap_cells(central), a.years, len(central.councils)
    factors = np.array([float(y.discount_factor) for y in central.years])
    d_savings = savings_differences(rng, base, a, u, plans, factors, cells)
    d_costs = costs_differences(rng, base, a, u, plans, factors)
    savings = np.array([_pence(y.savings) for y in central.years]) + d_savings[:, :years]
    costs = np.array([_pence(y.costs) for y in central.years]) + d_costs[:, :years]
    npv = _pence(central.npv) + (d_savings[:, :years] - d_costs[:, :years]) @ factors
    fan = np.percentile(np.cumsum(savings - costs, axis=1), PERCENTILES, axis=0)
    council_npvs = d_savings[:, years : years + n] - d_costs[:, years : years + n]
    return Simulation(
        uncertainty=u,
        savings_full_effect=spread_of(savings[:, -1]),
        npv=spread_of(npv),
        npv_positive_pct=share_of_runs(npv > 0),
        payback=payback_chances([y.year for y in central.years], savings, costs),
        cumulative=tuple(
            YearSpread(row.year, *(_pounds(p) for p in fan[:, i]), row.cumulative_net)
            for i, row in enumerate(central.years)
        ),
        councils=_councils(central, u, council_npvs, cells, d_savings[:, years + n :]),
        central_npv=central.npv,
        central_savings_full_effect=central.full_year_savings,
    )
