"""Where an appraisal's baselines came from when it was started from published figures (issue 21): MHCLG's Revenue
Outturn, a year of it, under the Open Government Licence; and the service areas a council's tier does not provide
(a district's education), marked as such rather than as nil."""

from django.db import models

from councils.models import Council
from services.models import Service

from .appraisal import Appraisal


class BaselineSource(models.Model):
    """The published dataset an appraisal's baselines were taken from: the cabinet report's background papers
    list it, and the pages that show its figures carry its licence statement."""

    appraisal = models.OneToOneField(Appraisal, on_delete=models.CASCADE, related_name="baseline_source")
    dataset = models.CharField(max_length=300, help_text="The dataset's title, as its publisher gives it.")
    publisher = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(help_text="The financial year the baselines are from: 2024 means 2024/25.")
    licence = models.CharField(max_length=300, help_text="The statement the licence asks for.")
    url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.appraisal}: {self.dataset}"


class NotProvided(models.Model):
    """A service in an appraisal that a council's tier of local government does not provide: no baseline, and
    shown as "Not provided by this tier" rather than £0."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="not_provided")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "council", "service"], name="not_provided_once_per_council_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council.code} does not provide {self.service.name}"
