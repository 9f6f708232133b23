"""Reads for the baselines feature: the scope each service has in an appraisal, and its savings ranges."""

from dataclasses import dataclass

from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraise.writes import last_change
from services.models import Service


@dataclass(frozen=True)
class ScopeChoice:
    """A service's scope in an appraisal and the reason given for it."""

    scope: str
    reason: str


def service_scopes(*, appraisal_id: int | None) -> dict[int, ScopeChoice]:
    """service id -> the scope this appraisal has set for it (only the services it has set one for)."""
    rows = ServiceScope.objects.filter(appraisal_id=appraisal_id).values_list("service_id", "scope", "reason")
    return {service_id: ScopeChoice(scope, reason) for service_id, scope, reason in rows}


def scope_in_appraisal(*, default: ScopeChoice, own: ScopeChoice | None) -> ScopeChoice:
    """The one rule for a service's scope in an appraisal: the appraisal's own choice if it has made one, else
    the service's default (seed 001 §2.3: key service, limited value or excluded, each with its reason)."""
    return own if own is not None else default


def service_scope_get(*, appraisal: Appraisal, service: Service) -> ScopeChoice:
    """One service's scope in the appraisal, by the rule above."""
    own = ServiceScope.objects.filter(appraisal=appraisal, service=service).values_list("scope", "reason").first()
    default = ScopeChoice(service.scope, service.scope_reason)
    return scope_in_appraisal(default=default, own=ScopeChoice(*own) if own else None)


def savings_range_list(*, appraisal: Appraisal) -> list[SavingsRange]:
    """The appraisal's savings ranges with their clusters (one query)."""
    return list(SavingsRange.objects.filter(appraisal=appraisal).select_related("cluster"))


def savings_range_last_change(savings: SavingsRange):
    """The newest history record of a savings range, found by its key so a removed range's is too."""
    return last_change(savings, appraisal_id=savings.appraisal_id, cluster_id=savings.cluster_id)
