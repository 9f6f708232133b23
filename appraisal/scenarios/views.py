"""The scenario editor: every assumption of a scenario edits in place, and the summary panel follows.

Each assumption (or row) is its own small form posting to its own URL. Without JavaScript a save redirects
back to the editor (post/redirect/get) and an error re-renders the page with the message beside the field.
With HTMX the answer is the edited row or section, with the recalculated summary panel, the error summary
and a status line out of band. The sensitivity and the yearly chart take tens of milliseconds more, so after
an HTMX edit the panel asks for them in a follow-up request (`?part=extras`) and the edit itself stays fast.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from appraisal import formatting as fmt
from appraisal.charts import tornado_chart, yearly_profile_chart
from appraisal.models import CostItem, Scenario, ScenarioCluster
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.scenarios import services as edits
from appraisal.scenarios.editor import (
    PERIOD_CHOICES,
    ClusterForm,
    ClusterPhaseForm,
    CostForm,
    DetailsForm,
    NameForm,
    PeriodForm,
    PhaseForm,
    RateForm,
    SharingForm,
    YearAddForm,
    YearField,
    editor_build,
    form_errors_from,
    form_for,
)
from appraisal.scenarios.selectors import scenario_rows
from appraisal.summary.selectors import appraisal_councils
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.htmx import HtmxHttpRequest
from appraise.writes import StaleEdit, changed_by, last_change, stale_message
from councils import financial_years
from services.models import ServiceCluster

PAGE = "appraisal/scenarios/editor.html"


def _scenario(request, slug: str, pk: int) -> Scenario:
    """The scenario, if this user may edit it: outsiders get 404, members 403."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    scenario = get_object_or_404(Scenario.objects.select_related("appraisal"), pk=pk, appraisal=appraisal)
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only an officer of a partner council can change a scenario.")
    return scenario


def _editor_url(scenario: Scenario, anchor: str = "") -> str:
    url = reverse("scenario_editor", args=[scenario.appraisal.slug, scenario.pk])
    return f"{url}#{anchor}" if anchor else url


def _stale(record, shown: str | None) -> str:
    return stale_message(*changed_by(record), shown=shown, removed=shown is None)


def _point_text(setting: ScenarioCluster) -> str:
    if not setting.included:
        return "left out of the scenario"
    if setting.point == ScenarioCluster.Point.AMOUNT:
        return f"a custom amount of {fmt.money(setting.custom_value)}"
    if setting.point == ScenarioCluster.Point.PERCENT:
        return f"a custom {setting.custom_value.normalize():f}% of the net budget"
    return setting.get_point_display().lower()


def _cost_text(item: CostItem) -> str:
    return f"{item.get_category_display()} {financial_years.label(item.year)} {fmt.money(item.amount)}"


def _rate(value) -> str:
    return f"{value.normalize():f}%"


def _was(request, names) -> dict:
    """The values the form showed (hidden was-<name> inputs); a missing one counts as blank, so a form that
    does not say what it showed cannot overwrite a value unchecked."""
    return {name: request.POST.get(f"was-{name}", "") for name in names}


def _answer(
    request: HtmxHttpRequest,
    scenario: Scenario,
    *,
    key: str,
    form,
    fragment: str,
    saved: str,
    stale: str = "",
    also: tuple[str, ...] = (),
    anchor: str = "",
) -> HttpResponse:
    """Render the outcome of one small edit: redirect (plain, saved), the page (plain, refused) or fragments."""
    ok = form is None or form.is_valid()
    ok = ok and not stale
    if ok and not request.htmx:
        messages.success(request, saved)
        return redirect(_editor_url(scenario, anchor or key))
    scenario = Scenario.objects.select_related("appraisal").get(pk=scenario.pk)
    bound = {} if ok or stale else {key: form}
    editor = editor_build(scenario=scenario, bound=bound, stale={key: stale} if stale else {})
    editor.last_key = key
    context = {"appraisal": scenario.appraisal, "editor": editor}
    if not request.htmx:
        return render(request, PAGE, {**context, "with_extras": False})
    context.update(
        {
            "fragment": fragment,
            "also": also,
            "status": saved if ok else "Not saved: see the message beside the field.",
            "status_error": not ok,
            "row": editor.row(key),
            "deferred_url": _editor_url(scenario) + "?part=extras",
        }
    )
    return render(request, "appraisal/scenarios/_edit_response.html", context)


class ScenarioAddForm(forms.Form):
    """A new scenario: its name and period; every other assumption starts at a default (see scenario_create)."""

    name = forms.CharField(max_length=100, error_messages={"required": edits.ERR_NAME_MISSING})
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=4000)
    first_year = YearField(error_messages={"required": "Enter the first year, like 2012/13"})
    years = forms.TypedChoiceField(
        choices=PERIOD_CHOICES,
        coerce=int,
        error_messages={"invalid_choice": edits.ERR_TOO_FEW_YEARS, "required": edits.ERR_TOO_FEW_YEARS},
    )
    delivery_option = forms.TypedChoiceField(choices=Scenario.DeliveryOption.choices, coerce=int)

    def __init__(self, *args, appraisal, **kwargs):
        super().__init__(*args, **kwargs)
        self.appraisal = appraisal

    def clean_name(self):
        # Checked here as well as in the service, so a taken name is reported with any other mistake at once.
        try:
            return edits.scenario_name_validate(appraisal=self.appraisal, name=self.cleaned_data["name"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["name"]) from None

    def summary(self) -> list[tuple[str, str]]:
        """(input id, message) for the error summary at the top of the page."""
        if not self.is_bound or self.is_valid():
            return []
        return [
            (self[name].id_for_label if name in self.fields else "add-scenario", message)
            for name, errors in self.errors.items()
            for message in errors
        ]


def _add_form(appraisal, data=None) -> ScenarioAddForm:
    # The period usually starts the year after the baseline budgets: 2011/12 budgets, savings from 2012/13.
    initial = {
        "first_year": financial_years.label(appraisal.base_year + 1),
        "years": 5,
        "delivery_option": Scenario.DeliveryOption.INTEGRATION,
    }
    return ScenarioAddForm(data, initial=initial, auto_id="id_add-%s", appraisal=appraisal)


def _list_page(request, appraisal, add_form=None) -> HttpResponse:
    editable = can_edit_assumptions(request.user, appraisal)
    context = {
        "appraisal": appraisal,
        "rows": scenario_rows(appraisal=appraisal),
        "editable": editable,
        "councils": appraisal_councils(appraisal=appraisal),
        "add_form": (add_form or _add_form(appraisal)) if editable else None,
    }
    return render(request, "appraisal/scenarios/list.html", context)


@require_GET
@login_required
def appraisal_scenarios(request: HttpRequest, slug: str) -> HttpResponse:
    """The appraisal's scenarios: open one to edit it, copy it, or delete it; or add a new one."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    return _list_page(request, appraisal)


@require_POST
@login_required
def scenario_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a scenario from scratch and open it in the editor; a mistake shows the list page with the form."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only an officer of a partner council can add a scenario.")
    form = _add_form(appraisal, request.POST)
    if form.is_valid():
        try:
            scenario = edits.scenario_create(appraisal=appraisal, **form.cleaned_data, user=request.user)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Added the scenario “{scenario.name}”: set its assumptions below.")
            return redirect(_editor_url(scenario))
    return _list_page(request, appraisal, form)


@require_GET
@login_required
def scenario_editor(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every assumption of the scenario as a small form, beside the summary panel."""
    scenario = _scenario(request, slug, pk)
    extras = request.htmx and request.GET.get("part") == "extras"
    # The plain page shows everything at once; an HTMX edit defers the slower sensitivity and chart.
    editor = editor_build(scenario=scenario, with_sensitivity=True)
    charts = {}
    if editor.result is not None:
        charts = {"yearly": yearly_profile_chart(editor.result), "tornado": tornado_chart(editor.result)}
    context = {"appraisal": scenario.appraisal, "editor": editor, "charts": charts, "with_extras": True}
    if extras:
        return render(request, "appraisal/scenarios/_extras_response.html", context)
    return render(request, PAGE, context)


@require_POST
@login_required
def scenario_details_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    form = form_for(DetailsForm, "details", request.POST)
    stale = ""
    if form.is_valid():
        try:
            with conflicts_refused():
                edits.scenario_settings_update(
                    scenario_id=scenario.pk,
                    values={name: form.cleaned_data[name] for name in DetailsForm.fields_saved},
                    was=_was(request, DetailsForm.fields_saved),
                    user=request.user,
                )
        except ValidationError as exc:
            form_errors_from(form, exc)
        except StaleEdit as exc:
            stale = _stale(last_change(exc.current), f"“{exc.current.name}”")
        except WriteConflict as exc:
            stale = str(exc)
    return _answer(
        request, scenario, key="details", form=form, fragment="section-details", saved="Saved the name and delivery.",
        stale=stale, also=("scenario-title",),
    )  # fmt: skip


@require_POST
@login_required
def scenario_period_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    form = form_for(PeriodForm, "period", request.POST)
    stale = ""
    if form.is_valid():
        try:
            with conflicts_refused():
                changed = edits.scenario_settings_update(
                    scenario_id=scenario.pk,
                    values={name: form.cleaned_data[name] for name in PeriodForm.fields_saved},
                    was=_was(request, PeriodForm.fields_saved),
                    user=request.user,
                )
        except ValidationError as exc:
            form_errors_from(form, exc)
        except StaleEdit as exc:
            stale = _stale(last_change(exc.current), exc.current.period_label)
        except WriteConflict as exc:
            stale = str(exc)
    saved = f"The period is now {changed.period_label}." if form.is_valid() and not stale else ""
    return _answer(
        request, scenario, key="period", form=form, fragment="section-phasing", saved=saved, stale=stale,
        also=("section-costs",),
    )  # fmt: skip


RATES = {"discount-rate": ("discount_rate", "Discount rate"), "optimism-bias": ("optimism_bias", "Optimism bias")}


@require_POST
@login_required
def scenario_rate_update(request: HtmxHttpRequest, slug: str, pk: int, rate: str) -> HttpResponse:
    """The discount rate or the optimism bias."""
    scenario = _scenario(request, slug, pk)
    if rate not in RATES:
        raise Http404("No such rate.")
    name, label = RATES[rate]
    form = form_for(RateForm, name, request.POST)
    stale = ""
    if form.is_valid():
        try:
            with conflicts_refused():
                edits.scenario_settings_update(
                    scenario_id=scenario.pk,
                    values={name: form.cleaned_data["value"]},
                    was={name: request.POST.get("was-value", "")},
                    user=request.user,
                )
        except ValidationError as exc:
            exc = (
                ValidationError({"value": exc.message_dict.get(name, exc.messages)})
                if hasattr(exc, "error_dict")
                else exc
            )
            form_errors_from(form, exc)
        except StaleEdit as exc:
            stale = _stale(last_change(exc.current), _rate(getattr(exc.current, name)))
        except WriteConflict as exc:
            stale = str(exc)
    saved = f"{label} is now {_rate(form.cleaned_data['value'])}." if form.is_valid() and not stale else ""
    return _answer(
        request,
        scenario,
        key=name,
        form=form,
        fragment="section-rates",
        saved=saved,
        stale=stale,
        anchor="section-rates",
    )


@require_POST
@login_required
def scenario_sharing_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    councils = appraisal_councils(appraisal=scenario.appraisal)
    form = form_for(SharingForm, "sharing", request.POST, councils=councils)
    stale = ""
    if form.is_valid():
        shown = ["savings_basis", "costs_basis"] + [f"share:{a}:{c.pk}" for a in ("savings", "costs") for c in councils]
        try:
            with conflicts_refused():
                edits.scenario_sharing_update(
                    scenario_id=scenario.pk,
                    savings_basis=form.cleaned_data["savings_basis"],
                    costs_basis=form.cleaned_data["costs_basis"],
                    shares=form.shares(),
                    was=_was(request, shown),
                    user=request.user,
                )
        except ValidationError as exc:
            form_errors_from(form, exc)
        except StaleEdit as exc:
            current = exc.current
            savings, costs = current.get_savings_basis_display().lower(), current.get_costs_basis_display().lower()
            now = f"{savings} for savings, {costs} for costs"
            stale = _stale(last_change(current), now)
        except WriteConflict as exc:
            stale = str(exc)
    return _answer(
        request, scenario, key="sharing", form=form, fragment="section-sharing",
        saved="Saved how savings and costs are shared.", stale=stale,
    )  # fmt: skip


@require_POST
@login_required
def scenario_cluster_update(request: HtmxHttpRequest, slug: str, pk: int, cluster_pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    cluster = get_object_or_404(ServiceCluster, pk=cluster_pk, out_of_scope=False)
    key = f"cluster-{cluster.pk}"
    form = form_for(ClusterForm, key, request.POST)
    stale, saved = "", ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            with conflicts_refused():
                setting = edits.scenario_cluster_update(
                    scenario_id=scenario.pk,
                    cluster=cluster,
                    included=data["included"],
                    point=data["point"],
                    custom_value=data["custom_value"],
                    was=_was(request, ["included", "point", "custom_value"]),
                    user=request.user,
                )
            saved = f"{cluster.name}: {_point_text(setting)}."
        except ValidationError as exc:
            form_errors_from(form, exc)
        except StaleEdit as exc:
            record = last_change(exc.current, scenario_id=scenario.pk, cluster_id=cluster.pk)
            stale = _stale(record, _point_text(exc.current))
        except WriteConflict as exc:
            stale = str(exc)
    return _answer(request, scenario, key=key, form=form, fragment="cluster-row", saved=saved, stale=stale)


@require_POST
@login_required
def scenario_phase_update(request: HtmxHttpRequest, slug: str, pk: int, year: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    key = f"phase-{year}"
    form = form_for(PhaseForm, key, request.POST)
    stale, saved = "", ""
    if form.is_valid():
        try:
            with conflicts_refused():
                edits.scenario_phase_set(
                    scenario_id=scenario.pk,
                    year=year,
                    percent=form.cleaned_data["percent"],
                    was=request.POST.get("was-percent", ""),
                    user=request.user,
                )
            saved = f"Phasing {financial_years.label(year)}: {_rate(form.cleaned_data['percent'])}."
        except ValidationError as exc:
            form_errors_from(form, exc)
        except StaleEdit as exc:
            record = last_change(exc.current, scenario_id=scenario.pk, cluster_id__isnull=True, year=year)
            current = exc.current.percent
            stale = _stale(record, _rate(current) if current is not None else "100% (none entered)")
        except WriteConflict as exc:
            stale = str(exc)
    return _answer(request, scenario, key=key, form=form, fragment="section-phasing", saved=saved, stale=stale)


@require_POST
@login_required
def scenario_cluster_phase_update(request: HtmxHttpRequest, slug: str, pk: int, cluster_pk: int, year: int):
    """A cluster's own phasing for one year; blank to follow the phasing for every cluster."""
    scenario = _scenario(request, slug, pk)
    cluster = get_object_or_404(ServiceCluster, pk=cluster_pk, out_of_scope=False)
    key = f"cphase-{cluster.pk}-{year}"
    form = form_for(ClusterPhaseForm, key, request.POST)
    stale, saved = "", ""
    if form.is_valid():
        percent = form.cleaned_data["percent"]
        try:
            with conflicts_refused():
                edits.scenario_phase_set(
                    scenario_id=scenario.pk, year=year, percent=percent, was=request.POST.get("was-percent", ""),
                    user=request.user, cluster=cluster,
                )  # fmt: skip
            now = _rate(percent) if percent is not None else "as every cluster"
            saved = f"{cluster.name}, phasing {financial_years.label(year)}: {now}."
        except ValidationError as exc:
            form_errors_from(form, exc)
        except StaleEdit as exc:
            filters = {"scenario_id": scenario.pk, "cluster_id": cluster.pk, "year": year}
            current = exc.current.percent
            shown = _rate(current) if current is not None else "blank (as every cluster)"
            stale = _stale(last_change(exc.current, **filters), shown)
        except WriteConflict as exc:
            stale = str(exc)
    return _answer(
        request, scenario, key=key, form=form, fragment="section-phasing", saved=saved, stale=stale,
        anchor="section-phasing",
    )  # fmt: skip


def _years(request) -> int | None:
    try:
        return int(request.POST.get("was-years", ""))
    except ValueError:
        return 0


@require_POST
@login_required
def scenario_year_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    form = form_for(YearAddForm, "year-add", request.POST)
    stale, saved = "", ""
    if form.is_valid():
        try:
            with conflicts_refused():
                changed = edits.scenario_year_add(
                    scenario_id=scenario.pk, percent=form.cleaned_data["percent"], expected_years=_years(request),
                    user=request.user,
                )  # fmt: skip
            saved = f"Added {financial_years.label(changed.first_year + changed.years - 1)} to the period."
        except ValidationError as exc:
            form_errors_from(form, exc)
        except StaleEdit as exc:
            stale = _stale(last_change(exc.current), exc.current.period_label)
        except WriteConflict as exc:
            stale = str(exc)
    return _answer(
        request, scenario, key="year-add", form=form, fragment="section-phasing", saved=saved, stale=stale,
        also=("section-costs",), anchor="section-phasing",
    )  # fmt: skip


@require_POST
@login_required
def scenario_year_remove(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    form, stale, saved = None, "", ""
    try:
        with conflicts_refused():
            changed = edits.scenario_year_remove(
                scenario_id=scenario.pk, expected_years=_years(request), user=request.user
            )
        saved = f"The period is now {changed.period_label}."
    except ValidationError as exc:
        shown = {"first_year": financial_years.label(scenario.first_year), "years": scenario.years}
        form = form_for(PeriodForm, "period", shown)
        form.is_valid()
        form_errors_from(form, exc)
    except StaleEdit as exc:
        stale = _stale(last_change(exc.current), exc.current.period_label)
    except WriteConflict as exc:
        stale = str(exc)
    return _answer(
        request, scenario, key="period", form=form, fragment="section-phasing", saved=saved, stale=stale,
        also=("section-costs",), anchor="section-phasing",
    )  # fmt: skip


def _period_years(scenario: Scenario) -> list[int]:
    return list(range(scenario.first_year, scenario.first_year + scenario.years))


@require_POST
@login_required
def cost_item_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    form = form_for(CostForm, "cost-new", request.POST, years=_period_years(scenario))
    saved = ""
    if form.is_valid():
        try:
            with conflicts_refused():
                item = edits.cost_item_add(scenario_id=scenario.pk, values=dict(form.cleaned_data), user=request.user)
            saved = f"Added {_cost_text(item)}."
        except ValidationError as exc:
            form_errors_from(form, exc)
        except WriteConflict as exc:
            form.add_error(None, str(exc))  # a new cost: what was typed stays, to add again
    return _answer(
        request, scenario, key="cost-new", form=form, fragment="section-costs", saved=saved, anchor="section-costs"
    )


@require_POST
@login_required
def cost_item_update(request: HtmxHttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    key = f"cost-{item_pk}"
    form = form_for(CostForm, key, request.POST, years=_period_years(scenario))
    stale, saved = "", ""
    fragment = "cost-row"
    if form.is_valid():
        try:
            with conflicts_refused():
                item = edits.cost_item_update(
                    scenario_id=scenario.pk, item_id=item_pk, values=dict(form.cleaned_data),
                    was=_was(request, edits.COST_FIELDS), user=request.user,
                )  # fmt: skip
            saved = f"Saved {_cost_text(item)}."
        except ValidationError as exc:
            form_errors_from(form, exc)
        except StaleEdit as exc:
            record = last_change(exc.current, id=item_pk)
            stale = _stale(record, None if exc.current.pk is None else _cost_text(exc.current))
            if exc.current.pk is None:
                fragment = "section-costs"  # the row is gone: show the costs as they are
        except WriteConflict as exc:
            stale = str(exc)
    return _answer(
        request, scenario, key=key, form=form, fragment=fragment, saved=saved, stale=stale,
        anchor=key if fragment == "cost-row" else "section-costs",
    )  # fmt: skip


@require_POST
@login_required
def cost_item_remove(request: HtmxHttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    scenario = _scenario(request, slug, pk)
    item = CostItem.objects.filter(pk=item_pk, scenario=scenario).first()
    stale, saved = "", f"Removed {_cost_text(item)}." if item else "That cost had already been removed."
    try:
        with conflicts_refused():
            edits.cost_item_remove(
                scenario_id=scenario.pk, item_id=item_pk, was=_was(request, edits.COST_FIELDS), user=request.user
            )
    except StaleEdit as exc:
        stale = _stale(last_change(exc.current, id=item_pk), _cost_text(exc.current))
    except WriteConflict as exc:
        stale = str(exc)
    return _answer(
        request, scenario, key=f"cost-{item_pk}", form=None, fragment="section-costs", saved=saved, stale=stale,
        anchor="section-costs",
    )  # fmt: skip


@require_POST
@login_required
def scenario_clone(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Copy the scenario and all its assumptions under a new name, and open the copy."""
    scenario = _scenario(request, slug, pk)
    form = form_for(NameForm, "clone", request.POST)
    if form.is_valid():
        try:
            copy = edits.scenario_clone(scenario=scenario, name=form.cleaned_data["name"], user=request.user)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Copied “{scenario.name}” to “{copy.name}”: you are now editing the copy.")
            response = redirect(_editor_url(copy))
            if request.htmx:
                response = HttpResponse(status=204, headers={"HX-Redirect": _editor_url(copy)})
            return response
    if request.htmx:
        return _answer(request, scenario, key="clone", form=form, fragment="section-clone", saved="")
    editor = editor_build(scenario=scenario, bound={"clone": form})
    return render(request, PAGE, {"appraisal": scenario.appraisal, "editor": editor, "with_extras": False})


@require_http_methods(["GET", "POST"])
@login_required
def scenario_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask, then delete the scenario and its assumptions (the history keeps them)."""
    scenario = _scenario(request, slug, pk)
    if request.method == "GET":
        return render(
            request, "appraisal/scenarios/delete.html", {"appraisal": scenario.appraisal, "scenario": scenario}
        )
    edits.scenario_delete(scenario_id=scenario.pk, user=request.user)
    messages.success(request, f"Deleted the scenario “{scenario.name}”.")
    return redirect("appraisal_scenarios", slug=scenario.appraisal.slug)
