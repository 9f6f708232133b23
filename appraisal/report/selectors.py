"""Reads for the cabinet report: its settings, and everything the report shows, gathered once.

The figures come from the dashboard's own selector (`appraisal_dashboard`) and charts (`dashboard_charts`),
so the report shows the very figures, tables and images the dashboard shows for the same scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from appraisal.charts import dashboard_charts
from appraisal.models import Appraisal, CabinetReport, Scenario
from appraisal.report.defaults import ReportFacts, default_sections
from appraisal.report.text import markdown_to_html
from appraisal.scenarios.selectors import scenario_get
from appraisal.summary.dashboard import MAX_COMPARED, Dashboard, appraisal_dashboard
from councils import financial_years

ZERO = Decimal(0)


def cabinet_report_get(*, appraisal: Appraisal) -> CabinetReport:
    """The appraisal's report settings; an unsaved one with the defaults if nobody has saved any yet."""
    try:
        return CabinetReport.objects.select_related("presenting_council", "scenario", "updated_by").get(
            appraisal=appraisal
        )
    except CabinetReport.DoesNotExist:
        return CabinetReport(appraisal=appraisal, meeting_date=appraisal.report_date)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: str  # Markdown: the officer's, or the generated text
    generated: str  # the generated Markdown
    html: str  # sanitised HTML of `text`

    @property
    def is_generated(self) -> bool:
        return self.text == self.generated


@dataclass(frozen=True)
class BaselineAppendix:
    """Appendix A: net budgets by service (rows) and council (columns), and each council's totals."""

    councils: list  # Council objects, in table order
    clusters: list[
        dict
    ]  # {"name", "out_of_scope", "nets": [per council], "total", "rows": [{"service", "scope", ...}]}
    nets: list[Decimal]  # each council's total net budget
    total: Decimal
    council_totals: list[dict]  # {"name", "gross", "net", "fte", "third_party"}


@dataclass(frozen=True)
class ScopeRow:
    """One cluster's row in a scope table, as seed 001 §2.3 sets it out: its services and, once each, the reasons
    given for them (the approaches to realise value, or the challenge to integrating them)."""

    cluster: str
    services: list[str]
    reasons: list[str]


@dataclass(frozen=True)
class ReportData:
    appraisal: Appraisal
    report: CabinetReport
    dashboard: Dashboard
    title: str
    presenting_council: str
    cabinet_members: list[str]
    directors: list[str]
    sections: dict[str, Section]
    charts: dict[str, str]
    baselines: BaselineAppendix
    key_services: list[ScopeRow] = field(default_factory=list)
    other_services: list[ScopeRow] = field(default_factory=list)
    cost_items: list = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        return not self.report.is_final

    @property
    def partners(self) -> str:
        names = [c.name for c in self.dashboard.figures.councils]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _baseline_appendix(figures) -> BaselineAppendix:
    """One row per service with each council's net budget, grouped by cluster: a table that stays a few pages
    long for ten councils (one table per council and measure would be dozens of pages, slow to print and read)."""
    councils = figures.councils
    index = {c.id: i for i, c in enumerate(councils)}
    clusters: dict[str, dict] = {}
    services: dict[int, dict] = {}
    totals = {c.id: {"name": c.name, "gross": ZERO, "net": ZERO, "fte": ZERO, "third_party": ZERO} for c in councils}
    for row in figures.baselines:
        name = row.cluster
        cluster = clusters.setdefault(
            name,
            {
                "name": _cluster_label(name, row.cluster_out_of_scope),
                "out_of_scope": row.cluster_out_of_scope,
                "rows": [],
                "nets": [ZERO] * len(councils),
                "total": ZERO,
            },  # fmt: skip
        )
        service = services.get(row.service_id)
        if service is None:
            service = services[row.service_id] = {
                "service": row.service, "scope": row.scope, "nets": [None] * len(councils), "total": ZERO
            }  # fmt: skip
            cluster["rows"].append(service)
        net = row.net_budget or ZERO
        i = index[row.council_id]
        service["nets"][i] = net
        service["total"] += net
        cluster["nets"][i] += net
        cluster["total"] += net
        t = totals[row.council_id]
        t["gross"] += row.gross_budget or ZERO
        t["net"] += net
        t["fte"] += row.fte or ZERO
        t["third_party"] += row.third_party_spend or ZERO
    nets = [totals[c.id]["net"] for c in councils]
    return BaselineAppendix(councils, list(clusters.values()), nets, sum(nets, ZERO), list(totals.values()))


def _cluster_label(name: str, out_of_scope: bool) -> str:
    """A cluster's name in the report, saying it is out of scope unless its name already does."""
    return name if not out_of_scope or "out of scope" in name.lower() else f"{name} (out of scope)"


def _scope_rows(figures) -> tuple[list[ScopeRow], list[ScopeRow]]:
    """The key services by cluster, and the rest (limited value, excluded, out-of-scope clusters) by cluster:
    the two scope tables of seed 001 §2.3, in the order of the appraisal's clusters and services."""
    key: dict[str, tuple[list, dict]] = {}
    other: dict[str, tuple[list, dict]] = {}
    seen: set[int] = set()
    for row in figures.baselines:
        if row.service_id in seen:
            continue
        seen.add(row.service_id)
        cluster, name = row.cluster, row.service
        if row.cluster_out_of_scope:
            services, reasons = other.setdefault(_cluster_label(cluster, True), ([], {}))
        elif row.scope == "key":
            services, reasons = key.setdefault(cluster, ([], {}))
        else:
            services, reasons = other.setdefault(cluster, ([], {}))
            if row.scope == "excluded":
                name = f"{name} (excluded)"
        services.append(name)
        reason = (row.scope_reason or "").strip()
        if reason:
            reasons.setdefault(reason, None)  # a dict keeps the reasons once each, in order

    def rows(groups):
        return [ScopeRow(cluster, services, list(reasons)) for cluster, (services, reasons) in groups.items()]

    return rows(key), rows(other)


def cabinet_report_data(*, appraisal: Appraisal, scenario_name: str | None = None) -> ReportData:
    """Everything the report shows. `scenario_name` overrides the report's main scenario (the command's
    --scenario); raises Scenario.DoesNotExist for a name the appraisal has not got, and CalculationError."""
    report = cabinet_report_get(appraisal=appraisal)
    scenario: Scenario | None = scenario_get(appraisal=appraisal, name=scenario_name) if scenario_name else None
    scenario = scenario or report.scenario
    compared = list(report.compared_scenarios.values_list("pk", flat=True)) if report.pk else []
    if compared and scenario is not None:
        compared = [scenario.pk] + [pk for pk in compared if pk != scenario.pk]
    dashboard = appraisal_dashboard(
        appraisal=appraisal, scenario_id=scenario.pk if scenario else None, compare_ids=compared[:MAX_COMPARED]
    )
    figures = dashboard.figures
    council_names = [c.name for c in figures.councils]
    presenting = report.presenting_council.name if report.presenting_council_id else council_names[0]
    facts = ReportFacts(
        title=report.title or appraisal.title,
        councils=council_names,
        presenting_council=presenting,
        meeting=report.meeting or "Cabinet",
        base_year=financial_years.label(appraisal.base_year),
        deficit_year=financial_years.label(appraisal.deficit_year),
        summary=figures.summary,
        scenario_name=dashboard.scenario.name if dashboard.result else None,
        scenario_period=dashboard.scenario.period_label if dashboard.scenario else "",
        result=dashboard.result,
        compared=_compared_results(dashboard),
    )
    generated = default_sections(facts)
    sections = {}
    for key, heading in CabinetReport.SECTIONS:
        text = getattr(report, key) or generated[key]
        sections[key] = Section(key, heading, text, generated[key], markdown_to_html(text))
    charts = dashboard_charts(dashboard)
    key_services, other_services = _scope_rows(figures)
    return ReportData(
        appraisal=appraisal,
        report=report,
        dashboard=dashboard,
        title=facts.title,
        presenting_council=presenting,
        cabinet_members=_lines(report.cabinet_members),
        directors=_lines(report.directors),
        sections=sections,
        charts=charts,
        baselines=_baseline_appendix(figures),
        key_services=key_services,
        other_services=other_services,
        cost_items=list(dashboard.scenario.cost_items.all()) if dashboard.result else [],
    )


def _compared_results(dashboard: Dashboard) -> list:
    """The compared scenarios' results, for the implementation-cost range in the text (already calculated)."""
    if not dashboard.comparison:
        return []
    return [(s.name, r) for s, r in zip(dashboard.compared, dashboard.compared_results, strict=True)]
