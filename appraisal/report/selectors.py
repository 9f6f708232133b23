"""Reads for the cabinet report: its settings, everything the report shows (gathered once), and its PDFs.

The figures come from the dashboard's own selector (`appraisal_dashboard`) and charts (`dashboard_charts`),
so the report shows the very figures, tables and images the dashboard shows for the same scenario.

The report presents only scenarios shown to members, never a draft (issue 15): the one chosen (else the first
shown), compared with exactly those ticked in its settings (the first four shown until the settings are saved).
Its per-council shares of the savings range are shared on the presented scenario's own savings basis, so the
summary, the tables, the charts and the appendix tell one story.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from appraisal import calculations as calc
from appraisal.calculations.scenario_types import SharingBasis
from appraisal.charts import dashboard_charts
from appraisal.formatting import and_list
from appraisal.models import Appraisal, CabinetReport, CabinetReportPdf, Scenario
from appraisal.options.charts import options_chart
from appraisal.options.selectors import options_comparison
from appraisal.report.defaults import NO_SCENARIO, ReportFacts, default_sections
from appraisal.report.options import ReportOptions, report_options
from appraisal.report.peers import AppraisalPeers, appendix_letter, report_peers
from appraisal.report.simulation import ReportSimulation, report_simulation
from appraisal.report.staffing import StaffingSection, staffing_implications
from appraisal.report.tables import BaselineAppendix, ScopeRow, baseline_appendix, scope_rows
from appraisal.report.text import markdown_to_html
from appraisal.report.wording import Wording, wording_of
from appraisal.scenarios.selectors import scenario_assumptions, scenarios_shown
from appraisal.summary.dashboard import MAX_COMPARED, Dashboard, appraisal_dashboard
from councils import financial_years


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
    key_services: tuple[ScopeRow, ...] = ()
    other_services: tuple[ScopeRow, ...] = ()
    cost_items: list = field(default_factory=list)
    compared_ids: tuple[int, ...] = ()  # the scenarios ticked to compare (the first four shown until saved)
    shown: tuple[Scenario, ...] = ()  # the scenarios shown to members: those the settings may choose
    wording: Wording = NO_SCENARIO
    options: ReportOptions | None = None  # the options considered, business as usual and at least one more
    options_problem: str = ""  # why the options could not be compared (the preview tells those who may edit)
    staffing: StaffingSection | None = None  # the presented option's staffing implications (issue 18)
    staffing_problem: str = ""  # why the staffing structures could not be worked out
    simulation: ReportSimulation | None = None  # how sure the presented scenario's figures are (issue 20)
    simulation_problem: str = ""  # why they could not be simulated
    peers: AppraisalPeers | None = None  # against similar councils, where the baselines came from published figures

    @property
    def is_draft(self) -> bool:
        return not self.report.is_final

    @property
    def peers_letter(self) -> str:
        return appendix_letter(leavers=bool(self.staffing and self.staffing.leavers))

    @property
    def partners(self) -> str:
        return and_list([c.name for c in self.dashboard.figures.councils])

    @property
    def generated(self) -> dict[str, str]:
        """Each section's text as generated from the figures."""
        return {key: section.generated for key, section in self.sections.items()}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _scenarios(
    appraisal: Appraisal, report: CabinetReport, scenario_name: str | None
) -> tuple[Scenario | None, tuple[int, ...], tuple[Scenario, ...]]:
    """The scenario presented, those ticked to compare, and all those shown to members; drafts are never among
    them. Raises Scenario.DoesNotExist for a name no scenario shown to members has."""
    shown = tuple(scenarios_shown(appraisal=appraisal))
    by_pk = {s.pk: s for s in shown}
    if scenario_name:
        wanted = scenario_name.strip().lower()
        main = next((s for s in shown if s.name.lower() == wanted), None)
        if main is None:
            raise Scenario.DoesNotExist(f"No scenario {scenario_name!r} is shown to members.")
    else:
        main = by_pk.get(report.scenario_id) or (shown[0] if shown else None)
    if report.pk:
        saved = set(report.compared_scenarios.values_list("pk", flat=True))
        ticked = tuple(s.pk for s in shown if s.pk in saved)
    else:
        ticked = tuple(s.pk for s in shown[:MAX_COMPARED])
    return main, ticked, shown


def _dashboard(appraisal: Appraisal, main: Scenario | None, ticked: tuple[int, ...]) -> Dashboard:
    """The dashboard's figures for the scenario presented, compared with exactly the ticked scenarios (the presented
    one first if ticked; a comparison needs two)."""
    compared = list(ticked)
    if main is not None and main.pk in compared:
        compared = [main.pk] + [pk for pk in compared if pk != main.pk]
    dashboard = appraisal_dashboard(
        appraisal=appraisal, scenario_id=main.pk if main else None, compare_ids=compared or ([main.pk] if main else [])
    )
    if main is None:
        dashboard = replace(dashboard, scenario=None, result=None, error="")
    if len(compared) < 2 or dashboard.error:
        dashboard = replace(dashboard, compared=[], comparison=[], compared_results=[])
    return dashboard


def _shared_on(dashboard: Dashboard, basis: SharingBasis | None) -> Dashboard:
    """The dashboard with each council's share of the savings range on the presented scenario's savings basis
    (the summary's own, pro rata to the councils' net budgets in each cluster, when none is presented)."""
    if basis is None:
        return dashboard
    figures = dashboard.figures
    summary = calc.summarise(figures.data, savings_basis=basis)
    return replace(dashboard, figures=replace(figures, summary=summary))


def cabinet_report_data(*, appraisal: Appraisal, scenario_name: str | None = None) -> ReportData:
    """Everything the report shows. `scenario_name` overrides the report's main scenario (the command's
    --scenario); raises Scenario.DoesNotExist for a name no scenario shown to members has, and CalculationError."""
    report = cabinet_report_get(appraisal=appraisal)
    main, ticked, shown = _scenarios(appraisal, report, scenario_name)
    dashboard = _dashboard(appraisal, main, ticked)
    options, options_problem = _options(appraisal, dashboard)
    staffing, staffing_problem = staffing_implications(
        appraisal=appraisal, figures=dashboard.figures, plan=dashboard.plan, options=options
    )
    # On the dashboard's figures, before they are shared on the scenario's basis: as the dashboard's section.
    simulation, simulation_problem = report_simulation(appraisal=appraisal, dashboard=dashboard)
    basis = (
        scenario_assumptions(scenario=dashboard.scenario, summary=dashboard.figures.summary).savings_basis
        if dashboard.result
        else None
    )
    dashboard = _shared_on(dashboard, basis)
    cost_items = list(dashboard.scenario.cost_items.all()) if dashboard.result else []
    wording = _wording(appraisal, dashboard, basis, cost_items)
    facts = replace(
        _facts(appraisal, report, dashboard, wording),
        options=options,
        options_npv_basis=options.npv_basis if options else "",
    )
    key_services, other_services = scope_rows(dashboard.figures)
    return ReportData(
        appraisal=appraisal,
        report=report,
        dashboard=dashboard,
        title=facts.title,
        presenting_council=facts.presenting_council,
        cabinet_members=_lines(report.cabinet_members),
        directors=_lines(report.directors),
        sections=_sections(report, default_sections(facts)),
        charts=dashboard_charts(dashboard)
        | ({"options": options.chart} if options else {})
        | ({"fan": simulation.chart} if simulation else {}),
        baselines=baseline_appendix(dashboard.figures),
        key_services=key_services,
        other_services=other_services,
        cost_items=cost_items,
        compared_ids=ticked,
        shown=shown,
        wording=wording,
        options=options,
        options_problem=options_problem,
        staffing=staffing,
        staffing_problem=staffing_problem,
        simulation=simulation,
        simulation_problem=simulation_problem,
        peers=report_peers(appraisal=appraisal),
    )


def _options(appraisal: Appraisal, dashboard: Dashboard) -> tuple[ReportOptions | None, str]:
    """The options considered, worked out once for the report on the dashboard's figures (before they are shared on
    the presented scenario's basis: each option shares on its own). None while business as usual is the only option
    with figures: the report then leaves the section out. The problem, if the comparison cannot be made."""
    view = options_comparison(appraisal=appraisal, figures=dashboard.figures)
    if view.comparison is None:
        return None, view.problem if len(view.options) > 1 else ""
    if len(view.comparison.options) < 2:
        return None, ""
    return report_options(view, options_chart(view.comparison)), ""


def cabinet_report_data_or_404(*, appraisal: Appraisal, scenario_name: str | None = None) -> ReportData:
    """The report's data for a page, where ?scenario=NAME presents another of the appraisal's scenarios shown to
    members: 404 for a name it has not got, or a draft's. Raises CalculationError."""
    try:
        return cabinet_report_data(appraisal=appraisal, scenario_name=scenario_name)
    except Scenario.DoesNotExist as exc:
        raise Http404("The appraisal has no scenario of that name.") from exc


def _wording(appraisal: Appraisal, dashboard: Dashboard, basis: SharingBasis | None, cost_items: list) -> Wording:
    """The sentences that say what the presented scenario's figures are (appraisal/report/wording.py)."""
    scenario, result = dashboard.scenario, dashboard.result
    return wording_of(
        scenario_name=scenario.name if result else None,
        result=result,
        basis=basis,
        councils=[(c.code, c.name) for c in dashboard.figures.councils],
        optimism_bias=scenario.optimism_bias if result else None,
        discount_rate=scenario.discount_rate if result else None,
        costs_stated=any(c.low is not None or c.high is not None for c in cost_items),
    )


def _facts(appraisal: Appraisal, report: CabinetReport, dashboard: Dashboard, wording: Wording) -> ReportFacts:
    """What the generated text says besides the figures: the cover's settings, or their defaults."""
    figures = dashboard.figures
    council_names = [c.name for c in figures.councils]
    return ReportFacts(
        title=report.title or appraisal.title,
        councils=council_names,
        presenting_council=report.presenting_council.name if report.presenting_council_id else council_names[0],
        meeting=report.meeting or "Cabinet",
        base_year=financial_years.label(appraisal.base_year),
        deficit_year=financial_years.label(appraisal.deficit_year),
        summary=figures.summary,
        scenario_name=dashboard.scenario.name if dashboard.result else None,
        scenario_period=dashboard.scenario.period_label if dashboard.scenario else "",
        result=dashboard.result,
        compared=_compared_results(dashboard),
        wording=wording,
    )


def _sections(report: CabinetReport, generated: dict[str, str]) -> dict[str, Section]:
    """Each text section: the officer's text where they have written one, else the text generated from the figures."""
    sections = {}
    for key, heading in CabinetReport.SECTIONS:
        text = getattr(report, key) or generated[key]
        sections[key] = Section(key, heading, text, generated[key], markdown_to_html(text))
    return sections


def _compared_results(dashboard: Dashboard) -> list:
    """The compared scenarios' results, for the implementation-cost range in the text (already calculated)."""
    if not dashboard.comparison:
        return []
    return [(s.name, r) for s, r in zip(dashboard.compared, dashboard.compared_results, strict=True)]


# --- The PDF: rows of CabinetReportPdf, each under the fingerprint of the report's HTML (render.report_fingerprint)

# The columns that hold the files, loaded only when asked for: a row's HTML (until its PDF is made) and its PDF.
PDF_FILES = ("html", "pdf")
# A PDF still preparing after this long gets a word that it is slow, and why it might be.
SLOW_AFTER_SECONDS = 60


def cabinet_report_pdf_get(*, appraisal: Appraisal, fingerprint: str, with_pdf: bool = False) -> CabinetReportPdf:
    """The appraisal's PDF of that fingerprint (DoesNotExist if none); the PDF's bytes only if asked for."""
    rows = CabinetReportPdf.objects.filter(appraisal=appraisal, fingerprint=fingerprint)
    return rows.defer("html").get() if with_pdf else rows.defer(*PDF_FILES).get()


def cabinet_report_pdf_get_or_404(*, appraisal: Appraisal, fingerprint: str, with_pdf: bool = False):
    """The PDF of that fingerprint for a page: 404 if the appraisal has none."""
    try:
        return cabinet_report_pdf_get(appraisal=appraisal, fingerprint=fingerprint, with_pdf=with_pdf)
    except CabinetReportPdf.DoesNotExist as exc:
        raise Http404("No such cabinet report PDF.") from exc


@dataclass(frozen=True)
class PdfStatus:
    """Where a PDF has got to, as its status shows it (appraisal/report/download.html#report-status)."""

    appraisal: Appraisal
    pdf: CabinetReportPdf
    state: str  # "preparing", "slow" (preparing for over SLOW_AFTER_SECONDS), "ready" or "failed"

    @classmethod
    def of(cls, *, appraisal: Appraisal, pdf: CabinetReportPdf) -> PdfStatus:
        state = pdf.status
        if pdf.status == CabinetReportPdf.Status.PREPARING:
            waited = (timezone.now() - pdf.requested_at).total_seconds()
            state = "slow" if waited > SLOW_AFTER_SECONDS else "preparing"
        return cls(appraisal, pdf, state)

    @property
    def size_kb(self) -> int:
        return max(1, self.pdf.size // 1024)

    @property
    def status_url(self) -> str:
        return reverse("cabinet_report_pdf_status", args=[self.appraisal.slug, self.pdf.fingerprint])

    @property
    def download_url(self) -> str:
        return reverse("cabinet_report_pdf_download", args=[self.appraisal.slug, self.pdf.fingerprint])
