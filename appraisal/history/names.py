"""What the history calls the councils, services, clusters, scenarios, options and criteria its records point at,
each read (one query) only when a page's records need it."""

from functools import cached_property

from appraisal.models import Appraisal, Criterion, Option, Scenario
from appraisal.summary.selectors import appraisal_councils
from services.models import ServiceCluster
from services.selectors import service_list


class Names:
    def __init__(self, appraisal: Appraisal):
        self.appraisal = appraisal

    @cached_property
    def _councils(self) -> dict[int, str]:
        return {c.pk: c.code for c in appraisal_councils(appraisal=self.appraisal)}

    @cached_property
    def _services(self) -> dict:
        return {s.pk: s for s in service_list()}

    @cached_property
    def _clusters(self) -> dict[int, str]:
        return dict(ServiceCluster.objects.values_list("pk", "name"))

    @cached_property
    def _scenarios(self) -> dict[int, str]:
        """Scenario pk -> its latest recorded name, so a renamed or deleted scenario's changes still read
        "Scenario Low · …"."""
        records = Scenario.history.filter(appraisal_id=self.appraisal.pk).order_by("history_date", "history_id")
        return dict(records.values_list("id", "name"))  # the last of each id wins

    @cached_property
    def _options(self) -> dict[int, str]:
        """Option pk -> its latest recorded name, as for scenarios."""
        records = Option.history.filter(appraisal_id=self.appraisal.pk).order_by("history_date", "history_id")
        return dict(records.values_list("id", "name"))

    @cached_property
    def _criteria(self) -> dict[int, str]:
        records = Criterion.history.filter(appraisal_id=self.appraisal.pk).order_by("history_date", "history_id")
        return dict(records.values_list("id", "name"))

    def option(self, pk) -> str:
        return self._options.get(pk, f"{pk} (removed)")

    def criterion(self, pk) -> str:
        return self._criteria.get(pk, f"{pk} (removed)")

    def council(self, pk) -> str:
        """The council's code; "" for none (a cost shared by all)."""
        return self._councils.get(pk, f"council {pk}") if pk else ""

    def service(self, pk) -> str:
        s = self._services.get(pk)
        return f"{s.cluster.name} · {s.name}" if s else f"service {pk} (removed)"

    def cluster(self, pk) -> str:
        return self._clusters.get(pk, f"cluster {pk} (removed)")

    def scenario(self, pk) -> str:
        return self._scenarios.get(pk, f"{pk} (removed)")
