"""How sure are these figures? (issue 20): a scenario's simulation, as its own page and as the dashboard's section.

One view serves both: the whole page for a link followed without JavaScript, and with HTMX only its body, which the
dashboard asks for after its headline figures have loaded (templates/appraisal/summary/detail.html), so the runs
never hold up the page. Everyone who may see the appraisal reads it; members only for scenarios shown to them.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from appraisal.calculations import CalculationError
from appraisal.models import Appraisal, Scenario
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.scenarios.selectors import appraisal_plan, scenario_chosen, scenarios_for
from appraisal.simulation.charts import fan_charts
from appraisal.simulation.selectors import scenario_simulation, uncertainty_of
from appraisal.summary.selectors import appraisal_figures
from appraise.htmx import HtmxHttpRequest, int_or_none

PAGE = "appraisal/simulation/page.html"
FRAGMENT = f"{PAGE}#simulation"


def _chosen(appraisal: Appraisal, user, scenario_id) -> Scenario:
    """The scenario asked for, as the dashboard chooses it (the first this user may see when none is asked for);
    404 for one they may not see (a member asking for a draft) or that is not the appraisal's."""
    chosen = scenario_chosen(scenarios=scenarios_for(appraisal=appraisal, user=user), scenario_id=scenario_id)
    if chosen is None:
        raise Http404("No such scenario of this appraisal to simulate.")
    return chosen


@require_GET
@login_required
def appraisal_simulation(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The simulation of ?scenario=<id>: the page, or with HTMX its body (the dashboard's section)."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    scenario = _chosen(appraisal, request.user, int_or_none(request.GET.get("scenario")))
    context = {"appraisal": appraisal, "scenario": scenario, "can_edit": can_edit_assumptions(request.user, appraisal)}
    try:
        figures = appraisal_figures(appraisal=appraisal)
        view = scenario_simulation(
            scenario=scenario,
            figures=figures,
            plan=appraisal_plan(appraisal=appraisal, figures=figures),
            uncertainty=uncertainty_of(appraisal=appraisal),
        )
    except CalculationError as exc:
        context["problem"] = str(exc)
    else:
        context |= {"view": view, "sim": view.simulation, "charts": fan_charts(view.simulation.cumulative, True)}
    return render(request, FRAGMENT if request.htmx else PAGE, context)
