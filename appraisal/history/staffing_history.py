"""The change history of an appraisal's staffing structures (issue 18): its grades, the posts of today's structure
and of each option's proposed one, and each option's staff consultation steps, read from django-simple-history's
records like the options in option_history.py beside it. A post is named by its latest recorded title and where it
sits ("Today's structure" or the option's name), so a removed post's changes still read as it was."""

from functools import cached_property

from django.db.models import Q

from appraisal.calculations import staffing as staff
from appraisal.history.names import Names
from appraisal.history.option_history import _number, _parts
from appraisal.history.records import Table, rows_for
from appraisal.history.scenario_history import _choice, _money, _percent, _text, _yes_no
from appraisal.models import Appraisal, ConsultationStep, Grade, Post

GRADE_FIELDS = (
    ("name", "Name", _text),
    ("average_age", "Average age", _number),
    ("average_years_service", "Average years of service", _number),
)


def _pk(value):
    """A foreign key as a diff gives it (its key) or as a record's attribute gives it (the row)."""
    return getattr(value, "pk", value)


def _post_fields(names: Names) -> tuple:
    return (
        ("title", "Title", _text),
        ("council", "Employing council", lambda v: names.council(_pk(v)) or "(none)"),
        ("cluster", "Cluster", lambda v: names.cluster(_pk(v)) if v else "(none)"),
        ("grade", "Grade", lambda v: _grades(names).get(_pk(v), "(removed)") if v else "(none)"),
        ("fte", "FTE", _number),
        ("salary", "Salary", _money),
        ("on_cost_pct", "On-costs", _percent),
        ("cost_split", "Cost shared", _choice(staff.COST_SPLITS)),
        ("shares", "Named shares", lambda value: staff.shares_text(value or {}) or "(none)"),
        ("holder_age", "Postholder's age", _number),
        ("holder_years_service", "Postholder's years of service", _number),
        ("pension_member", "Pension scheme", _yes_no("In the pension scheme", "Not in the pension scheme")),
    )


class _StaffingNames:
    """Grade and post names from their latest records, read once per page."""

    def __init__(self, appraisal: Appraisal):
        self.appraisal = appraisal

    @cached_property
    def grades(self) -> dict[int, str]:
        records = Grade.history.filter(appraisal_id=self.appraisal.pk).order_by("history_date", "history_id")
        return dict(records.values_list("id", "name"))


def _grades(names: Names) -> dict[int, str]:
    if not hasattr(names, "_staffing"):
        names._staffing = _StaffingNames(names.appraisal)
    return names._staffing.grades


def _where(names: Names, option_id) -> str:
    return f"Option {names.option(option_id)}" if option_id else "Today's structure"


def _grades_rows(records, names: Names, only) -> list:
    what = lambda r: f"Staffing · Grade {r.name}"  # noqa: E731
    return rows_for(records, GRADE_FIELDS, what, kind="staffing", brief=GRADE_FIELDS[:1], only=only)


def _posts(records, names: Names, only) -> list:
    fields = _post_fields(names)
    what = lambda r: f"Staffing · {_where(names, r.option_id)} · Post {r.title}"  # noqa: E731
    return rows_for(records, fields, what, kind="staffing", brief=fields[:1], only=only)


STEP_FIELDS = (("done_on", "Done on", lambda d: d.strftime("%-d %B %Y") if d else "Not yet"), ("note", "Note", _text))


def _steps(records, names: Names, only) -> list:
    labels = dict(staff.CONSULTATION_STEPS)
    what = lambda r: f"Option {names.option(r.option_id)} · Consultation: {labels.get(r.step, r.step)}"  # noqa: E731
    return rows_for(records, STEP_FIELDS, what, kind="staffing", brief=STEP_FIELDS[:1], only=only)


def _own(appraisal: Appraisal) -> Q:
    return Q(appraisal_id=appraisal.pk)


# The staffing structures' audited tables, listed with the figures' in selectors.py.
TABLES = (
    Table("staffing", Grade, _own, _grades_rows),
    Table("staffing", Post, _own, _posts),
    Table("staffing", ConsultationStep, _parts, _steps),
)
