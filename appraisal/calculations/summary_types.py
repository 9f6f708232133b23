"""The appraisal summary's inputs (budget lines, clusters with their savings ranges, councils with their deficits)
and results (the savings table by cluster, totals, the savings against each deficit). Plain frozen dataclasses;
summary.py re-exports them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

KEY = "key"
LIMITED = "limited"
EXCLUDED = "excluded"
SCOPES = (KEY, LIMITED, EXCLUDED)

# What a deficit's "% of net budget" is of, in the words every surface shows after the percentage (issue 15): a
# council's whole net revenue budget where it is held, else the net budgets of the services in this appraisal
# (a few services' budgets would make a £36.5m deficit "821% of net budget").
OF_REVENUE_BUDGET = "of net revenue budget"
OF_APPRAISAL_BUDGETS = "of the budgets in this appraisal"


# --- Inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetLine:
    """One council's net budget for one service in the base year."""

    council: str  # council code, e.g. "DBC"
    cluster: str
    service: str
    net_budget: Decimal
    scope: str = KEY


@dataclass(frozen=True)
class ClusterInput:
    """A service cluster and its savings range for the partnership (None where it has no range)."""

    name: str
    out_of_scope: bool = False
    min_saving: Decimal | None = None
    max_saving: Decimal | None = None


@dataclass(frozen=True)
class CouncilInput:
    code: str
    name: str
    deficit: Decimal | None = None  # forecast funding deficit in the deficit year; None if not forecast
    net_revenue_budget: Decimal | None = None  # the council's whole net revenue budget; None if not held


@dataclass(frozen=True)
class AppraisalInput:
    councils: Sequence[CouncilInput]
    clusters: Sequence[ClusterInput]
    lines: Sequence[BudgetLine]


# --- Results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterSummary:
    name: str
    out_of_scope: bool
    net_budget: Decimal
    in_scope_net_budget: Decimal
    share_of_net_budget_pct: Fraction | None
    min_saving: Decimal | None
    max_saving: Decimal | None
    min_saving_pct: Fraction | None
    max_saving_pct: Fraction | None
    council_net_budgets: Mapping[str, Decimal]

    @property
    def has_range(self) -> bool:
        return self.min_saving is not None


@dataclass(frozen=True)
class Totals:
    net_budget: Decimal
    min_saving: Decimal
    max_saving: Decimal
    min_saving_pct: Fraction | None
    max_saving_pct: Fraction | None
    in_scope_net_budget: Decimal
    in_scope_min_saving_pct: Fraction | None
    in_scope_max_saving_pct: Fraction | None


@dataclass(frozen=True)
class DeficitSummary:
    """Savings against a funding deficit; a gap below zero means the savings more than close it.

    `net_budget` is the net budget of the services in the appraisal; the deficit's percentage is of `pct_budget`,
    the whole net revenue budget where it is held, and `pct_basis` says which in words ("of net revenue budget").
    """

    amount: Decimal
    net_budget: Decimal
    pct_of_net_budget: Fraction | None
    min_saving: Decimal
    max_saving: Decimal
    min_closed_pct: Fraction | None
    max_closed_pct: Fraction | None
    min_gap: Decimal
    max_gap: Decimal
    pct_budget: Decimal | None = None  # the budget pct_of_net_budget is of
    pct_basis: str = OF_APPRAISAL_BUDGETS


@dataclass(frozen=True)
class CouncilSummary:
    code: str
    name: str
    deficit_known: bool
    against_deficit: DeficitSummary
    cluster_savings: Mapping[str, tuple[Decimal, Decimal]]  # cluster name -> (min, max) share

    @property
    def net_budget(self) -> Decimal:
        return self.against_deficit.net_budget

    @property
    def deficit(self) -> Decimal:
        return self.against_deficit.amount

    @property
    def min_saving(self) -> Decimal:
        return self.against_deficit.min_saving

    @property
    def max_saving(self) -> Decimal:
        return self.against_deficit.max_saving


@dataclass(frozen=True)
class AppraisalSummary:
    clusters: tuple[ClusterSummary, ...]
    totals: Totals
    deficit: DeficitSummary
    councils: tuple[CouncilSummary, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
