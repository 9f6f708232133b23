"""Reads for the cabinet report: its settings, everything the report shows (gathered once), and its PDFs.

The figures come from the dashboard's own selector (`appraisal_dashboard`) and charts (`dashboard_charts`),
so the report shows the very figures, tables and images the dashboard shows for the same scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from appraisal.charts import dashboard_charts
from appraisal.models import Appraisal, CabinetReport, CabinetReportPdf, Scenario
from appraisal.report.defaults import ReportFacts, and_list, default_sections
from appraisal.report.tables import BaselineAppendix, ScopeRow, baseline_appendix, scope_rows
from appraisal.report.text import markdown_to_html
from appraisal.scenarios.selectors import scenario_get
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
    compared_ids: tuple[int, ...] = ()  # the scenarios the report's settings compare, as saved

    @property
    def is_draft(self) -> bool:
        return not self.report.is_final

    @property
    def partners(self) -> str:
        return and_list([c.name for c in self.dashboard.figures.councils])

    @property
    def generated(self) -> dict[str, str]:
        """Each section's text as generated from the figures."""
        return {key: section.generated for key, section in self.sections.items()}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def cabinet_report_data(*, appraisal: Appraisal, scenario_name: str | None = None) -> ReportData:
    """Everything the report shows. `scenario_name` overrides the report's main scenario (the command's
    --scenario); raises Scenario.DoesNotExist for a name the appraisal has not got, and CalculationError."""
    report = cabinet_report_get(appraisal=appraisal)
    scenario: Scenario | None = scenario_get(appraisal=appraisal, name=scenario_name) if scenario_name else None
    scenario = scenario or report.scenario
    saved = tuple(report.compared_scenarios.values_list("pk", flat=True)) if report.pk else ()
    compared = list(saved)
    if compared and scenario is not None:
        compared = [scenario.pk] + [pk for pk in compared if pk != scenario.pk]
    dashboard = appraisal_dashboard(
        appraisal=appraisal, scenario_id=scenario.pk if scenario else None, compare_ids=compared[:MAX_COMPARED]
    )
    facts = _facts(appraisal, report, dashboard)
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
        charts=dashboard_charts(dashboard),
        baselines=baseline_appendix(dashboard.figures),
        key_services=key_services,
        other_services=other_services,
        cost_items=list(dashboard.scenario.cost_items.all()) if dashboard.result else [],
        compared_ids=saved,
    )


def cabinet_report_data_or_404(*, appraisal: Appraisal, scenario_name: str | None = None) -> ReportData:
    """The report's data for a page, where ?scenario=NAME presents another of the appraisal's scenarios: 404 for a
    name it has not got. Raises CalculationError."""
    try:
        return cabinet_report_data(appraisal=appraisal, scenario_name=scenario_name)
    except Scenario.DoesNotExist as exc:
        raise Http404("The appraisal has no scenario of that name.") from exc


def _facts(appraisal: Appraisal, report: CabinetReport, dashboard: Dashboard) -> ReportFacts:
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
