"""Reads of what an appraisal started from the published outturn holds: where its baselines came from, and which
services each council's tier does not provide."""

from dataclasses import dataclass

from appraisal.models import Appraisal, BaselineSource, NotProvided
from councils.models import Council
from services.models import Baseline


def baseline_source_of(*, appraisal: Appraisal) -> BaselineSource | None:
    """The published dataset the appraisal's baselines came from; None for one entered by hand or by workbook."""
    return BaselineSource.objects.filter(appraisal=appraisal).first()


def not_provided_of(*, appraisal: Appraisal) -> set[tuple[int, int]]:
    """(council id, service id) of every service a partner's tier does not provide: shown as such, not as £0."""
    return set(NotProvided.objects.filter(appraisal=appraisal).values_list("council_id", "service_id"))


@dataclass(frozen=True)
class Started:
    """What an appraisal started from the published figures holds, as the command reports it."""

    councils: list[Council]
    services: int
    baselines: int
    not_provided: int


def started_of(*, appraisal: Appraisal) -> Started:
    councils = [m.council for m in appraisal.memberships.select_related("council")]
    service_ids = list(appraisal.service_scopes.values_list("service_id", flat=True))
    baselines = Baseline.objects.filter(council__in=councils, service_id__in=service_ids, year=appraisal.base_year)
    return Started(councils, len(service_ids), baselines.count(), appraisal.not_provided.count())
