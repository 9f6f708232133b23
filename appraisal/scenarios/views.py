"""The scenarios pages: the list (with the form that adds a scenario and the one that sets the year every NPV is
discounted to), the editor, and deleting one.

The editor is one page whose sections are partials of its template (FRAGMENTS below). Each of its small forms
posts to a view in edit_views.py, which answers an HTMX edit with the edited row or section and the recalculated
summary panel. The sensitivity and the yearly chart take tens of milliseconds more, so after an HTMX edit the
panel asks for them in a follow-up request to this page (`?part=extras`) and the edit itself stays fast.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appraisal.charts import scenario_charts
from appraisal.models import Appraisal, Scenario
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.scenarios import services
from appraisal.scenarios.editor import editor_build
from appraisal.scenarios.forms import (
    DiscountBaseYearForm,
    ScenarioAddForm,
    discount_base_year_form,
    form_errors_from,
    scenario_add_form,
)
from appraisal.scenarios.partners import partner_rows
from appraisal.scenarios.selectors import discount_base_year_of, scenario_editable_get, scenario_rows, scenarios_for
from appraisal.summary.services import appraisal_discount_base_year_set
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.htmx import HtmxHttpRequest
from appraise.writes import StaleEdit, stale_message
from councils import financial_years

LIST_PAGE = "appraisal/scenarios/list.html"
PAGE = "appraisal/scenarios/editor.html"
DELETE_PAGE = "appraisal/scenarios/delete.html"

# The editor's fragments. An HTMX edit answers with EDIT_RESPONSE: one of these, others out of band.
SCENARIO_TITLE = f"{PAGE}#scenario-title"
SECTION_STATUS = f"{PAGE}#section-status"
SECTION_DETAILS = f"{PAGE}#section-details"
SECTION_RATES = f"{PAGE}#section-rates"
SECTION_PHASING = f"{PAGE}#section-phasing"
SECTION_COSTS = f"{PAGE}#section-costs"
SECTION_SHARING = f"{PAGE}#section-sharing"
SECTION_CLONE = f"{PAGE}#section-clone"
CLUSTER_ROW = f"{PAGE}#cluster-row"
COST_ROW = f"{PAGE}#cost-row"
EDIT_RESPONSE = "appraisal/scenarios/_edit_response.html"
EXTRAS_RESPONSE = "appraisal/scenarios/_extras_response.html"  # the panel's follow-up: sensitivity and chart
FRAGMENTS = (
    SCENARIO_TITLE,
    SECTION_STATUS,
    SECTION_DETAILS,
    SECTION_RATES,
    SECTION_PHASING,
    SECTION_COSTS,
    SECTION_SHARING,
    SECTION_CLONE,
    CLUSTER_ROW,
    COST_ROW,
    EDIT_RESPONSE,
    EXTRAS_RESPONSE,
)


def editor_url(scenario: Scenario, anchor: str = "") -> str:
    url = reverse("scenario_editor", args=[scenario.appraisal.slug, scenario.pk])
    return f"{url}#{anchor}" if anchor else url


def list_page(
    request: HttpRequest,
    appraisal: Appraisal,
    add_form: ScenarioAddForm | None = None,
    base_form: DiscountBaseYearForm | None = None,
    partner_forms: dict | None = None,
) -> HttpResponse:
    """The list of the scenarios this user may see (members: those shown to them), with the forms of an officer;
    `partner_forms`: a partner's years as posted, with their errors, by council id."""
    editable = can_edit_assumptions(request.user, appraisal)
    scenarios = scenarios_for(appraisal=appraisal, user=request.user)
    partners = partner_rows(appraisal=appraisal, scenarios=scenarios, editable=editable, bound=partner_forms)
    context = {
        "partners": partners,
        "partner_errors": [(r, f) for r in partners if (f := r.form) is not None and f.is_bound and f.errors],
        "appraisal": appraisal,
        "rows": scenario_rows(appraisal=appraisal, scenarios=scenarios),
        "delivery_options_shown": Scenario.delivery_options_shown(scenarios),
        "editable": editable,
        "add_form": (add_form or scenario_add_form(appraisal)) if editable else None,
        "discount": discount_base_year_form(appraisal, base_form) if editable else None,
        "discount_base_year": discount_base_year_of(appraisal=appraisal),
    }
    return render(request, LIST_PAGE, context)


@require_GET
@login_required
def appraisal_scenarios(request: HttpRequest, slug: str) -> HttpResponse:
    """The appraisal's scenarios: open one to edit it, copy it, or delete it; or add a new one."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    return list_page(request, appraisal)


@require_POST
@login_required
def scenario_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a scenario from scratch and open it in the editor; a mistake shows the list page with the form."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only an officer of a partner council can add a scenario.")
    form = scenario_add_form(appraisal, request.POST)
    if form.is_valid():
        try:
            scenario = services.scenario_create(appraisal=appraisal, **form.cleaned_data, user=request.user)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Added the scenario “{scenario.name}”: set its assumptions below.")
            return redirect(editor_url(scenario))
    return list_page(request, appraisal, form)


@require_POST
@login_required
def discount_base_year_update(request: HttpRequest, slug: str) -> HttpResponse:
    """Set the year every scenario's NPV is discounted to (blank: the first year of the earliest scenario)."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only an officer of a partner council can set the discount base year.")
    form = DiscountBaseYearForm(request.POST, auto_id="id_discount-%s")
    if form.is_valid():
        year, was = form.cleaned_data["year"], request.POST.get("was-year", "")
        try:
            with conflicts_refused():
                appraisal_discount_base_year_set(appraisal_id=appraisal.pk, year=year, was=was, user=request.user)
        except ValidationError as exc:
            form.add_error("year", getattr(exc, "message_dict", {}).get("discount_base_year", exc.messages))
        except StaleEdit as exc:
            shown = exc.current.discount_base_year
            form.add_error("year", stale_message(None, None, shown=financial_years.label(shown) if shown else "blank"))
        except WriteConflict as exc:
            form.add_error("year", str(exc))
        else:
            said = financial_years.label(year) if year else "the first year of the earliest scenario"
            messages.success(request, f"Every scenario's NPV is now discounted to {said}.")
            return redirect(reverse("appraisal_scenarios", args=[appraisal.slug]) + "#discount-base-year")
    appraisal.refresh_from_db()
    return list_page(request, appraisal, base_form=form)


@require_GET
@login_required
def scenario_editor(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every assumption of the scenario as a small form, beside the summary panel."""
    scenario = scenario_editable_get(user=request.user, slug=slug, scenario_id=pk)
    # The plain page shows everything at once; an HTMX edit defers the slower sensitivity and chart.
    editor = editor_build(scenario=scenario, with_sensitivity=True)
    charts = scenario_charts(editor.result, phone=True)
    context = {"appraisal": scenario.appraisal, "editor": editor, "charts": charts, "with_extras": True}
    extras = request.htmx and request.GET.get("part") == "extras"
    return render(request, EXTRAS_RESPONSE if extras else PAGE, context)


@require_http_methods(["GET", "POST"])
@login_required
def scenario_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask, then delete the scenario and its assumptions (the history keeps them)."""
    scenario = scenario_editable_get(user=request.user, slug=slug, scenario_id=pk)
    if request.method == "GET":
        return render(request, DELETE_PAGE, {"appraisal": scenario.appraisal, "scenario": scenario})
    services.scenario_delete(scenario_id=scenario.pk, user=request.user)
    messages.success(request, f"Deleted the scenario “{scenario.name}”.")
    return redirect("appraisal_scenarios", slug=scenario.appraisal.slug)
