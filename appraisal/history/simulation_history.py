"""The change history of an appraisal's simulation settings (issue 20): how its "How sure are these figures?" results
are worked out, read from django-simple-history's records like the benefits realisation in realisation_history.py
beside it. An appraisal with no saved settings uses the defaults, so its first save reads as a change from them
("Correlation between service clusters: 0.50 → 0.80"), not as a list of every setting."""

from dataclasses import replace
from decimal import Decimal

from django.db.models import Q

from appraisal.calculations import simulation_types as st
from appraisal.history.names import Names
from appraisal.history.records import CREATED, HistoryRow, Table, rows_for
from appraisal.models import Appraisal, SimulationSettings
from appraisal.simulation.services import DEFAULTS  # what an appraisal with no saved settings uses

KIND = "simulation"
WHAT = "Simulation settings"

# The shapes' short names: "PERT", "Triangular" (the settings page's labels explain them).
SHAPE_NAMES = {value: label.split(" (")[0] for value, label in st.SHAPES}


def _shape(value) -> str:
    return SHAPE_NAMES.get(value, str(value or "(none)"))


def _whole(value) -> str:
    return "(none)" if value is None else f"{int(value):,}"


def _seed(value) -> str:
    return "(none)" if value is None else str(value)


def _correlation(value) -> str:
    """Two decimal places, as stored: 0.50."""
    return "(none)" if value is None else f"{Decimal(value):.2f}"


def _percent(value) -> str:
    return "(none)" if value is None else f"{Decimal(value).normalize():,f}%"


def _plus_minus(value) -> str:
    return "(none)" if value is None else f"±{Decimal(value).normalize():,f}%"


FIELDS = (
    ("runs", "Number of runs", _whole),
    ("seed", "Random seed", _seed),
    ("shape", "Distribution shape", _shape),
    ("correlation", "Correlation between service clusters", _correlation),
    ("slip_none", "Chance of no delay", _percent),
    ("slip_one", "Chance of a one-year delay", _percent),
    ("slip_two", "Chance of a two-year delay", _percent),
    ("spread", "Range around a single figure", _plus_minus),
    ("gap_share", "Share of each council's funding gap tested", _percent),
)


def _from_defaults(row: HistoryRow, record) -> list[HistoryRow]:
    """A first save's row, as each setting it changed from the defaults; "Created" if it changed none."""
    changed = [
        replace(row, field=label, old=show(DEFAULTS[name]), new=show(getattr(record, name)), action="changed")
        for name, label, show in FIELDS
        if getattr(record, name) != DEFAULTS[name]
    ]
    return changed or [row]


def _settings(records, names: Names, only) -> list[HistoryRow]:
    records = list(records)
    first_saves = {r.history_id: r for r in records if r.history_type == CREATED}
    rows = rows_for(records, FIELDS, lambda r: WHAT, kind=KIND, brief=(), only=only)
    out = []
    for row in rows:
        if row.action == "created" and row.ref in first_saves:
            out += _from_defaults(row, first_saves[row.ref])
        else:
            out.append(row)
    return out


def _own(appraisal: Appraisal) -> Q:
    return Q(appraisal_id=appraisal.pk)


# The simulation settings' audited table, listed with the figures' in selectors.py.
TABLES = (Table(KIND, SimulationSettings, _own, _settings),)
