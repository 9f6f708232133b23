"""The option page's small forms: its details, a mixed option's model per cluster, its scores, its cost lines
(written by the scenario machinery's one cost writer, scenarios/parts.py, on the option's central case), its risks
and its low or high case. Each answers through answer.answer: its section, with the ranked table out of band."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from appraisal import formatting as fmt
from appraisal.models import CostItem, Option
from appraisal.options import services
from appraisal.options.answer import answer, save
from appraisal.options.forms import CaseAddForm, ClusterModelsForm, OptionDetailsForm, RiskForm, ScoresForm
from appraisal.options.pages import RISK_SHOWN
from appraisal.options.selectors import criteria_list, option_get
from appraisal.options.views import _editable_appraisal
from appraisal.scenarios import parts
from appraisal.scenarios.forms import CostLineForm, form_errors_from
from appraisal.summary.selectors import appraisal_councils
from appraise.htmx import HtmxHttpRequest
from councils import financial_years
from services.models import ServiceCluster


def _option_for(request, slug: str, pk: int) -> Option:
    """The option, if this user may change it: outsiders get 404, members 403."""
    appraisal = _editable_appraisal(request, slug)
    return option_get(appraisal=appraisal, option_id=pk)


def _answer(request, option: Option, key: str, form, saved: str, stale: str, fragment: str, anchor: str = "", also=()):
    return answer(
        request,
        appraisal=option.appraisal,
        option=option,
        key=key,
        form=form,
        saved=saved,
        stale=stale,
        fragment=fragment,
        anchor=anchor,
        also=also,
    )


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0  # never matches: a form that does not say what it showed cannot overwrite unchecked


@require_POST
@login_required
def option_details_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    option = _option_for(request, slug, pk)
    councils = appraisal_councils(appraisal=option.appraisal)
    form = OptionDetailsForm(request.POST, auto_id="id_details-%s", councils=councils)

    def write() -> str:
        services.option_update(
            option_id=option.pk, values=dict(form.cleaned_data), version=_version(request), user=request.user
        )
        return "Saved the option's details."

    saved, stale = save(form, write, lambda current: f"“{current.name}”, {current.get_delivery_model_display()}")
    # A change of model shows or hides the model per cluster.
    return _answer(request, option, "details", form, saved, stale, "section-details", also=("section-models",))


@require_POST
@login_required
def option_models_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A mixed option's delivery model for each cluster."""
    option = _option_for(request, slug, pk)
    clusters = list(ServiceCluster.objects.filter(out_of_scope=False).order_by("position", "name"))
    councils = appraisal_councils(appraisal=option.appraisal)
    form = ClusterModelsForm(request.POST, auto_id="id_models-%s", clusters=clusters, councils=councils)

    posted = request.POST
    was = {c.pk: (posted.get(f"was-model-{c.pk}", ""), posted.get(f"was-lead-{c.pk}", "")) for c in clusters}

    def write() -> str:
        services.option_cluster_models_set(
            option_id=option.pk, models_by_cluster=form.chosen(), was=was, user=request.user
        )
        return "Saved the model for each cluster."

    def shown(current) -> str:
        if not current.pk:
            return f"{current.cluster.name}: not decided"
        lead = f" ({current.lead_authority.name})" if current.lead_authority_id else ""
        return f"{current.cluster.name}: {current.get_delivery_model_display()}{lead}"

    saved, stale = save(form, write, shown)
    return _answer(request, option, "models", form, saved, stale, "section-models")


@require_POST
@login_required
def option_scores_update(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    option = _option_for(request, slug, pk)
    criteria = criteria_list(appraisal=option.appraisal)
    form = ScoresForm(request.POST, auto_id="id_scores-%s", criteria=criteria)
    posted = request.POST
    was = {
        c.pk: (posted.get(f"was-score-{c.pk}", ""), posted.get(f"was-reason-{c.pk}", ""))
        for c in criteria
        if not c.is_financial
    }

    def write() -> str:
        services.option_scores_set(option_id=option.pk, scores=form.chosen(), was=was, user=request.user)
        return "Saved the scores."

    def shown(current) -> str:
        return f"{current.score} on {current.criterion.name}" if current.pk else "not scored"

    saved, stale = save(form, write, shown)
    return _answer(request, option, "scores", form, saved, stale, "section-scores")


# --- Rows of the option page: its cost lines and its risks, each added, changed and removed the same way -------


@dataclass(frozen=True)
class RowKind:
    """One kind of row the option page edits in place: how its form is made and read, which of its values the
    page shows (and sends back, to refuse stale edits), how a row reads in a message, and its three writers."""

    key: str  # the form's key: "cost" gives "cost-new" and "cost-<pk>"
    section: str  # the page section the answer replaces
    form: Callable  # (option, key, data) -> form
    values: Callable  # form -> the writer's values
    shown: tuple[str, ...]  # the fields sent back as was-<name>
    text: Callable  # row -> how a message names it
    add: Callable  # (option, values, user) -> row
    update: Callable  # (option, row_pk, values, was, user) -> row
    remove: Callable  # (option, row_pk, was, user) -> row or None (already removed)
    gone: str  # the message when the row had already been removed
    noun: str = ""  # what a message calls the row before its text: "the risk "

    def now(self, row) -> str | None:
        """The row as it is now, for a stale edit's message; None: it has been removed."""
        return None if row.pk is None else self.text(row)


def _row_add(request, option: Option, kind: RowKind) -> HttpResponse:
    key = f"{kind.key}-new"
    form = kind.form(option, key, request.POST)

    def write() -> str:
        return f"Added {kind.noun}{kind.text(kind.add(option, kind.values(form), request.user))}."

    saved, stale = save(form, write, None)
    return _answer(request, option, key, form, saved, stale, kind.section, anchor=kind.section)


def _row_update(request, option: Option, kind: RowKind, row_pk: int) -> HttpResponse:
    key = f"{kind.key}-{row_pk}"
    form = kind.form(option, key, request.POST)

    def write() -> str:
        was = {n: request.POST.get(f"was-{n}", "") for n in kind.shown}
        return f"Saved {kind.noun}{kind.text(kind.update(option, row_pk, kind.values(form), was, request.user))}."

    saved, stale = save(form, write, kind.now)
    return _answer(request, option, key, form, saved, stale, kind.section)


def _row_remove(request, option: Option, kind: RowKind, row_pk: int) -> HttpResponse:
    def write() -> str:
        row = kind.remove(option, row_pk, {n: request.POST.get(f"was-{n}", "") for n in kind.shown}, request.user)
        return f"Removed {kind.noun}{kind.text(row)}." if row else kind.gone

    saved, stale = save(None, write, kind.now)
    return _answer(request, option, f"{kind.key}s", None, saved, stale, kind.section, anchor=kind.section)


# Cost lines: the option's central case's, through the scenario machinery's one cost writer.


def _central(option: Option):
    central = option.central_scenario
    if central is None:
        raise ValidationError(services.ERR_NO_CENTRAL)
    return central


def _cost_form(option: Option, key: str, data) -> CostLineForm:
    central = option.central_scenario
    years = list(central.period) if central else []
    councils = appraisal_councils(appraisal=option.appraisal)
    return CostLineForm(data, auto_id=f"id_{key}-%s", years=years, councils=councils)


def _line_values(form: CostLineForm) -> dict:
    values = dict(form.cleaned_data)
    values.pop("low", None)  # the option page shows no range: an estimate set in the editor is kept
    values.pop("high", None)
    return values


def _cost_text(item: CostItem) -> str:
    every = ""
    if item.recurring:
        end = financial_years.label(item.last_year) if item.last_year else "the end of the period"
        every = f" a year to {end}"
    return f"{item.get_category_display()} from {financial_years.label(item.year)} {fmt.money(item.amount)}{every}"


COSTS = RowKind(
    key="cost",
    section="section-costs",
    form=_cost_form,
    values=_line_values,
    shown=tuple(n for n in parts.LINE_FIELDS if n not in ("low", "high")),
    text=_cost_text,
    add=lambda option, values, user: parts.cost_item_add(scenario_id=_central(option).pk, values=values, user=user),
    update=lambda option, pk, values, was, user: parts.cost_item_update(
        scenario_id=_central(option).pk, item_id=pk, values=values, was=was, user=user
    ),
    remove=lambda option, pk, was, user: parts.cost_item_remove(
        scenario_id=_central(option).pk, item_id=pk, was=was, user=user
    ),
    gone="That cost line had already been removed.",
)


def _risk_form(option: Option, key: str, data) -> RiskForm:
    central = option.central_scenario
    return RiskForm(data, auto_id=f"id_{key}-%s", years=list(central.period) if central else [])


RISKS = RowKind(
    key="risk",
    section="section-risks",
    form=_risk_form,
    values=lambda form: dict(form.cleaned_data),
    shown=RISK_SHOWN,
    text=lambda risk: f"“{risk.description}” (rating {risk.rating})",
    add=lambda option, values, user: services.risk_add(option_id=option.pk, values=values, user=user),
    update=lambda option, pk, values, was, user: services.risk_update(
        option_id=option.pk, risk_id=pk, values=values, was=was, user=user
    ),
    remove=lambda option, pk, was, user: services.risk_remove(option_id=option.pk, risk_id=pk, was=was, user=user),
    gone="That risk had already been removed.",
    noun="the risk ",
)


@require_POST
@login_required
def option_cost_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    return _row_add(request, _option_for(request, slug, pk), COSTS)


@require_POST
@login_required
def option_cost_update(request: HtmxHttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    return _row_update(request, _option_for(request, slug, pk), COSTS, item_pk)


@require_POST
@login_required
def option_cost_remove(request: HtmxHttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    return _row_remove(request, _option_for(request, slug, pk), COSTS, item_pk)


@require_POST
@login_required
def option_risk_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    return _row_add(request, _option_for(request, slug, pk), RISKS)


@require_POST
@login_required
def option_risk_update(request: HtmxHttpRequest, slug: str, pk: int, risk_pk: int) -> HttpResponse:
    return _row_update(request, _option_for(request, slug, pk), RISKS, risk_pk)


@require_POST
@login_required
def option_risk_remove(request: HtmxHttpRequest, slug: str, pk: int, risk_pk: int) -> HttpResponse:
    return _row_remove(request, _option_for(request, slug, pk), RISKS, risk_pk)


@require_POST
@login_required
def option_case_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The option's low or high case, a copy of its central case, opened in the scenario editor."""
    option = _option_for(request, slug, pk)
    form = CaseAddForm(request.POST, auto_id="id_case-%s")
    if form.is_valid():
        try:
            scenario = services.option_case_add(option_id=option.pk, case=form.cleaned_data["case"], user=request.user)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Added “{scenario.name}”, a copy of the central case: change its figures here.")
            url = reverse("scenario_editor", args=[option.appraisal.slug, scenario.pk])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return _answer(request, option, "case", form, "", "", "section-cases")
