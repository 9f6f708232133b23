"""Writes of issue 20's simulation settings: one service writes an appraisal's SimulationSettings (restoring the
defaults is a write of the defaults, so the History page lists it as a change like any other)."""

from django.db import transaction

from appraisal.calculations import simulation_types as st
from appraisal.models import Appraisal, SimulationSettings
from appraise.writes import check_row_version, save_if_changed

FIELDS = ("runs", "seed", "shape", "correlation", "slip_none", "slip_one", "slip_two", "spread", "gap_share")

# The stored defaults, read from their one home (simulation_types.py).
DEFAULTS = {
    "runs": st.DEFAULT_RUNS,
    "seed": st.DEFAULT_SEED,
    "shape": st.DEFAULT_SHAPE,
    "correlation": st.DEFAULT_CORRELATION,
    "slip_none": st.DEFAULT_SLIPPAGE[0],
    "slip_one": st.DEFAULT_SLIPPAGE[1],
    "slip_two": st.DEFAULT_SLIPPAGE[2],
    "spread": st.DEFAULT_SPREAD,
    "gap_share": st.DEFAULT_GAP_SHARE,
}


@transaction.atomic
def simulation_settings_set(
    *, appraisal: Appraisal, user=None, version: int | None = None, **values
) -> SimulationSettings:
    """Set an appraisal's simulation settings (any of FIELDS; those not given keep their value, the defaults for a
    first save). Refused with a ValidationError naming the field (runs outside the limits, a correlation outside 0
    to 1, slippage chances not adding up to 100%), and with StaleEdit if a colleague saved since `version` (0: the
    form showed the defaults, nothing saved yet)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not a simulation setting: {', '.join(sorted(unknown))}")
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    row = SimulationSettings.objects.select_for_update().filter(appraisal=appraisal).first()
    check_row_version(row, version, gone=SimulationSettings(appraisal=appraisal, version=0))
    if row is None:
        row = SimulationSettings(appraisal=appraisal)
        if all(DEFAULTS[name] == value for name, value in values.items()):
            return row  # the defaults, which hold with no row: nothing to save, nor to list on the History page
    save_if_changed(row, values, user=user)
    return row
