"""The monitoring report (issue 19): two to four A4 pages for a scrutiny committee, in the cabinet report's house
style (static/css/report.css), made by WeasyPrint from HTML as the cabinet report is (render.html_to_pdf).

It sets the savings delivered against the plan Cabinet approved (realisation_overview: by year, council and
cluster, with the RAG rule stated), each benefit with its measure and latest reading (benefit_list), the risks of
the option monitored, and what has changed since the decision (the dashboard's own rows of it). Nothing here is
worked out afresh: the figures are the realisation selectors' and the calculation's.

Unlike the cabinet report (up to twenty pages, made by a background task), the PDF is made in the request: it is a
few pages of tables without charts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.calculations import options as opt
from appraisal.calculations import realisation as rl
from appraisal.calculations.summary import pct
from appraisal.formatting import and_list, measured
from appraisal.models import Appraisal, ApprovedFigures, Benefit, Option
from appraisal.options.selectors import options_list
from appraisal.permissions import appraisal_for_user_or_404
from appraisal.realisation.benefit_selectors import BenefitState, benefit_list
from appraisal.realisation.selectors import realisation_overview
from appraisal.report.options import RAG_WORDS, RISK_CATEGORY_LABELS, RiskRow
from appraisal.report.render import CSS_PATH, html_to_pdf
from appraisal.report.selectors import cabinet_report_get
from appraisal.report.text import markdown_to_html
from appraisal.summary.dashboard import ChangeRow, dashboard_decision
from appraisal.summary.selectors import appraisal_councils
from councils import financial_years

TEMPLATE = "appraisal/report/monitoring.html"


@dataclass(frozen=True)
class BenefitLine:
    """A benefit as the report's table shows it: every figure with its unit, the status in words."""

    name: str
    financial: bool
    measure: str
    owner: str  # "Director of Resources, Stevenage Borough Council"
    baseline: str  # "9.5 hours (31 March 2011)"
    target: str
    due: str  # "2013/14"
    latest: str  # "6.1 hours on 31 March 2013"; a financial benefit: its cluster's savings delivered against plan
    rag: str | None
    rag_text: str  # "Green", or why there is no status yet
    progress: str  # "97.1% of the way to the target"


@dataclass(frozen=True)
class RiskRegister:
    option: str
    why: str  # "the option whose scenario is monitored" or "the preferred option"
    rows: tuple[RiskRow, ...]


@dataclass(frozen=True)
class Monitoring:
    appraisal: Appraisal
    produced_on: date
    presenting_council: str
    partners: str
    approved: ApprovedFigures | None
    realisation: rl.Realisation | None
    problem: str  # why the plan against actual could not be worked out (a CalculationError's message)
    benefits: tuple[BenefitLine, ...]
    risks: RiskRegister | None
    risk_text: str  # the cabinet report's Risk section as officers wrote it (HTML), where no register applies
    changes: tuple[ChangeRow, ...]
    changes_problem: str
    rag_rule: str = rl.RAG_RULE

    @property
    def recorded_to(self) -> int | None:
        """The last year with savings recorded."""
        years = [y.year for y in self.realisation.years if y.actual is not None] if self.realisation else []
        return max(years) if years else None

    @property
    def delivered_pct(self) -> Fraction | None:
        d = self.realisation.delivery if self.realisation else None
        return pct(d.actual, d.planned_to_date) if d and d.planned_to_date else None

    @property
    def period(self) -> str:
        """The plan's years: '2011/12 to 2016/17'."""
        years = self.realisation.years if self.realisation else ()
        return f"{financial_years.label(years[0].year)} to {financial_years.label(years[-1].year)}" if years else ""

    @property
    def variance_words(self) -> str:
        """'£44,000 below it', '£5,000 above it' or 'exactly as planned': the savings delivered against the plan."""
        variance = self.realisation.delivery.variance if self.realisation else 0
        if variance < 0:
            return f"{fmt.pounds(-variance)} below it"
        return f"{fmt.pounds(variance)} above it" if variance > 0 else "exactly as planned"

    @property
    def filename(self) -> str:
        """'2026-12-02-darlington-hartlepool-monitoring-report.pdf' (the slug without a trailing year)."""
        slug = re.sub(r"-\d{4}$", "", self.appraisal.slug)
        return f"{self.produced_on:%Y-%m-%d}-{slug}-monitoring-report.pdf"


def _first_name(councils) -> str:
    return councils[0].name if councils else ""


def _date(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _benefit_line(state: BenefitState) -> BenefitLine:
    b, latest, status = state.benefit, state.latest, state.status
    owner = ", ".join(p for p in (b.owner_role, b.owner_council.name if b.owner_council else "") if p)
    baseline = measured(b.baseline_value, b.unit)
    if baseline and b.baseline_date:
        baseline += f" ({_date(b.baseline_date)})"
    if b.kind == Benefit.Kind.FINANCIAL:
        name = b.cluster.name if b.cluster else ""
        latest_text = (
            f"{fmt.pounds(status.delivered)} delivered against {fmt.pounds(status.planned)} planned to date ({name})"
            if status.delivered is not None
            else ""
        )
    else:
        latest_text = f"{measured(latest.value, b.unit)} on {_date(latest.taken_on)}" if latest else ""
    progress = f"{fmt.pct(status.progress)} of the way to the target" if status.progress is not None else ""
    return BenefitLine(
        name=b.name,
        financial=b.kind == Benefit.Kind.FINANCIAL,
        measure=b.measure,
        owner=owner,
        baseline=baseline,
        target=measured(b.target_value, b.unit),
        due=financial_years.label(b.due_year) if b.due_year else "",
        latest=latest_text,
        rag=status.rag,
        rag_text=RAG_WORDS.get(status.rag, "") or status.text,  # the options' words: green, amber, red alike
        progress=progress,
    )


def _risk_rows(option: Option) -> tuple[RiskRow, ...]:
    """The option's register, highest rated first, each rated by the options calculation (likelihood × impact)."""
    rows = []
    for r in option.risks.all():
        f = opt.risk_figures(
            opt.RiskInput(r.description, r.likelihood, r.impact, r.category, r.cost, r.probability, r.year)
        )
        rows.append(
            RiskRow(
                description=r.description,
                category=RISK_CATEGORY_LABELS.get(r.category, ""),
                likelihood=r.likelihood,
                impact=r.impact,
                rating=f.rating,
                rag=RAG_WORDS[f.rag],
                rag_code=f.rag,
                owner=r.owner,
                mitigation=r.mitigation,
                expected_cost=f.expected_cost,
                year=r.year,
            )
        )
    return tuple(sorted(rows, key=lambda row: -row.rating))


def _risks(appraisal: Appraisal, scenario: str | None) -> RiskRegister | None:
    """The register of the option whose scenario is monitored, else of the preferred option; None without one.
    Risks carry no open or closed status, so every risk in the register is still open."""
    options = [o for o in options_list(appraisal=appraisal) if not o.business_as_usual]
    monitored = next((o for o in options if any(s.name == scenario for s in o.scenarios.all())), None)
    if monitored is not None:
        return RiskRegister(monitored.name, "the option whose scenario is monitored", _risk_rows(monitored))
    preferred = next((o for o in options if o.preferred), None)
    if preferred is not None:
        return RiskRegister(preferred.name, "the preferred option", _risk_rows(preferred))
    return None


def monitoring_data(*, appraisal: Appraisal, produced_on: date | None = None) -> Monitoring:
    """Everything the monitoring report shows."""
    problem, realisation = "", None
    try:
        realisation = realisation_overview(appraisal=appraisal)
    except CalculationError as exc:
        problem = str(exc)
    delivery = {c.name: c.delivery for c in realisation.clusters} if realisation else {}
    decision = dashboard_decision(appraisal=appraisal, editable=False, scenarios=[])
    report = cabinet_report_get(appraisal=appraisal)
    councils = appraisal_councils(appraisal=appraisal)
    risks = _risks(appraisal, realisation.scenario if realisation else None)
    return Monitoring(
        appraisal=appraisal,
        produced_on=produced_on or timezone.localdate(),
        presenting_council=report.presenting_council.name if report.presenting_council_id else _first_name(councils),
        partners=and_list([c.name for c in councils]),
        approved=decision.approved,
        realisation=realisation,
        problem=problem,
        benefits=tuple(_benefit_line(s) for s in benefit_list(appraisal=appraisal, delivery=delivery)),
        risks=risks,
        risk_text=markdown_to_html(report.risk) if risks is None and report.risk.strip() else "",
        changes=tuple(decision.changes),
        changes_problem=decision.problem,
    )


def monitoring_html(data: Monitoring) -> str:
    """The report's HTML, its stylesheet inline (WeasyPrint has no web server to fetch it from)."""
    return render_to_string(TEMPLATE, {"m": data, "inline_css": CSS_PATH.read_text(encoding="utf-8")})


def monitoring_pdf(data: Monitoring) -> bytes:
    return html_to_pdf(monitoring_html(data))


@require_GET
@login_required
def monitoring_report(request, slug: str) -> HttpResponse:
    """The monitoring report PDF, for anyone who may see the appraisal."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    data = monitoring_data(appraisal=appraisal)
    response = HttpResponse(monitoring_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{data.filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response
