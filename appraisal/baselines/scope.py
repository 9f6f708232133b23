"""The scope page: the services an appraisal covers, by cluster, with a form to add one and a button to remove each.

Only the services listed here enter the appraisal's figures; the grid (appraisal/baselines/grid.py) shows their
baselines and sets each one's scope. A removed service's baselines stay stored: other appraisals may cover it, and
adding it back brings them into the figures again. This module builds the page model; it writes nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from appraisal.baselines.forms import ServiceAddForm
from appraisal.baselines.selectors import ScopedService, appraisal_services
from appraisal.models import Appraisal
from appraisal.permissions import can_edit_assumptions
from appraisal.summary.selectors import appraisal_councils
from services.models import Scope, Service
from services.selectors import baseline_rows, service_list


@dataclass(frozen=True)
class ScopeRow:
    service: ScopedService
    net_budget: Decimal | None  # the partner councils' base-year net budgets together; None: none is held

    @property
    def scope_label(self) -> str:
        return Scope(self.service.scope).label


@dataclass
class ClusterScope:
    cluster_id: int
    name: str
    out_of_scope: bool
    rows: list[ScopeRow] = field(default_factory=list)


@dataclass
class ScopePage:
    appraisal: Appraisal
    clusters: list[ClusterScope]
    editable: bool
    form: ServiceAddForm
    addable: list[Service]

    @property
    def service_count(self) -> int:
        return sum(len(c.rows) for c in self.clusters)

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(input id, message) for the error summary, in the form's order."""
        return [(f"id_{name}", error) for name in self.form.fields for error in self.form.errors.get(name, [])]


def _net_budgets(appraisal: Appraisal, services: list[ScopedService]) -> dict[int, Decimal]:
    """service id -> the partner councils' net budgets for it in the base year, for the services that have one."""
    ids = [c.pk for c in appraisal_councils(appraisal=appraisal)]
    rows = baseline_rows(council_ids=ids, year=appraisal.base_year, service_ids=[s.service_id for s in services])
    nets: dict[int, Decimal] = {}
    for row in rows:
        nets[row.service_id] = nets.get(row.service_id, Decimal(0)) + (row.net_budget or Decimal(0))
    return nets


def scope_page(*, appraisal: Appraisal, user, data=None) -> ScopePage:
    """The appraisal's services by cluster with their base-year budgets, and (for those who may) the add form,
    bound to `data` when it was posted."""
    services = appraisal_services(appraisal_id=appraisal.pk)
    nets = _net_budgets(appraisal, services)
    clusters: dict[int, ClusterScope] = {}
    for s in services:
        block = clusters.setdefault(s.cluster_id, ClusterScope(s.cluster_id, s.cluster, s.cluster_out_of_scope))
        block.rows.append(ScopeRow(s, nets.get(s.service_id)))
    covered = {s.service_id for s in services}
    addable = [s for s in service_list() if s.pk not in covered]
    form = ServiceAddForm(data, addable=addable)
    return ScopePage(appraisal, list(clusters.values()), can_edit_assumptions(user, appraisal), form, addable)
