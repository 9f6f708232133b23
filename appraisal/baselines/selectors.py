"""Reads for the baselines feature: the services an appraisal covers with their scope in it, and its savings ranges.

An appraisal owns its scope: the services listed for it (ServiceScope rows) are the only ones whose baselines enter
its figures, whatever else its councils hold. Clusters and services are a vocabulary every appraisal shares.
"""

from dataclasses import dataclass

from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraise.writes import last_change
from services.models import Service


@dataclass(frozen=True)
class ScopeChoice:
    """A service's scope in an appraisal and the reason given for it."""

    scope: str
    reason: str


@dataclass(frozen=True)
class ScopedService:
    """A service an appraisal covers, with its cluster and its scope and reason in that appraisal."""

    service_id: int
    service: str
    cluster_id: int
    cluster: str
    cluster_position: int
    cluster_out_of_scope: bool
    scope: str
    reason: str

    @property
    def choice(self) -> ScopeChoice:
        return ScopeChoice(self.scope, self.reason)

    @property
    def scope_reason(self) -> str:
        """The reason under the name a baseline row gives it, so a scope list reads either kind of row."""
        return self.reason


_SCOPED_FIELDS = (
    "service_id",
    "service__name",
    "service__cluster_id",
    "service__cluster__name",
    "service__cluster__position",
    "service__cluster__out_of_scope",
    "scope",
    "reason",
)


def appraisal_services(*, appraisal_id: int | None) -> list[ScopedService]:
    """The services this appraisal covers, in table order (cluster, then service), each with its scope (one query)."""
    rows = (
        ServiceScope.objects.filter(appraisal_id=appraisal_id)
        .order_by("service__cluster__position", "service__cluster__name", "service__position", "service__name")
        .values_list(*_SCOPED_FIELDS)
    )
    return [ScopedService(*row) for row in rows]


def service_scopes(*, appraisal_id: int | None) -> dict[int, ScopeChoice]:
    """service id -> its scope in this appraisal, for every service the appraisal covers (and no other)."""
    rows = ServiceScope.objects.filter(appraisal_id=appraisal_id).values_list("service_id", "scope", "reason")
    return {service_id: ScopeChoice(scope, reason) for service_id, scope, reason in rows}


def scope_for_new(*, service: Service, scope: str | None = None, reason: str | None = None) -> ScopeChoice:
    """A service's scope as it joins an appraisal: the scope given, else the service's own; the reason given, else
    the service's own reason where the scope is the service's own (that reason explains that scope), else none."""
    chosen = scope or service.scope
    if reason:
        return ScopeChoice(chosen, reason)
    return ScopeChoice(chosen, service.scope_reason if chosen == service.scope else "")


def service_scope_get(*, appraisal: Appraisal, service: Service) -> ScopeChoice | None:
    """One service's scope in the appraisal; None if the appraisal does not cover it."""
    own = ServiceScope.objects.filter(appraisal=appraisal, service=service).values_list("scope", "reason").first()
    return ScopeChoice(*own) if own else None


def savings_range_list(*, appraisal: Appraisal) -> list[SavingsRange]:
    """The appraisal's savings ranges with their clusters (one query)."""
    return list(SavingsRange.objects.filter(appraisal=appraisal).select_related("cluster"))


def savings_range_last_change(savings: SavingsRange):
    """The newest history record of a savings range, found by its key so a removed range's is too."""
    return last_change(savings, appraisal_id=savings.appraisal_id, cluster_id=savings.cluster_id)
