"""What the options pages show: the ranked short list with the forms an officer uses (criteria, the preferred
option, adding an option), and one option's page (details, model per cluster, scores, cost lines, risks). As the
scenario editor's editor.py: forms as stored, or as posted (`bound`) with their errors, and the stale-edit
messages (`stale`) beside the form they refused; the error summary gathers both."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django import forms

from appraisal import formatting as fmt
from appraisal.calculations import options as opt
from appraisal.models import Appraisal, Option, Scenario
from appraisal.options import selectors
from appraisal.options.forms import (
    LABELS,
    CaseAddForm,
    ClusterModelsForm,
    CriteriaForm,
    CriterionAddForm,
    OptionAddForm,
    OptionDetailsForm,
    PreferredForm,
    RiskForm,
    ScoresForm,
)
from appraisal.scenarios.forms import LABELS as COST_LABELS
from appraisal.scenarios.forms import CostLineForm
from appraisal.scenarios.parts import LINE_FIELDS
from appraisal.scenarios.rows import exact, shown_money, shown_percent
from appraisal.summary.selectors import appraisal_councils
from services.models import ServiceCluster

RAG_LABELS = {opt.GREEN: "Green", opt.AMBER: "Amber", opt.RED: "Red"}
RISK_SHOWN = ("description", "category", "likelihood", "impact", "owner", "mitigation", "cost", "probability", "year")


@dataclass(frozen=True)
class RankedRow:
    """An option in the table: ranked, or (`ranked` None) only its figures while the ranking cannot be worked out."""

    option: Option
    figures: opt.OptionFigures
    ranked: opt.RankedOption | None = None

    @property
    def score_text(self) -> str:
        """The weighted score to one decimal place, half up (out of 100)."""
        return fmt.pct_number(self.ranked.weighted_score) if self.ranked else "–"

    @property
    def top_risks(self):
        return [(r, RAG_LABELS[r.rag]) for r in self.figures.top_risks]


@dataclass
class Ranking:
    """The ranked table, for both pages (the option page shows it as its results panel)."""

    appraisal: Appraisal
    view: selectors.OptionsView
    rows: list[RankedRow] = field(default_factory=list)

    @property
    def problem(self) -> str:
        return self.view.problem

    @property
    def weights_total(self) -> int:
        return sum(c.weight for c in self.view.criteria)

    @property
    def weights_wrong(self) -> bool:
        return self.weights_total != 100

    @property
    def councils(self):
        first = self.rows[0].figures.result if self.rows else None
        return [(c.code, c.name) for c in first.councils] if first else []

    @property
    def preferred(self) -> Option | None:
        return next((r.option for r in self.rows if r.ranked and r.ranked.preferred), None)

    @property
    def comparison(self):
        return self.view.comparison

    @property
    def has_do_minimum(self) -> bool:
        return selectors.has_do_minimum(self.view.options)


def ranking_build(*, appraisal: Appraisal, view: selectors.OptionsView | None = None) -> Ranking:
    """The ranked table; from `view` where the caller has already worked out the comparison (the dashboard shares
    one with its criteria matrix and chart), so it is worked out once a request."""
    view = view or selectors.options_comparison(appraisal=appraisal)
    ranking = Ranking(appraisal, view)
    by_name = {o.name: o for o in view.options}
    if view.comparison is not None:
        ranking.rows = [RankedRow(by_name[r.figures.name], r.figures, r) for r in view.comparison.options]
    else:
        ranking.rows = [RankedRow(by_name[name], f) for name, f in view.unranked.items()]
    return ranking


def _form_anchor(key: str) -> str:
    """Where a form's own errors (not a field's) are: its row, or its section."""
    if key == "criterion":
        return "criterion-new"
    return key if key.startswith(("cost-", "risk-")) else f"section-{key}"


def _errors_of(key: str, form: forms.Form | None, where: str, labels: dict) -> list[tuple[str, str]]:
    """(input id, message) for each error of a posted form, as the error summary names it."""
    if form is None or not form.is_bound or form.is_valid():
        return []
    out = []
    for name, errors in form.errors.items():
        anchor = f"id_{key}-{name}" if name in form.fields else _form_anchor(key)
        label = labels.get(name.split("-")[0], "") if name in form.fields else ""
        prefix = ": ".join(p for p in (where, label) if p)
        out += [(anchor, f"{prefix}: {e}" if prefix else e) for e in errors]
    return out


class _Page:
    """Forms as stored unless posted (bound) and the errors of those, for one page."""

    where: dict[str, str] = {}

    def __init__(self, *, appraisal: Appraisal, editable: bool, bound: dict | None, stale: dict | None):
        self.appraisal = appraisal
        self.editable = editable
        self.bound = bound or {}
        self.stale = stale or {}

    def _form(self, cls, key: str, initial: dict, **kwargs):
        if key in self.bound:
            return self.bound[key]
        return cls(initial=initial, auto_id=f"id_{key}-%s", **kwargs)

    def place(self, key: str) -> str:
        """What a form's errors are about, in the error summary: "Scores", "Risk", "New cost line"."""
        return self.where.get(key, self.where.get(key.split("-")[0], ""))

    @cached_property
    def errors(self) -> list[tuple[str, str]]:
        out = []
        for key, form in self.bound.items():
            out += _errors_of(key, form, self.place(key), {**COST_LABELS, **LABELS})
        for key, message in self.stale.items():
            where = self.place(key)
            out.append((key, f"{where}: {message}" if where else message))
        return out

    @cached_property
    def councils(self):
        return appraisal_councils(appraisal=self.appraisal)


class OptionsPage(_Page):
    """The options page: the ranked short list, the criteria, the preferred option and the form adding one."""

    where = {
        "criteria": "Criteria",
        "criterion": "New criterion",
        "preferred": "Preferred option",
        "add": "New option",
    }

    def __init__(self, *, ranking: Ranking, **kwargs):
        super().__init__(**kwargs)
        self.ranking = ranking

    @property
    def options(self) -> list[Option]:
        return self.ranking.view.options

    @cached_property
    def criteria_form(self) -> CriteriaForm:
        criteria = self.ranking.view.criteria
        initial = {f"name-{c.pk}": c.name for c in criteria} | {f"weight-{c.pk}": c.weight for c in criteria}
        return self._form(CriteriaForm, "criteria", initial, criteria=criteria)

    @cached_property
    def criteria_was(self) -> list[tuple[int, str, str]]:
        return [(c.pk, c.name, str(c.weight)) for c in self.ranking.view.criteria]

    @cached_property
    def criterion_form(self) -> CriterionAddForm:
        return self._form(CriterionAddForm, "criterion", {})

    @cached_property
    def preferred_form(self) -> PreferredForm:
        chosen = next((o for o in self.options if o.preferred), None)
        initial = {"option": chosen.pk if chosen else "", "reason": chosen.preferred_reason if chosen else ""}
        return self._form(PreferredForm, "preferred", initial, options=self.options)

    @cached_property
    def preferred_was(self) -> str:
        chosen = next((o for o in self.options if o.preferred), None)
        return str(chosen.pk) if chosen else ""

    @cached_property
    def add_form(self) -> OptionAddForm:
        return self._form(OptionAddForm, "add", {"delivery_model": opt.FEDERAL}, councils=self.councils)


def options_page_build(*, appraisal: Appraisal, editable: bool, bound=None, stale=None) -> OptionsPage:
    return OptionsPage(
        ranking=ranking_build(appraisal=appraisal), appraisal=appraisal, editable=editable, bound=bound, stale=stale
    )


@dataclass(frozen=True)
class CostRow:
    item: object
    form: CostLineForm
    was: dict
    figures: opt.CostLineFigures | None
    stale: str

    @property
    def anchor(self) -> str:
        return f"cost-{self.item.pk}"


@dataclass(frozen=True)
class RiskRow:
    risk: object
    form: RiskForm
    was: dict
    stale: str

    @property
    def anchor(self) -> str:
        return f"risk-{self.risk.pk}"

    @property
    def rag_label(self) -> str:
        return RAG_LABELS[self.risk.rag]


class OptionPage(_Page):
    """One option: its details, a mixed option's model per cluster, its scores, its central case's cost lines
    (with their Green Book bias) and its risk register, beside the ranked table."""

    where = {
        "details": "Details",
        "models": "Model per cluster",
        "scores": "Scores",
        "cost": "Cost line",
        "cost-new": "New cost line",
        "risk": "Risk",
        "risk-new": "New risk",
        "case": "Low or high case",
    }

    def __init__(self, *, option: Option, ranking: Ranking, **kwargs):
        super().__init__(**kwargs)
        self.option = option
        self.ranking = ranking

    bias_categories = opt.BIAS_CATEGORIES
    bias_source = opt.BIAS_SOURCE
    bias_rule = opt.BIAS_RULE

    @cached_property
    def row(self) -> RankedRow | None:
        return next((r for r in self.ranking.rows if r.option.pk == self.option.pk), None)

    @cached_property
    def scenarios(self) -> list[Scenario]:
        return list(self.option.scenarios.order_by("case"))

    @cached_property
    def central(self) -> Scenario | None:
        return next((s for s in self.scenarios if s.case == Scenario.Case.CENTRAL), None)

    @cached_property
    def other_cases(self) -> list[Scenario]:
        return [s for s in self.scenarios if s.case != Scenario.Case.CENTRAL]

    @cached_property
    def case_form(self) -> CaseAddForm | None:
        taken = {s.case for s in self.scenarios}
        if self.central is None or {Scenario.Case.LOW, Scenario.Case.HIGH} <= taken:
            return None
        form = self._form(CaseAddForm, "case", {})
        form.fields["case"].choices = [c for c in form.fields["case"].choices if c[0] not in taken]
        return form

    @property
    def years(self) -> list[int]:
        return list(self.central.period) if self.central else []

    @cached_property
    def details_form(self) -> OptionDetailsForm:
        o = self.option
        initial = {
            "name": o.name,
            "delivery_model": o.delivery_model,
            "lead_authority": o.lead_authority_id or "",
            "description": o.description,
            "savings_adjustment_pct": shown_percent(o.savings_adjustment_pct) if o.savings_adjustment_pct else "",
            "savings_adjustment_reason": o.savings_adjustment_reason,
        }
        return self._form(OptionDetailsForm, "details", initial, councils=self.councils)

    @cached_property
    def clusters(self) -> list[ServiceCluster]:
        return list(ServiceCluster.objects.filter(out_of_scope=False).order_by("position", "name"))

    @cached_property
    def models_form(self) -> ClusterModelsForm | None:
        if self.option.delivery_model != opt.MIXED:
            return None
        current = {m.cluster_id: m for m in self.option.cluster_models.all()}
        initial = {}
        for c in self.clusters:
            m = current.get(c.pk)
            initial[f"model-{c.pk}"] = m.delivery_model if m else ""
            initial[f"lead-{c.pk}"] = (m.lead_authority_id or "") if m else ""
        return self._form(ClusterModelsForm, "models", initial, clusters=self.clusters, councils=self.councils)

    @cached_property
    def models_was(self) -> list[tuple[int, str, str]]:
        current = {m.cluster_id: m for m in self.option.cluster_models.all()}
        out = []
        for c in self.clusters:
            m = current.get(c.pk)
            out.append((c.pk, m.delivery_model if m else "", str(m.lead_authority_id or "") if m else ""))
        return out

    @cached_property
    def criteria(self):
        return list(self.option.appraisal.criteria.all())

    @cached_property
    def scores(self) -> dict:
        return {s.criterion_id: s for s in self.option.scores.all()}

    @cached_property
    def scores_form(self) -> ScoresForm:
        initial = {}
        for c in self.criteria:
            s = self.scores.get(c.pk)
            initial[f"score-{c.pk}"] = str(s.score) if s else ""
            initial[f"reason-{c.pk}"] = s.reason if s else ""
        return self._form(ScoresForm, "scores", initial, criteria=self.criteria)

    @cached_property
    def scores_was(self) -> list[tuple[int, str, str]]:
        out = []
        for c in self.criteria:
            if not c.is_financial:
                s = self.scores.get(c.pk)
                out.append((c.pk, str(s.score) if s else "", s.reason if s else ""))
        return out

    @cached_property
    def financial_criterion(self):
        return next((c for c in self.criteria if c.is_financial), None)

    @cached_property
    def costs(self) -> list[CostRow]:
        if self.central is None:
            return []
        figures = self.row.figures.cost_lines if self.row else ()
        rows = []
        for i, item in enumerate(self.central.cost_items.select_related("council")):
            key = f"cost-{item.pk}"
            values = {
                "category": item.category,
                "description": item.description,
                "year": item.year,
                "amount": shown_money(item.amount),
                "council": item.council_id or "",
                "bias_category": item.bias_category,
                "mitigated_pct": shown_percent(item.mitigated_pct) if item.mitigated_pct else "",
                "recurring": item.recurring,
                "last_year": item.last_year or "",
            }
            was = {name: exact(getattr(item, name)) for name in LINE_FIELDS if name not in ("low", "high")}
            form = self._form(CostLineForm, key, values, years=self.years, councils=self.councils)
            line = figures[i] if i < len(figures) else None
            rows.append(CostRow(item, form, was, line, self.stale.get(key, "")))
        return rows

    @cached_property
    def cost_new(self) -> CostLineForm | None:
        if self.central is None:
            return None
        initial = {"year": self.central.first_year, "council": "", "category": "running_cost"}
        return self._form(CostLineForm, "cost-new", initial, years=self.years, councils=self.councils)

    @cached_property
    def risks(self) -> list[RiskRow]:
        rows = []
        for risk in self.option.risks.all():
            key = f"risk-{risk.pk}"
            values = {
                "description": risk.description,
                "category": risk.category,
                "likelihood": risk.likelihood,
                "impact": risk.impact,
                "owner": risk.owner,
                "mitigation": risk.mitigation,
                "cost": shown_money(risk.cost),
                "probability": shown_percent(risk.probability),
                "year": risk.year or "",
            }
            was = {name: exact(getattr(risk, name)) for name in RISK_SHOWN}
            form = self._form(RiskForm, key, values, years=self.years)
            rows.append(RiskRow(risk, form, was, self.stale.get(key, "")))
        return rows

    @cached_property
    def risk_new(self) -> RiskForm:
        return self._form(RiskForm, "risk-new", {"likelihood": 3, "impact": 3}, years=self.years)


def option_page_build(*, option: Option, editable: bool, bound=None, stale=None) -> OptionPage:
    return OptionPage(
        option=option,
        ranking=ranking_build(appraisal=option.appraisal),
        appraisal=option.appraisal,
        editable=editable,
        bound=bound,
        stale=stale,
    )
