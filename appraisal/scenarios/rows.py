"""The rows of the scenario editor's tables (a cluster, a year's phasing, a cluster's phasing in one year, a cost),
and how a form shows a stored value. Each row knows its anchor, the id its form posts under (`cluster-3`,
`phase-2013`, `cphase-3-2013`, `cost-12`), and what the error summary calls it."""

from dataclasses import dataclass
from decimal import Decimal

from appraisal.models import CostItem
from appraisal.scenarios.forms import ClusterForm, ClusterPhaseForm, CostForm, PhaseForm
from councils import financial_years
from services.models import ServiceCluster


def shown_money(value: Decimal | None) -> str:
    """Pounds as a form shows them: 1,250,000 (pence only if there are any)."""
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def shown_percent(value: Decimal | None) -> str:
    """A percentage as a form shows it: 3.5."""
    return "" if value is None else f"{value.normalize():f}"


def exact(value) -> str:
    """A stored value to the last digit, as the form sends it back in its was-<name> inputs (see services.py)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


@dataclass(frozen=True)
class ClusterRow:
    cluster: ServiceCluster
    figures: object  # the calculation's ClusterSummary
    form: ClusterForm | None  # None: out of scope, nothing to choose
    was: dict
    plan: object | None  # the ClusterPlan, if the cluster contributes
    stale: str = ""

    @property
    def anchor(self) -> str:
        return f"cluster-{self.cluster.pk}"

    @property
    def where(self) -> str:
        """What its errors are about, in the error summary."""
        return self.cluster.name


@dataclass(frozen=True)
class PhaseRow:
    year: int
    form: PhaseForm
    entered: bool  # False: no phasing entered for the year, which counts as 100%
    was: str
    stale: str = ""
    last: bool = False

    @property
    def anchor(self) -> str:
        return f"phase-{self.year}"

    @property
    def where(self) -> str:
        return f"Phasing {financial_years.label(self.year)}"


@dataclass(frozen=True)
class ClusterPhaseCell:
    cluster: ServiceCluster
    year: int
    form: ClusterPhaseForm
    was: str
    stale: str = ""

    @property
    def anchor(self) -> str:
        return f"cphase-{self.cluster.pk}-{self.year}"

    @property
    def where(self) -> str:
        return f"{self.cluster.name}: phasing {financial_years.label(self.year)}"


@dataclass(frozen=True)
class ClusterPhaseRow:
    cluster: ServiceCluster
    cells: list[ClusterPhaseCell]


@dataclass(frozen=True)
class CostRow:
    item: CostItem
    form: CostForm
    was: dict
    stale: str = ""

    @property
    def anchor(self) -> str:
        return f"cost-{self.item.pk}"

    @property
    def where(self) -> str:
        return f"{self.item.get_category_display()} {financial_years.label(self.item.year)}"
