"""The editor's forms for the scenario's own fields: its status (a draft, or shown to members), name and delivery,
period (and adding or removing a year), the discount rate and optimism bias; and copying the scenario. Each
answers through answer.edit_answer."""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from appraisal.models import Scenario
from appraisal.scenarios import services
from appraisal.scenarios.answer import Place, answer, edit_answer, rate_text, scenario_for, was_values
from appraisal.scenarios.forms import (
    DetailsForm,
    NameForm,
    PeriodForm,
    RateForm,
    StatusForm,
    YearAddForm,
    form_errors_from,
    form_for,
)
from appraisal.scenarios.views import (
    SCENARIO_TITLE,
    SECTION_CLONE,
    SECTION_COSTS,
    SECTION_DETAILS,
    SECTION_PHASING,
    SECTION_RATES,
    SECTION_STATUS,
    editor_url,
)
from appraise.htmx import HtmxHttpRequest
from councils import financial_years


def _years(request) -> int:
    """The length of the period the page showed (0, never matching, if it does not say)."""
    try:
        return int(request.POST.get("was-years", ""))
    except ValueError:
        return 0


def _settings_save(request, scenario: Scenario, form) -> Scenario:
    """Save the scenario's fields a settings form holds, checked against the values it showed."""
    names = form.fields_saved
    values = {name: form.cleaned_data[name] for name in names}
    return services.scenario_settings_update(
        scenario_id=scenario.pk, values=values, was=was_values(request, names), user=request.user
    )


# A change of the period answers with the phasing (a row a year), and the costs (their years) out of band.
PERIOD_LABEL = attrgetter("period_label")
PERIOD = Place(SECTION_PHASING, also=(SECTION_COSTS,))
YEAR = Place(SECTION_PHASING, also=(SECTION_COSTS,), anchor="section-phasing")


def _quoted_name(scenario: Scenario) -> str:
    return f"“{scenario.name}”"


STATUS_SAVED = {
    Scenario.Status.SHOWN: "Shown to members: their dashboard shows it and the cabinet report may present it.",
    Scenario.Status.DRAFT: "Returned to draft: members no longer see it.",
}


@require_POST
@login_required
def scenario_status_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Show the scenario to members, or return it to draft."""
    scenario = scenario_for(request, slug, pk)
    form = form_for(StatusForm, "status", request.POST)

    def write() -> str:
        status = form.cleaned_data["status"]
        was = request.POST.get("was-status", "")
        services.scenario_status_update(scenario_id=scenario.pk, status=status, was=was, user=request.user)
        return STATUS_SAVED[status]

    def shown(current: Scenario) -> str:
        return current.get_status_display().lower()

    return edit_answer(
        request, scenario, key="status", form=form, write=write, shown=shown, place=Place(SECTION_STATUS)
    )


@require_POST
@login_required
def scenario_details_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)
    form = form_for(DetailsForm, "details", request.POST)

    def write() -> str:
        _settings_save(request, scenario, form)
        return "Saved the name and delivery."

    return edit_answer(
        request,
        scenario,
        key="details",
        form=form,
        write=write,
        shown=_quoted_name,
        place=Place(SECTION_DETAILS, also=(SCENARIO_TITLE,)),
    )


@require_POST
@login_required
def scenario_period_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)
    form = form_for(PeriodForm, "period", request.POST)

    def write() -> str:
        return f"The period is now {_settings_save(request, scenario, form).period_label}."

    return edit_answer(request, scenario, key="period", form=form, write=write, shown=PERIOD_LABEL, place=PERIOD)


RATES = {"discount-rate": ("discount_rate", "Discount rate"), "optimism-bias": ("optimism_bias", "Optimism bias")}


@require_POST
@login_required
def scenario_rate_update(request: HtmxHttpRequest, slug: str, pk: int, rate: str) -> HttpResponse:
    """The discount rate or the optimism bias."""
    scenario = scenario_for(request, slug, pk)
    if rate not in RATES:
        raise Http404("No such rate.")
    name, label = RATES[rate]
    form = form_for(RateForm, name, request.POST)

    def write() -> str:
        value = form.cleaned_data["value"]
        was = {name: request.POST.get("was-value", "")}
        try:
            services.scenario_settings_update(scenario_id=scenario.pk, values={name: value}, was=was, user=request.user)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            # The form's one field is "value", whichever rate it sets.
            raise ValidationError({"value": exc.message_dict.get(name, exc.messages)}) from None
        return f"{label} is now {rate_text(value)}."

    def shown(current: Scenario) -> str:
        return rate_text(getattr(current, name))

    return edit_answer(
        request,
        scenario,
        key=name,
        form=form,
        write=write,
        shown=shown,
        place=Place(SECTION_RATES, anchor="section-rates"),
    )


@require_POST
@login_required
def scenario_year_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)
    form = form_for(YearAddForm, "year-add", request.POST)

    def write() -> str:
        percent, years = form.cleaned_data["percent"], _years(request)
        changed = services.scenario_year_add(
            scenario_id=scenario.pk, percent=percent, expected_years=years, user=request.user
        )
        return f"Added {financial_years.label(changed.period[-1])} to the period."

    return edit_answer(request, scenario, key="year-add", form=form, write=write, shown=PERIOD_LABEL, place=YEAR)


@require_POST
@login_required
def scenario_year_remove(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = scenario_for(request, slug, pk)
    # The period as the page shows it: a refusal (costs in the last year, too short) is put beside its length.
    form = form_for(
        PeriodForm, "period", {"first_year": financial_years.label(scenario.first_year), "years": scenario.years}
    )

    def write() -> str:
        changed = services.scenario_year_remove(
            scenario_id=scenario.pk, expected_years=_years(request), user=request.user
        )
        return f"The period is now {changed.period_label}."

    return edit_answer(request, scenario, key="period", form=form, write=write, shown=PERIOD_LABEL, place=YEAR)


@require_POST
@login_required
def scenario_clone(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Copy the scenario and all its assumptions under a new name, and open the copy."""
    scenario = scenario_for(request, slug, pk)
    form = form_for(NameForm, "clone", request.POST)
    if form.is_valid():
        try:
            copy = services.scenario_clone(scenario=scenario, name=form.cleaned_data["name"], user=request.user)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Copied “{scenario.name}” to “{copy.name}”: you are now editing the copy.")
            return HttpResponseClientRedirect(editor_url(copy)) if request.htmx else redirect(editor_url(copy))
    return answer(request, scenario, key="clone", form=form, saved="", place=Place(SECTION_CLONE))
