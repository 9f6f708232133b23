"""The simulation settings page (issue 20): how an appraisal's "How sure are these figures?" results are worked out.
Everyone who may see the appraisal reads the settings; officers of a partner council and programme admins change
them, or restore the defaults. Without JavaScript a save redirects back here with a message; a refused one shows the
page with the errors at the top and beside the fields, and a colleague's save in between shows the settings as they
now stand with who changed them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.simulation import services
from appraisal.simulation.selectors import simulation_settings_version, uncertainty_of
from appraisal.simulation.settings_forms import (
    HINTS,
    LABELS,
    SLIPPAGE_HINT,
    SLIPPAGE_LEGEND,
    SimulationSettingsForm,
    settings_summary,
)
from appraise import form_saves
from appraise.htmx import HtmxHttpRequest, int_or_none

PAGE = "appraisal/simulation/settings.html"
REFUSAL = "Only an officer of a partner council can change the simulation settings."
SAVED = "Saved the simulation settings."
RESTORED = "Restored the default simulation settings."


def _shown(row) -> str:
    return "the settings shown below"


def _save(request, appraisal, form: SimulationSettingsForm) -> tuple[str, str]:
    """Save the settings typed, or (with "restore") the defaults: (message, "") when saved, ("", refusal) when a
    colleague's save came first; a setting refused goes beside its field."""
    if "restore" in request.POST:
        version = int_or_none(request.POST.get("version"))

        def restore() -> str:
            services.simulation_settings_set(
                appraisal=appraisal, user=request.user, version=version, **services.DEFAULTS
            )
            return RESTORED

        return form_saves.save(None, restore, _shown)

    def write() -> str:
        values = form.values()
        services.simulation_settings_set(
            appraisal=appraisal, user=request.user, version=form.cleaned_data["version"], **values
        )
        return SAVED

    return form_saves.save(form, write, _shown, labels=LABELS)


@require_http_methods(["GET", "POST"])
@login_required
def simulation_settings(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """GET: the settings (a form for those who may change them). POST: save them, or restore the defaults."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    editable = can_edit_assumptions(request.user, appraisal)
    form, refusal = None, ""
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(REFUSAL)
        form = SimulationSettingsForm(request.POST)
        saved, refusal = _save(request, appraisal, form)
        if saved:
            messages.success(request, saved)
            return redirect(reverse("simulation_settings", args=[appraisal.slug]))
        if refusal or "restore" in request.POST:
            form = None  # a colleague saved first: show the settings as they now stand
    uncertainty = uncertainty_of(appraisal=appraisal)
    if editable and form is None:
        form = SimulationSettingsForm.showing(uncertainty, version=simulation_settings_version(appraisal=appraisal))
    context = {
        "appraisal": appraisal,
        "editable": editable,
        "form": form,
        "refusal": refusal,
        "summary": settings_summary(uncertainty),
        "hints": HINTS,
        "labels": LABELS,
        "slippage_legend": SLIPPAGE_LEGEND,
        "slippage_hint": SLIPPAGE_HINT,
    }
    return render(request, PAGE, context)
