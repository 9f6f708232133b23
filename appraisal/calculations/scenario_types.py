"""The scenario model's inputs (Assumptions and its parts), results (ScenarioResult and its parts) and the rules
they carry: savings points, sharing bases, the period officers may choose and the Green Book discount rate.
Plain frozen dataclasses, no behaviour: scenario.py re-exports them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

HUNDRED = Decimal(100)


# Savings points
MIN, MAX, MID, AMOUNT, PERCENT = "min", "max", "mid", "amount", "pct"
STRUCTURE = "structure"  # the saving the option's staffing structures make in the cluster (issue 18)


POINTS = (MIN, MAX, MID, AMOUNT, PERCENT, STRUCTURE)


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


# The sensitivity table's rows, by the assumption each moves (the report and the switching sentences find them here).
SAVING_ROW = "Saving: {}"  # a cluster's, by its name
COSTS_ROW = "Implementation costs in total"
RATE_ROW = "Discount rate"
BIAS_ROW = "Optimism bias"


MONEY_CHANGE = "% of base value"


POINTS_CHANGE = "percentage points"


def partner_in(first: int | None, last: int | None, year: int) -> bool:
    """Whether a council whose first and last years as a partner are these (None: from the start; to the end) is a
    partner in `year` (issue 19): the one statement of the rule, for the scenario model, its results and realisation."""
    return (first is None or year >= first) and (last is None or year <= last)


@dataclass(frozen=True)
class SavingsPoint:
    """Where in its range a cluster's full-year saving is taken: min, max, mid, or a custom amount or %."""

    kind: str = MID
    value: Decimal | None = None  # pounds for "amount"; % of the cluster's net budget for "pct"


@dataclass(frozen=True)
class CostItem:
    category: str
    year: int
    amount: Decimal  # below zero for funding
    low: Decimal | None = None
    high: Decimal | None = None
    description: str = ""
    funding: bool = False  # a grant or contribution: a negative amount that reduces costs
    council: str | None = None  # charged to this council alone (its code); None: shared on the costs basis
    bias: Decimal | None = None  # this line's own optimism bias % (its Green Book category); None: the scenario's


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
    # An option's own adjustment to its savings (issue 17: the Green Book has no generic optimism bias for
    # benefits); None: savings are lowered by the optimism bias above, as before.
    savings_adjustment: Decimal | None = None
    deficit_year: int | None = None  # the year each council's deficit is measured at
    discount_base_year: int | None = None  # the year NPVs are discounted to; None: the period's first year
    # The medium-term financial plan: council code -> year -> forecast funding gap. Empty: each council's deficit
    # in the appraisal's summary, measured in the deficit year (or the period's last year).
    deficits: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)
    # The full-year saving each council makes in a cluster from the option's staffing structures (its share of the
    # baseline posts' cost less its share of the proposed posts'): cluster -> council code -> £. A cluster whose
    # point is STRUCTURE takes its saving from here and shares it between the councils as the structures do.
    structure_savings: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    # Partners joining or leaving (issue 19): council code -> (the first year it is a partner, the last, or None to
    # the period's end). A council not listed is a partner throughout. Outside its years a council takes no share
    # of savings or shared costs: the shares are re-based on the partners of each year.
    membership: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class YearFigures:
    year: int
    savings: Decimal
    costs: Decimal
    net: Decimal
    cumulative_net: Decimal
    discount_factor: Fraction
    present_value: Decimal
    deficit: Decimal | None = None  # the forecast funding gap that year; None: none is forecast
    deficit_closed_pct: Fraction | None = None  # savings that year as a % of that gap


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
    # Issue 19: the years it is a partner (Assumptions.membership); None: from the start, to the end.
    join_year: int | None = None
    leave_year: int | None = None

    @property
    def member_years(self) -> tuple[YearFigures, ...]:
        """Its own years: those it is a partner in."""
        return tuple(y for y in self.years if partner_in(self.join_year, self.leave_year, y.year))


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
    discount_base_year: int = 0  # the year every present value is discounted to
    deficit_forecast: bool = True  # False: no funding gap is forecast for the deficit year

    @property
    def council_costs_by_year(self) -> tuple[tuple[int, tuple[Decimal, ...]], ...]:
        """Each year with each council's costs that year (in the order of `councils`), net of funding."""
        return tuple((y.year, tuple(c.years[i].costs for c in self.councils)) for i, y in enumerate(self.years))
