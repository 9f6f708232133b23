"""The change history of an appraisal's benefits realisation (issue 19): Cabinet's decision as recorded, the
benefits register, each benefit's readings of its measure, and the savings delivered and costs incurred by council,
cluster and year, read from django-simple-history's records like the staffing structures in staffing_history.py
beside it. A benefit is named by its latest recorded name, so a renamed or removed benefit's changes still read as it
was."""

from functools import cached_property

from django.db.models import Q

from appraisal.history.names import Names
from appraisal.history.records import Table, rows_for
from appraisal.history.scenario_history import _choice, _money, _number, _text, _year, _yes_no
from appraisal.history.staffing_history import _pk
from appraisal.models import Appraisal, ApprovedFigures, Benefit, BenefitReading, SavingActual
from councils import financial_years

KIND = "realisation"


def _day(value) -> str:
    """14 March 2011."""
    return "(none)" if value is None else value.strftime("%-d %B %Y")


DECISION_FIELDS = (
    ("meeting", "Meeting", _text),
    ("approved_on", "Date of the decision", _day),
    ("scenario", "Scenario approved", _text),
)
READING_FIELDS = (("value", "Reading", _number), ("note", "Note", _text))
ACTUAL_FIELDS = (
    ("savings", "Savings delivered", _money),
    ("costs", "Costs incurred", _money),
    ("before_appraisal", "Delivered", _yes_no("Before the appraisal", "Under the appraisal")),
    ("note", "Note", _text),
)


def _benefit_fields(names: Names) -> tuple:
    return (
        ("name", "Name", _text),
        ("kind", "Kind", _choice(Benefit.Kind.choices)),
        ("option", "Option", lambda v: names.option(_pk(v)) if v else "(all options)"),
        ("cluster", "Cluster", lambda v: names.cluster(_pk(v)) if v else "(none)"),
        ("measure", "Measure", _text),
        ("unit", "Unit", _text),
        ("baseline_value", "Baseline", _number),
        ("baseline_date", "Baseline date", _day),
        ("target_value", "Target", _number),
        ("due_year", "Due", _year),
        ("owner_council", "Owner's council", lambda v: names.council(_pk(v)) or "(none)"),
        ("owner_role", "Owner's role", _text),
        ("how_measured", "How it is measured", _text),
        ("frequency", "How often", _choice(Benefit.Frequency.choices)),
        ("evidence", "Evidence", _text),
    )


class _BenefitNames:
    """Benefit names from their latest records, read once per page."""

    def __init__(self, appraisal: Appraisal):
        self.appraisal = appraisal

    @cached_property
    def benefits(self) -> dict[int, str]:
        records = Benefit.history.filter(appraisal_id=self.appraisal.pk).order_by("history_date", "history_id")
        return dict(records.values_list("id", "name"))  # the last of each id wins


def _benefit(names: Names, pk) -> str:
    if not hasattr(names, "_benefits"):
        names._benefits = _BenefitNames(names.appraisal)
    return names._benefits.benefits.get(pk, f"{pk} (removed)")


def _decisions(records, names: Names, only) -> list:
    return rows_for(records, DECISION_FIELDS, lambda r: "Cabinet's decision", kind=KIND, only=only)


def _benefits(records, names: Names, only) -> list:
    fields = _benefit_fields(names)
    what = lambda r: f"Benefit {_benefit(names, r.id)}"  # noqa: E731
    return rows_for(records, fields, what, kind=KIND, brief=fields[:2], only=only)


def _readings(records, names: Names, only) -> list:
    what = lambda r: f"Benefit {_benefit(names, r.benefit_id)} · Reading of {_day(r.taken_on)}"  # noqa: E731
    return rows_for(records, READING_FIELDS, what, kind=KIND, brief=READING_FIELDS[:1], only=only)


def _actuals(records, names: Names, only) -> list:
    def what(r) -> str:
        place = f"{names.council(r.council_id)} · {names.cluster(r.cluster_id)} · {financial_years.label(r.year)}"
        return f"Actual {place}"

    return rows_for(
        records, ACTUAL_FIELDS, what, kind=KIND, council=lambda r: names.council(r.council_id),
        brief=ACTUAL_FIELDS[:2], only=only,
    )  # fmt: skip


def _own(appraisal: Appraisal) -> Q:
    return Q(appraisal_id=appraisal.pk)


def _readings_of(appraisal: Appraisal) -> Q:
    """A reading's records: those of every benefit the appraisal has had."""
    return Q(benefit_id__in=Benefit.history.filter(appraisal_id=appraisal.pk).values("id"))


# Benefits realisation's audited tables, listed with the figures' in selectors.py.
TABLES = (
    Table(KIND, ApprovedFigures, _own, _decisions),
    Table(KIND, Benefit, _own, _benefits),
    Table(KIND, BenefitReading, _readings_of, _readings),
    Table(KIND, SavingActual, _own, _actuals, by_council=True),
)
