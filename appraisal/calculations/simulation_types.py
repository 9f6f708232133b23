"""The simulation's inputs (Uncertainty: how the ranges are drawn) and results (Simulation and its parts), issue 20.
Plain frozen dataclasses, no behaviour; the rules officers may set (shapes, limits, defaults) have their home here
and the models, forms and pages read them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# Distribution shapes: a saving (or a cost line) is drawn between its low and high with the mode at the chosen point.
PERT, TRIANGULAR = "pert", "triangular"
SHAPES = ((PERT, "PERT (most runs near the chosen point)"), (TRIANGULAR, "Triangular (more weight in the tails)"))

# How the clusters' savings move with one another: the rank correlation between any two clusters (0 to 1).
INDEPENDENT, TOGETHER = Decimal(0), Decimal(1)

# Slippage: the savings' phasing delayed by 0, 1 or 2 years with these chances (%), summing to 100.
MAX_SLIP = 2

MIN_RUNS, MAX_RUNS = 1_000, 100_000

# The defaults, stated on the settings page and under the dashboard's section.
DEFAULT_RUNS = 10_000
DEFAULT_SEED = 2026
DEFAULT_SHAPE = PERT
DEFAULT_CORRELATION = Decimal("0.5")
DEFAULT_SLIPPAGE = (Decimal(60), Decimal(30), Decimal(10))
DEFAULT_SPREAD = Decimal(20)  # ± % around a saving or a cost line given as one figure (the sensitivity table's ±20%)
DEFAULT_GAP_SHARE = Decimal(25)  # the share of each council's funding gap its savings are tested against (%)


@dataclass(frozen=True)
class Uncertainty:
    """How a scenario's ranges are simulated. Defaults: stated above."""

    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED
    shape: str = DEFAULT_SHAPE
    correlation: Decimal = DEFAULT_CORRELATION  # 0: clusters independent; 1: they move together
    slippage: tuple[Decimal, ...] = DEFAULT_SLIPPAGE  # % chance of a delay of 0, 1, 2 years
    spread: Decimal = DEFAULT_SPREAD  # ± % where a saving or cost line has one figure, not a range
    gap_share: Decimal = DEFAULT_GAP_SHARE  # % of each council's gap a year's savings are tested against


@dataclass(frozen=True)
class Spread:
    """A figure's 10th, 50th and 90th percentiles and mean over the runs, to the penny (P10 ≤ P50 ≤ P90)."""

    p10: Decimal
    p50: Decimal
    p90: Decimal
    mean: Decimal


@dataclass(frozen=True)
class YearSpread:
    """A year of the fan chart: cumulative net savings (savings less costs to date) over the runs, and the
    deterministic figure (the central case) beside them."""

    year: int
    p10: Decimal
    p50: Decimal
    p90: Decimal
    central: Decimal


@dataclass(frozen=True)
class PaybackChance:
    year: int | None  # None: no payback within the period
    chance_pct: Fraction  # % of runs


@dataclass(frozen=True)
class GapChance:
    """A year of a council's medium-term plan: the chance its savings that year close at least the chosen share of
    its funding gap (None where no gap is forecast that year)."""

    year: int
    gap: Decimal | None
    target: Decimal | None  # the share of the gap to close, in pounds
    chance_pct: Fraction | None


@dataclass(frozen=True)
class CouncilSimulation:
    code: str
    name: str
    npv: Spread
    npv_positive_pct: Fraction
    gap_chances: tuple[GapChance, ...]


@dataclass(frozen=True)
class Simulation:
    uncertainty: Uncertainty
    savings_full_effect: Spread  # the period's last year (the deterministic model's "full effect")
    npv: Spread
    npv_positive_pct: Fraction  # % of runs with NPV above zero
    payback: tuple[PaybackChance, ...]  # every year of the period, then "not within the period"
    cumulative: tuple[YearSpread, ...]  # the fan chart, by year
    councils: tuple[CouncilSimulation, ...]
    central_npv: Decimal  # the deterministic model's NPV, for the statement beside the spread
    central_savings_full_effect: Decimal
