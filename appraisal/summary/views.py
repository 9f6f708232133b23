"""The appraisal list and an appraisal's members' dashboard (the savings table, scenarios, charts)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from appraisal.calculations import CalculationError
from appraisal.charts import dashboard_charts
from appraisal.formatting import and_list
from appraisal.permissions import appraisal_for_user_or_404
from appraisal.scenarios.selectors import can_see_drafts
from appraisal.summary.dashboard import appraisal_dashboard, dashboard_decision, dashboard_options, dashboard_staffing
from appraisal.summary.selectors import appraisal_list
from appraise.htmx import HtmxHttpRequest

HOME = "appraisal/summary/home.html"
DETAIL = "appraisal/summary/detail.html"
DETAIL_ERROR = "appraisal/detail_error.html"
# The parts of the dashboard that HTMX may ask for on their own, by the id of the element it targets.
SCENARIO_PANEL = f"{DETAIL}#scenario-panel"
COMPARISON = f"{DETAIL}#comparison"
FRAGMENTS = (SCENARIO_PANEL, COMPARISON)
_BY_TARGET = {name.partition("#")[2]: name for name in FRAGMENTS}


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, HOME, {"appraisals": appraisal_list(visible_to=request.user)})


@require_GET
@login_required
def appraisal_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The members' dashboard: the savings table, the chosen scenario, scenarios side by side, charts. Members see
    only the scenarios shown to them; an officer sees the drafts too, marked as such."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    editable = can_see_drafts(request.user, appraisal)
    try:
        dashboard = appraisal_dashboard(
            appraisal=appraisal,
            scenario_id=request.GET.get("scenario"),
            compare_ids=request.GET.getlist("compare"),
            shown_only=not editable,
        )
    except CalculationError as exc:
        return render(request, DETAIL_ERROR, {"appraisal": appraisal, "error": str(exc)})
    template = _BY_TARGET.get(request.htmx.target, DETAIL) if request.htmx else DETAIL
    # The options are worked out for the whole page only, not for the fragments HTMX asks for.
    options = (
        dashboard_options(appraisal=appraisal, figures=dashboard.figures, plan=dashboard.plan)
        if template == DETAIL
        else None
    )
    staffing, staffing_problem, decision = None, "", None
    if template == DETAIL:
        staffing, staffing_problem = dashboard_staffing(appraisal=appraisal, dashboard=dashboard, options=options)
        decision = dashboard_decision(
            appraisal=appraisal, editable=editable, scenarios=dashboard.scenarios, dashboard=dashboard
        )
    context = {
        "appraisal": appraisal,
        "dash": dashboard,
        "figures": dashboard.figures,
        # The line above the title: "A and B", "A, B and C", as the cabinet report names the partners.
        "partners": and_list([c.name for c in dashboard.figures.councils]),
        "s": dashboard.figures.summary,
        "r": dashboard.result,
        "charts": dashboard_charts(dashboard, phone=True),
        "options": options,
        "staffing": staffing,
        "staffing_problem": staffing_problem,
        "decision": decision,
    }
    return render(request, template, context)
