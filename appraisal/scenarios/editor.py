"""What the scenario editor shows: its small forms (one per assumption or row) and the recalculated figures.

`editor_build` reads the scenario in a fixed handful of queries (however many services the appraisal has),
runs the calculation module once, and lays out one form per section or row. A form that came back with
errors, or was refused as stale, is passed in (`bound`, `stale`) so the page shows what the editor typed
and why it was not saved, beside the field, while every other form shows what is stored.
"""

from decimal import Decimal
from functools import cached_property

from django import forms

from appraisal.calculations import CalculationError
from appraisal.calculations import scenario as scen
from appraisal.models import Scenario, ScenarioCluster
from appraisal.scenarios.forms import (
    LABELS,
    ClusterForm,
    ClusterPhaseForm,
    CostForm,
    DetailsForm,
    NameForm,
    PeriodForm,
    PhaseForm,
    RateForm,
    SharingForm,
    YearAddForm,
)
from appraisal.scenarios.parts import COST_FIELDS
from appraisal.scenarios.rows import (
    ClusterPhaseCell,
    ClusterPhaseRow,
    ClusterRow,
    CostRow,
    PhaseRow,
    exact,
    shown_money,
    shown_percent,
)
from appraisal.scenarios.selectors import appraisal_plan, clusters_by_name, scenario_assumptions, scenarios_prefetch
from appraisal.summary.selectors import appraisal_figures
from councils import financial_years
from services.models import ServiceCluster


class Editor:
    """The editor's forms and figures. Each section's forms are built when first used, so an HTMX answer that
    shows one row and the panel does not pay for the forms of the whole page."""

    def __init__(self, *, scenario, figures, result, error, bound, stale, structure_savings=None):
        self.scenario = scenario
        self.appraisal = scenario.appraisal
        self.figures = figures
        self.result = result
        self.error = error
        self.bound = bound
        self.stale = stale
        self.last_key = ""  # the form just posted, if any
        self.has_cluster_phasing = False
        # An option's scenario whose option has a proposed structure: each cluster's full-year saving from the
        # structures (all councils), whichever savings point the cluster takes. None: no structures to take from.
        self.structure_savings: dict[str, Decimal] | None = structure_savings

    @property
    def councils(self):
        return self.figures.councils

    @property
    def years(self) -> list[int]:
        return list(self.scenario.period)

    @property
    def can_add_year(self) -> bool:
        return self.scenario.years < scen.MAX_YEARS

    @property
    def can_remove_year(self) -> bool:
        return self.scenario.years > scen.MIN_YEARS

    def _form(self, cls, key: str, initial: dict, **kwargs):
        if key in self.bound:
            return self.bound[key]
        return cls(initial=initial, auto_id=f"id_{key}-%s", **kwargs)

    @cached_property
    def was(self) -> dict[str, dict]:
        """Section -> the values its form shows, sent back so a colleague's change to them is noticed."""
        s = self.scenario
        was = {
            "details": {name: exact(getattr(s, name)) for name in DetailsForm.fields_saved},
            "period": {"first_year": exact(s.first_year), "years": exact(s.years)},
            "discount_rate": {"discount_rate": exact(s.discount_rate)},
            "optimism_bias": {"optimism_bias": exact(s.optimism_bias)},
            "sharing": {"savings_basis": s.savings_basis, "costs_basis": s.costs_basis},
        }
        for (applies_to, council_id), value in self._shares.items():
            was["sharing"][f"share:{applies_to}:{council_id}"] = exact(value)
        for applies_to in ("savings", "costs"):
            for council in self.councils:
                was["sharing"].setdefault(f"share:{applies_to}:{council.pk}", "")
        return was

    @cached_property
    def details(self) -> DetailsForm:
        return self._form(DetailsForm, "details", {n: getattr(self.scenario, n) for n in DetailsForm.fields_saved})

    @cached_property
    def period(self) -> PeriodForm:
        initial = {"first_year": financial_years.label(self.scenario.first_year), "years": self.scenario.years}
        return self._form(PeriodForm, "period", initial)

    @cached_property
    def rates(self) -> dict[str, RateForm]:
        return {
            name: self._form(RateForm, name, {"value": shown_percent(getattr(self.scenario, name))})
            for name in ("discount_rate", "optimism_bias")
        }

    @cached_property
    def clusters(self) -> list[ClusterRow]:
        return self._cluster_rows()

    def _cluster_rows(self, only: str = "") -> list[ClusterRow]:
        """Each cluster's row in the summary's order (`only`: the row with that anchor, if any, to answer its edit
        without building the others' forms)."""
        scenarios_prefetch([self.scenario])  # nothing to do once scenario_assumptions has read them
        settings = {s.cluster.name: s for s in self.scenario.cluster_settings.all()}
        clusters = {name: s.cluster for name, s in settings.items()}
        missing = [c.name for c in self.figures.summary.clusters if c.name not in clusters]
        if missing:  # clusters the scenario has no setting for yet (in, at the midpoint)
            clusters.update(clusters_by_name(names=missing))
        plans = {p.name: p for p in self.result.clusters} if self.result else {}
        return [
            self._cluster_row(summary, clusters[summary.name], settings.get(summary.name), plans.get(summary.name))
            for summary in self.figures.summary.clusters
            if not only or f"cluster-{clusters[summary.name].pk}" == only
        ]

    def _cluster_row(self, summary, cluster: ServiceCluster, setting: ScenarioCluster | None, plan) -> ClusterRow:
        setting = setting or ScenarioCluster(cluster=cluster, included=True)
        key, custom = f"cluster-{cluster.pk}", setting.custom_value
        was = {"included": "1" if setting.included else "", "point": setting.point, "custom_value": exact(custom)}
        initial = {
            "included": setting.included,
            "point": setting.point,
            "custom_value": shown_money(custom) if setting.point == "amount" else shown_percent(custom),
        }
        structure = self.scenario.option_id is not None
        form = None if summary.out_of_scope else self._form(ClusterForm, key, initial, structure=structure)
        return ClusterRow(cluster, summary, form, was, plan, self.stale.get(key, ""))

    @cached_property
    def phases(self) -> list[PhaseRow]:
        entered = {p.year: p.percent for p in self.scenario.phases.all() if p.cluster_id is None}
        rows = []
        for year in self.years:
            key = f"phase-{year}"
            percent = entered.get(year)
            shown = percent if percent is not None else Decimal(100)
            form = self._form(PhaseForm, key, {"percent": shown_percent(shown)})
            last = year == self.years[-1]
            rows.append(PhaseRow(year, form, year in entered, exact(percent), self.stale.get(key, ""), last))
        return rows

    @cached_property
    def cluster_phases(self) -> list[ClusterPhaseRow]:
        """Each in-scope cluster's own phasing by year (blank where it follows the phasing for every cluster)."""
        own = {(p.cluster_id, p.year): p.percent for p in self.scenario.phases.all() if p.cluster_id is not None}
        self.has_cluster_phasing = bool(own)
        rows = []
        for row in self.clusters:
            if row.form is None:
                continue  # out of scope: no saving to phase
            cells = []
            for year in self.years:
                key = f"cphase-{row.cluster.pk}-{year}"
                percent = own.get((row.cluster.pk, year))
                form = self._form(ClusterPhaseForm, key, {"percent": shown_percent(percent)})
                cells.append(ClusterPhaseCell(row.cluster, year, form, exact(percent), self.stale.get(key, "")))
            rows.append(ClusterPhaseRow(row.cluster, cells))
        return rows

    @property
    def cluster_phasing_open(self) -> bool:
        """Show the clusters' own phasing when there is some, or when it was just edited."""
        stale = any(cell.stale for row in self.cluster_phases for cell in row.cells)
        return self.has_cluster_phasing or self.last_key.startswith("cphase-") or stale

    @cached_property
    def year_add(self) -> YearAddForm:
        return self._form(YearAddForm, "year-add", {"percent": "100"})

    @cached_property
    def costs(self) -> list[CostRow]:
        rows = []
        for item in self.scenario.cost_items.all():
            key = f"cost-{item.pk}"
            values = {
                "category": item.category,
                "description": item.description,
                "year": item.year,
                "amount": shown_money(item.amount),
                "low": shown_money(item.low),
                "high": shown_money(item.high),
                "council": item.council_id or "",
            }
            item_was = {name: exact(getattr(item, name)) for name in COST_FIELDS}
            form = self._form(CostForm, key, values, years=self.years, councils=self.councils)
            rows.append(CostRow(item, form, item_was, self.stale.get(key, "")))
        return rows

    @cached_property
    def cost_new(self) -> CostForm:
        initial = {"year": self.scenario.first_year, "council": ""}
        return self._form(CostForm, "cost-new", initial, years=self.years, councils=self.councils)

    @cached_property
    def _shares(self) -> dict:
        return {(s.applies_to, s.council_id): s.percent for s in self.scenario.custom_shares.all()}

    @cached_property
    def sharing(self) -> SharingForm:
        initial = {"savings_basis": self.scenario.savings_basis, "costs_basis": self.scenario.costs_basis}
        for applies_to in ("savings", "costs"):
            for council in self.councils:
                initial[f"{applies_to}-{council.pk}"] = shown_percent(self._shares.get((applies_to, council.pk)))
        return self._form(SharingForm, "sharing", initial, councils=self.councils)

    @cached_property
    def clone(self) -> NameForm:
        return self._form(NameForm, "clone", {"name": f"{self.scenario.name} (copy)"})

    @cached_property
    def errors(self) -> list[tuple[str, str]]:
        """(input id, message) for the error summary: each posted form's errors, and each stale edit."""
        out = []
        for key, form in self.bound.items():
            out += _errors_of(key, form, self.where(key))
        for key, message in self.stale.items():
            where = self.where(key)
            anchor = key if key.startswith(("cluster-", "phase-", "cphase-", "cost-")) else f"section-{key}"
            if key.startswith("cost-") and self.row(key) is None:
                anchor = "section-costs"  # the cost was removed meanwhile
            out.append((anchor, f"{where}: {message}" if where else message))
        return out

    def row(self, key: str):
        """The cluster, phasing or cost row with that anchor (building only that kind of row)."""
        kind = key.split("-")[0]
        if kind == "cphase":
            cells = [cell for row in self.cluster_phases for cell in row.cells]
            return next((c for c in cells if c.anchor == key), None)
        if kind == "cluster" and "clusters" not in self.__dict__:
            return next(iter(self._cluster_rows(only=key)), None)
        kind = {"cluster": "clusters", "phase": "phases", "cost": "costs"}.get(kind)
        return next((r for r in getattr(self, kind) if r.anchor == key), None) if kind else None

    def where(self, key: str) -> str:
        """What a form's errors are about, in the error summary: "Corporate Services", "Phasing 2013/14"."""
        if key in SECTIONS:
            return SECTIONS[key]
        row = self.row(key)
        if row is not None:
            return row.where
        kind = key.split("-")[0]
        if kind in ("phase", "cphase"):  # a year no longer in the period
            return f"Phasing {financial_years.label(int(key.split('-')[-1]))}"
        return {"cluster": "Cluster", "cost": "Cost"}.get(kind, "")


# What the error summary calls the forms that are not a row of a table.
SECTIONS = {
    "status": "Status",
    "cost-new": "New cost",
    "discount_rate": "Discount rate",
    "optimism_bias": "Optimism bias",
    "year-add": "New year",
    "clone": "Copy",
}


def _errors_of(key: str, form: forms.Form | None, where: str) -> list[tuple[str, str]]:
    """(input id, message) for each error of a posted form, named as the error summary shows it."""
    if form is None or not form.is_bound or form.is_valid():
        return []
    out = []
    for name, errors in form.errors.items():
        anchor = f"id_{key}-{name}" if name in form.fields else f"section-{key}"
        label = LABELS.get(name, "") if name in form.fields else ""
        prefix = ": ".join(p for p in (where, label) if p)
        out += [(anchor, f"{prefix}: {e}" if prefix else e) for e in errors]
    return out


def editor_build(
    *, scenario: Scenario, with_sensitivity: bool = False, bound: dict | None = None, stale: dict | None = None
) -> Editor:
    """The editor for one scenario: its forms as stored (or as posted, for `bound` ones) and its figures."""
    figures = appraisal_figures(appraisal=scenario.appraisal, with_baselines=False)  # it shows none of them
    result, error, structure_savings = None, "", None
    try:
        plan = appraisal_plan(appraisal=scenario.appraisal, figures=figures)
        assumptions = scenario_assumptions(scenario=scenario, plan=plan, summary=figures.summary)
        structure_savings = _structure_savings(scenario, assumptions)
        result = scen.model(figures.summary, assumptions, with_sensitivity=with_sensitivity)
    except CalculationError as exc:
        error = str(exc)
    return Editor(
        scenario=scenario,
        figures=figures,
        result=result,
        error=error,
        bound=bound or {},
        stale=stale or {},
        structure_savings=structure_savings,
    )


def _structure_savings(scenario: Scenario, assumptions: scen.Assumptions) -> dict[str, Decimal] | None:
    """Each cluster's full-year saving from the option's structures (scenario_assumptions worked them out), or None
    for a scenario of its own or an option without a proposed structure."""
    if scenario.option_id is None or not assumptions.structure_savings:
        return None
    return {name: sum(by_council.values(), Decimal(0)) for name, by_council in assumptions.structure_savings.items()}
