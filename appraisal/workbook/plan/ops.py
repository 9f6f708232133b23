"""The writes a plan asks apply.py to run, each a frozen record.

Most are the write services' own inputs (services/services.py, councils/services.py, appraisal/baselines/services.py).
The rest name a council, cluster or service the same import creates, which has no id until apply.py has created it:
such a reference is a NewCouncilRef (its code), NewClusterRef or NewServiceRef (normalised names), which apply.py
turns into the new row's id.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from appraisal.baselines.selectors import ScopeChoice
from councils.services import CouncilBudgets, CouncilCreate
from services.services import BaselineFigures, BaselineUpdate, ClusterCreate


@dataclass(frozen=True, slots=True)
class NewCouncilRef:
    code: str


@dataclass(frozen=True, slots=True)
class NewClusterRef:
    key: str  # the cluster's normalised name


@dataclass(frozen=True, slots=True)
class NewServiceRef:
    cluster_key: str
    service_key: str


CouncilRef = int | NewCouncilRef
ClusterRef = int | NewClusterRef
ServiceRef = int | NewServiceRef


@dataclass(frozen=True, slots=True)
class ServicePlanned:
    """A new service; position counts from 1 among the cluster's new services."""

    ref: NewServiceRef
    cluster: ClusterRef
    name: str
    position: int
    scope: str
    scope_reason: str


@dataclass(frozen=True, slots=True)
class DeficitPlanned:
    council: CouncilRef
    year: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BaselinePlanned:
    council: CouncilRef
    service: ServiceRef
    year: int
    figures: BaselineFigures


@dataclass(frozen=True, slots=True)
class RangePlanned:
    """A cluster's savings range."""

    cluster: ClusterRef
    min_saving: Decimal
    max_saving: Decimal


@dataclass(frozen=True, slots=True)
class ScopePlanned:
    """A service in the appraisal, with its scope there (put in the appraisal's scope if it is not yet)."""

    service: ServiceRef
    choice: ScopeChoice


@dataclass(frozen=True, slots=True)
class AppraisalPlanned:
    title: str
    base_year: int
    deficit_year: int
    council_ids: tuple[CouncilRef, ...]  # the partners, in order


@dataclass
class Operations:
    """What apply.py runs, in this order. Filled in while the plan is made; each operation is frozen."""

    new_councils: list[CouncilCreate] = field(default_factory=list)
    new_clusters: list[ClusterCreate] = field(default_factory=list)
    new_services: list[ServicePlanned] = field(default_factory=list)
    appraisal: AppraisalPlanned | None = None
    councils: list[CouncilBudgets] = field(default_factory=list)
    deficits: list[DeficitPlanned] = field(default_factory=list)
    baseline_creates: list[BaselinePlanned] = field(default_factory=list)
    baseline_updates: list[BaselineUpdate] = field(default_factory=list)
    savings: list[RangePlanned] = field(default_factory=list)
    scopes: list[ScopePlanned] = field(default_factory=list)
    posts: list["PostPlanned"] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PostPlanned:
    """A post added (post_id None) or changed, through appraisal/staffing/services.py. values: the services' field
    names, with ids where they take a model (cluster, grade, council, continues), which apply.py fetches."""

    post_id: int | None
    option_id: int | None
    values: dict
    version: int | None = None
