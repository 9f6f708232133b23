from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from appraisal.calculations import CalculationError
from appraisal.charts import dashboard_charts
from appraisal.permissions import appraisal_for_user_or_404, appraisals_visible_to
from appraisal.summary.dashboard import appraisal_dashboard
from appraisal.summary.selectors import appraisal_list
from appraise.htmx import HtmxHttpRequest


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    appraisals = appraisal_list().filter(pk__in=appraisals_visible_to(request.user).values("pk"))
    return render(request, "appraisal/summary/home.html", {"appraisals": appraisals})


# The parts of the dashboard that HTMX may ask for on their own.
DASHBOARD_FRAGMENTS = {"scenario-panel", "comparison"}


@require_GET
@login_required
def appraisal_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The members' dashboard: the savings table, the chosen scenario, scenarios side by side, charts."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    try:
        dashboard = appraisal_dashboard(
            appraisal=appraisal,
            scenario_id=request.GET.get("scenario"),
            compare_ids=request.GET.getlist("compare"),
        )
    except CalculationError as exc:
        return render(request, "appraisal/detail_error.html", {"appraisal": appraisal, "error": str(exc)})
    template = "appraisal/summary/detail.html"
    if request.htmx and request.htmx.target in DASHBOARD_FRAGMENTS:
        template += f"#{request.htmx.target}"
    context = {
        "appraisal": appraisal,
        "dash": dashboard,
        "figures": dashboard.figures,
        "s": dashboard.figures.summary,
        "r": dashboard.result,
        "charts": dashboard_charts(dashboard),
    }
    return render(request, template, context)
