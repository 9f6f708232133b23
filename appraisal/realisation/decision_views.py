"""Recording Cabinet's decision (issue 19), from the dashboard's Decision section: an officer posts the meeting, the
date and the scenario approved; the service keeps the figures as they are. Without JavaScript a recorded decision
redirects to the dashboard with a message, and a refused one shows this page with the errors; with HTMX the answer is
the dashboard's Decision section (templates/appraisal/summary/_decision.html) in either case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from appraisal.calculations import CalculationError
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.realisation import services
from appraisal.realisation.decision_forms import DecisionForm
from appraisal.scenarios.selectors import scenarios_shown
from appraisal.staffing.forms import errors_from
from appraisal.summary.dashboard import dashboard_decision
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.htmx import HtmxHttpRequest

PAGE = "appraisal/summary/decision.html"
SECTION = "appraisal/summary/_decision.html"


def _saved_text(record) -> str:
    chosen = f" (scenario: {record.scenario})" if record.scenario else ""
    return f"Recorded: approved by {record.meeting} on {record.approved_on:%-d %B %Y}{chosen}."


def _record(request, appraisal, form: DecisionForm):
    """The decision recorded, or None with the reasons it was refused put on the form."""
    if not form.is_valid():
        return None
    try:
        with conflicts_refused():
            return services.appraisal_approve(
                appraisal=appraisal,
                meeting=form.cleaned_data["meeting"],
                approved_on=form.cleaned_data["approved_on"],
                scenario=form.cleaned_data["scenario"],
                user=request.user,
            )
    except ValidationError as exc:
        errors_from(form, exc)
    except (WriteConflict, CalculationError) as exc:  # a colleague saving at once; figures that cannot be worked out
        form.add_error(None, str(exc))
    return None


@require_http_methods(["GET", "POST"])
@login_required
def appraisal_approve(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """GET: the decision on a page of its own. POST (officers and admins only): record it."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    editable = can_edit_assumptions(request.user, appraisal)
    scenarios = scenarios_shown(appraisal=appraisal)
    form, status = None, ""
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only an officer of a partner council can record Cabinet's decision.")
        form = DecisionForm(request.POST, scenarios=scenarios)
        record = _record(request, appraisal, form)
        if record is not None:
            if not request.htmx:
                messages.success(request, _saved_text(record))
                return redirect(reverse("appraisal_detail", args=[appraisal.slug]) + "#decision")
            form, status = None, _saved_text(record)
    decision = dashboard_decision(appraisal=appraisal, editable=editable, scenarios=scenarios, form=form)
    context = {"appraisal": appraisal, "decision": decision, "status": status}
    return render(request, SECTION if request.htmx else PAGE, context)
