"""How sure are these figures (issue 20): an appraisal's simulation settings, set by its officers. The rules (the
shapes, the limits on runs, the defaults) have their home in appraisal/calculations/simulation_types.py; this model
stores an appraisal's choice within them. No row: the defaults."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from appraisal.calculations import simulation_types as st

ERR_RUNS = f"Enter a number of runs between {st.MIN_RUNS:,} and {st.MAX_RUNS:,}"
ERR_CORRELATION = "Enter a correlation between 0 and 1, like 0.5"
ERR_SLIP = "Enter a chance between 0% and 100%"
ERR_SLIP_SUM = "The chances of no delay, one year's delay and two years' delay must add up to 100%"
ERR_SPREAD = "Enter a range between 0% and 100%"
ERR_GAP_SHARE = "Enter a share of the gap between 1% and 100%"

SLIP_FIELDS = ("slip_none", "slip_one", "slip_two")


def _between(low, high, message: str) -> list:
    message = message.replace("%", "%%")  # a validator's message is %-formatted with its limit
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


def _pct(default: Decimal, low, message: str, **kwargs) -> models.DecimalField:
    # Wider than the values allowed, so a figure far out of range is refused once, with the message saying the range.
    return models.DecimalField(
        max_digits=7, decimal_places=2, default=default, validators=_between(low, 100, message), **kwargs
    )


class SimulationSettings(models.Model):
    """How an appraisal's scenarios are simulated: the number of runs and the seed, the shape every range is drawn
    with, how closely the clusters' savings move together, the chances of the savings slipping a year or two, the
    range around a figure given alone, and the share of each council's funding gap its savings are tested against."""

    appraisal = models.OneToOneField(
        "appraisal.Appraisal", on_delete=models.CASCADE, related_name="simulation_settings"
    )
    runs = models.PositiveIntegerField(default=st.DEFAULT_RUNS, validators=_between(st.MIN_RUNS, st.MAX_RUNS, ERR_RUNS))
    seed = models.PositiveIntegerField(default=st.DEFAULT_SEED, help_text="The same seed gives the same results.")
    shape = models.CharField(max_length=20, choices=st.SHAPES, default=st.DEFAULT_SHAPE)
    correlation = models.DecimalField(
        max_digits=7, decimal_places=2, default=st.DEFAULT_CORRELATION, validators=_between(0, 1, ERR_CORRELATION)
    )
    slip_none = _pct(st.DEFAULT_SLIPPAGE[0], 0, ERR_SLIP, verbose_name="chance of no delay (%)")
    slip_one = _pct(st.DEFAULT_SLIPPAGE[1], 0, ERR_SLIP, verbose_name="chance of one year's delay (%)")
    slip_two = _pct(st.DEFAULT_SLIPPAGE[2], 0, ERR_SLIP, verbose_name="chance of two years' delay (%)")
    spread = _pct(st.DEFAULT_SPREAD, 0, ERR_SPREAD, verbose_name="range around a single figure (± %)")
    gap_share = _pct(st.DEFAULT_GAP_SHARE, 1, ERR_GAP_SHARE, verbose_name="share of the funding gap tested (%)")
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to refuse stale edits.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "simulation settings"
        verbose_name_plural = "simulation settings"

    def __str__(self) -> str:
        return f"Simulation settings: {self.appraisal}"

    def clean(self) -> None:
        chances = [getattr(self, name) for name in SLIP_FIELDS]
        if all(isinstance(c, Decimal | int) for c in chances) and sum(chances) != 100:
            raise ValidationError({"slip_none": ERR_SLIP_SUM})

    def uncertainty(self) -> st.Uncertainty:
        """The settings as the simulation takes them."""
        return st.Uncertainty(
            runs=self.runs,
            seed=self.seed,
            shape=self.shape,
            correlation=Decimal(self.correlation),
            slippage=tuple(Decimal(getattr(self, name)) for name in SLIP_FIELDS),
            spread=Decimal(self.spread),
            gap_share=Decimal(self.gap_share),
        )
