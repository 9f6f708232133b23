"""Reads for the baselines feature: the scope each service has in an appraisal."""

from dataclasses import dataclass

from appraisal.models import ServiceScope


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
