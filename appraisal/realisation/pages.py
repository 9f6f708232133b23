"""What the realisation page shows: the plan monitored (the scenario Cabinet approved, or before a decision the first
shown to members), its savings against those delivered by year, by council over its own membership years and by
cluster, each with its RAG status in words; the costs; savings delivered before the appraisal, shown apart; and for
officers the form to record an actual and the actuals recorded, each changeable. As the staffing page's pages.py:
forms as stored or as posted (`bound`) with their errors, stale-edit messages (`stale`) beside what they refused,
the error summary gathering both. The figures are realisation_overview's, read once a request."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.calculations import realisation as rl
from appraisal.calculations.summary import pct
from appraisal.models import Appraisal, SavingActual
from appraisal.realisation.forms import LABELS, ActualForm, actual_initial
from appraisal.realisation.selectors import approved_get, realisation_overview
from appraisal.scenarios.selectors import clusters_by_name
from councils.financial_years import label

NO_PLAN = (
    "There is no plan to monitor yet: no scenario has been shown to members. Once one is, its savings are the "
    "plan that delivery is measured against."
)
RAG_WORDS = {rl.GREEN: "Green", rl.AMBER: "Amber", rl.RED: "Red"}
WHERE = {"actual-new": "Record savings delivered", "actual": "Recorded savings"}


@dataclass(frozen=True)
class Status:
    """A RAG status in words (never colour alone): rag ("green", "amber", "red" or ""), its word, and the % of the
    plan delivered where there is one."""

    rag: str
    text: str
    achieved: str = ""


def delivery_status(rag: str | None, actual: Decimal, planned: Decimal, *, recorded: bool) -> Status:
    if rag is not None:
        return Status(rag, RAG_WORDS[rag], f"{fmt.pct(pct(actual, planned))} of the plan")
    return Status("", "No saving planned" if recorded else "Not recorded")


@dataclass(frozen=True)
class YearRow:
    year: rl.RealisationYear
    status: Status
    key: str  # the row's id: "year-2014", "council-EHC-2014"

    @property
    def label(self) -> str:
        return label(self.year.year)


def year_rows(years, prefix: str = "year") -> list[YearRow]:
    """Each year with its status: the running position of the years recorded so far against their plan."""
    rows, planned_recorded = [], Decimal(0)
    for y in years:
        if y.actual is not None:
            planned_recorded += y.planned
        status = delivery_status(y.rag, y.cumulative_actual, planned_recorded, recorded=y.actual is not None)
        rows.append(YearRow(y, status, f"{prefix}-{y.year}"))
    return rows


@dataclass(frozen=True)
class DeliveryRow:
    """A council or a cluster with its delivery against plan."""

    key: str
    name: str
    delivery: rl.Delivery
    membership: str = ""
    years: tuple[YearRow, ...] = ()

    @property
    def status(self) -> Status:
        d = self.delivery
        recorded = d.rag is not None or d.actual != 0 or d.planned_to_date != 0
        return delivery_status(d.rag, d.actual, d.planned_to_date, recorded=recorded)


def membership_text(join_year: int | None, leave_year: int | None) -> str:
    """ "Partner from 2014/15", "Left after 2016/17", both, or "Partner from the start"."""
    joined = f"Partner from {label(join_year)}" if join_year is not None else ""
    if leave_year is None:
        return joined or "Partner from the start"
    return f"{joined}, left after {label(leave_year)}" if joined else f"Left after {label(leave_year)}"


@dataclass(frozen=True)
class ActualRow:
    actual: SavingActual
    form: ActualForm | None  # the row's form while it is changed
    stale: str

    @property
    def key(self) -> str:
        return f"actual-{self.actual.pk}"

    @property
    def year_label(self) -> str:
        return label(self.actual.year)


class RealisationPage:
    def __init__(self, *, appraisal: Appraisal, editable: bool, edit: int | None = None, bound=None, stale=None):
        self.appraisal = appraisal
        self.editable = editable
        self.edit = edit  # the recorded actual whose row is open for changing
        self.bound = bound or {}
        self.stale = stale or {}
        self.rag_rule = rl.RAG_RULE

    @cached_property
    def _read(self) -> tuple[rl.Realisation | None, str]:
        try:
            overview = realisation_overview(appraisal=self.appraisal)
        except CalculationError as exc:
            return None, str(exc)
        return overview, "" if overview is not None else NO_PLAN

    @property
    def overview(self) -> rl.Realisation | None:
        return self._read[0]

    @property
    def problem(self) -> str:
        return self._read[1]

    @cached_property
    def plan_text(self) -> str:
        o = self.overview
        if o.approved:
            return f"The plan approved by Cabinet: scenario {o.scenario}"
        return f"Not yet approved: the plan is scenario {o.scenario} as it stands"

    @cached_property
    def decision(self):
        return approved_get(appraisal=self.appraisal)

    @cached_property
    def years(self) -> list[YearRow]:
        return year_rows(self.overview.years)

    @cached_property
    def total(self) -> DeliveryRow:
        return DeliveryRow("total", "All partners", self.overview.delivery)

    @cached_property
    def councils(self) -> list[DeliveryRow]:
        return [
            DeliveryRow(
                f"council-{c.code}",
                c.name,
                c.delivery,
                membership_text(c.join_year, c.leave_year),
                tuple(year_rows(c.years, f"council-{c.code}")),
            )
            for c in self.overview.councils
        ]

    @cached_property
    def clusters(self) -> list[DeliveryRow]:
        return [DeliveryRow(f"cluster-{i}", c.name, c.delivery) for i, c in enumerate(self.overview.clusters, 1)]

    # --- Recording actuals --------------------------------------------------------------------------------------

    @cached_property
    def cluster_choices(self) -> list:
        names = [c.name for c in self.overview.clusters] if self.overview else []
        by_name = clusters_by_name(names=names)
        return [by_name[n] for n in names if n in by_name]

    def form_kwargs(self) -> dict:
        o = self.overview
        return {
            "partners": o.councils if o else (),
            "clusters": self.cluster_choices,
            "years": [y.year for y in o.years] if o else (),
        }

    @cached_property
    def new_form(self) -> ActualForm | None:
        if not (self.editable and self.overview):
            return None
        return self.bound.get("actual-new") or ActualForm(auto_id="id_actual-new-%s", **self.form_kwargs())

    @cached_property
    def actuals(self) -> list[SavingActual]:
        return list(self.appraisal.actuals.select_related("council", "cluster"))

    @cached_property
    def actual_rows(self) -> list[ActualRow]:
        rows = []
        for a in self.actuals:
            key = f"actual-{a.pk}"
            form = self.bound.get(key)
            if form is None and self.editable and self.overview and a.pk == self.edit:
                form = ActualForm(initial=actual_initial(a), auto_id=f"id_{key}-%s", row=a, **self.form_kwargs())
            rows.append(ActualRow(a, form, self.stale.get(key, "")))
        return rows

    @cached_property
    def errors(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: each refused field, then each stale edit."""
        out = []
        for key, form in self.bound.items():
            where = WHERE.get(key, WHERE["actual"])
            for name, errors in form.errors.items():
                anchor = f"id_{key}-{name}" if name in form.fields else f"{key}-form"
                prefix = ": ".join(p for p in (where, LABELS.get(name, "")) if p)
                out += [(anchor, f"{prefix}: {e}") for e in errors]
        rows = {row.key for row in self.actual_rows}
        out += [(f"{key}-stale" if key in rows else key, message) for key, message in self.stale.items()]
        return out


def realisation_page_build(**kwargs) -> RealisationPage:
    return RealisationPage(**kwargs)
