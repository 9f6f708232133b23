"""What the benefits page shows: the register, each benefit with its measure, baseline, target, owner, latest reading
and RAG status, and the forms that add and change benefits and record readings. As the staffing page's pages.py:
forms as stored, or as posted (`bound`) with their errors, and the refusals (`stale`) beside the benefit they
refused; the error summary gathers both. Each benefit's latest reading and status are benefit_list's (one rule for
the page, the monitoring report and the command: calculations/realisation.py benefit_status)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django import forms

from appraisal.calculations import realisation as rl
from appraisal.formatting import measured
from appraisal.models import Appraisal, Benefit, BenefitReading
from appraisal.options.selectors import options_list
from appraisal.realisation.benefit_forms import LABELS, BenefitForm, ReadingForm, benefit_initial
from appraisal.realisation.benefit_selectors import BenefitState, benefit_list
from appraisal.summary.selectors import appraisal_councils
from appraise.writes import last_change
from services.models import ServiceCluster

RAG_TEXT = {rl.GREEN: "Green", rl.AMBER: "Amber", rl.RED: "Red"}
WHERE = {"benefit-new": "New benefit", "benefit": "Benefit", "reading": "Reading"}


@dataclass(frozen=True)
class BenefitRow:
    benefit: Benefit
    latest: BenefitReading | None
    status: rl.BenefitStatus
    form: BenefitForm | None  # the benefit's form while it is changed
    reading_form: ReadingForm | None  # None: this user only reads
    stale: str

    @property
    def key(self) -> str:
        return f"benefit-{self.benefit.pk}"

    @property
    def rag_text(self) -> str:
        return RAG_TEXT.get(self.status.rag, "")

    @property
    def baseline_shown(self) -> str:
        return measured(self.benefit.baseline_value, self.benefit.unit)

    @property
    def target_shown(self) -> str:
        return measured(self.benefit.target_value, self.benefit.unit)

    @property
    def latest_shown(self) -> str:
        return measured(self.latest.value, self.benefit.unit) if self.latest else ""

    @property
    def value_label(self) -> str:
        return f"Value ({self.benefit.unit})" if self.benefit.unit.strip() else "Value"


def errors_of(key: str, form: forms.Form | None, where: str) -> list[tuple[str, str]]:
    """(input id, message) for each error of a posted form, as the error summary names it."""
    if form is None or not form.is_bound or form.is_valid():
        return []
    out = []
    for name, errors in form.errors.items():
        anchor = f"id_{key}-{name}" if name in form.fields else f"{key}-form"
        prefix = ": ".join(p for p in (where, LABELS.get(name, "") if name in form.fields else "") if p)
        out += [(anchor, f"{prefix}: {e}") for e in errors]
    return out


class BenefitsPage:
    rag_rule = rl.RAG_RULE

    def __init__(self, *, appraisal: Appraisal, editable: bool, edit=None, bound=None, stale=None):
        self.appraisal = appraisal
        self.editable = editable
        self.edit = edit  # the benefit whose form is open
        self.bound = bound or {}
        self.stale = stale or {}

    # --- What is read -------------------------------------------------------------------------------------

    @cached_property
    def states(self) -> list[BenefitState]:
        return benefit_list(appraisal=self.appraisal)

    @cached_property
    def benefits(self) -> list[Benefit]:
        return [s.benefit for s in self.states]

    @cached_property
    def options(self):
        return [o for o in options_list(appraisal=self.appraisal) if not o.business_as_usual]

    @cached_property
    def councils(self):
        return appraisal_councils(appraisal=self.appraisal)

    @cached_property
    def clusters(self) -> list[ServiceCluster]:
        chosen = list(ServiceCluster.objects.filter(out_of_scope=False).order_by("position", "name"))
        used = {b.cluster for b in self.benefits if b.cluster} - set(chosen)
        return chosen + sorted(used, key=lambda c: c.name)

    def _form(self, cls, key: str, initial: dict, **kwargs):
        if key in self.bound:
            return self.bound[key]
        return cls(initial=initial, auto_id=f"id_{key}-%s", **kwargs)

    def benefit_form(self, key: str, benefit: Benefit | None) -> BenefitForm:
        initial = {"kind": Benefit.Kind.NON_FINANCIAL}
        if benefit is not None:
            record = last_change(benefit)
            initial = benefit_initial(benefit) | {"seen": record.history_id if record else ""}
        return self._form(
            BenefitForm, key, initial, options=self.options, clusters=self.clusters, councils=self.councils
        )

    # --- Each benefit -------------------------------------------------------------------------------------

    def row_of(self, state: BenefitState) -> BenefitRow:
        benefit = state.benefit
        key = f"benefit-{benefit.pk}"
        form = None
        if self.editable and (key in self.bound or benefit.pk == self.edit):
            form = self.benefit_form(key, benefit)
        reading_form = self._form(ReadingForm, f"reading-{benefit.pk}", {}) if self.editable else None
        return BenefitRow(benefit, state.latest, state.status, form, reading_form, self.stale.get(key, ""))

    @cached_property
    def rows(self) -> list[BenefitRow]:
        return [self.row_of(s) for s in self.states]

    def row(self, benefit_pk: int) -> BenefitRow | None:
        return next((r for r in self.rows if r.benefit.pk == benefit_pk), None)

    @cached_property
    def new_form(self) -> BenefitForm:
        return self.benefit_form("benefit-new", None)

    @cached_property
    def errors(self) -> list[tuple[str, str]]:
        out = []
        for key, form in self.bound.items():
            out += errors_of(key, form, _where(key))
        for key, message in self.stale.items():
            where = _where(key)
            out.append((key, f"{where}: {message}" if where else message))
        return out


def _where(key: str) -> str:
    return WHERE.get(key, WHERE.get(key.split("-")[0], ""))


def benefits_page_build(*, appraisal: Appraisal, editable: bool, edit=None, bound=None, stale=None) -> BenefitsPage:
    return BenefitsPage(appraisal=appraisal, editable=editable, edit=edit, bound=bound, stale=stale)
