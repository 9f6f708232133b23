"""The options pages: the ranked short list (everyone who may see the appraisal; officers also change the criteria,
choose the preferred option and add options), one option's page, and deleting an option. The option page's small
forms post to option_views.py. One URL per page: an HTMX edit's answer is partials of the same templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from appraisal.models import Appraisal
from appraisal.options import services
from appraisal.options.answer import LIST_PAGE, OPTION_PAGE, answer, option_url, options_url, save
from appraisal.options.forms import CriteriaForm, CriterionAddForm, OptionAddForm, PreferredForm
from appraisal.options.pages import option_page_build, options_page_build
from appraisal.options.selectors import criteria_list, option_get, options_list
from appraisal.permissions import appraisal_editable_or_403, appraisal_for_user_or_404, can_edit_assumptions
from appraisal.scenarios.forms import form_errors_from
from appraisal.summary.selectors import appraisal_councils
from appraise.htmx import HtmxHttpRequest

DELETE_PAGE = "appraisal/options/delete.html"


def _editable_appraisal(request, slug: str) -> Appraisal:
    """The appraisal, if this user may change it here: outsiders get 404, members 403."""
    return appraisal_editable_or_403(request.user, slug, "Only an officer of a partner council can change the options.")


@require_GET
@login_required
def appraisal_options(request: HttpRequest, slug: str) -> HttpResponse:
    """The short list ranked, with the criteria and the preferred option; officers change them here."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    page = options_page_build(appraisal=appraisal, editable=can_edit_assumptions(request.user, appraisal))
    return render(request, LIST_PAGE, {"appraisal": appraisal, "page": page, "ranking": page.ranking})


@require_POST
@login_required
def option_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Add an option and its central case, and open its page."""
    appraisal = _editable_appraisal(request, slug)
    form = OptionAddForm(request.POST, auto_id="id_add-%s", councils=appraisal_councils(appraisal=appraisal))
    if form.is_valid():
        try:
            option = services.option_create(appraisal=appraisal, **form.cleaned_data, user=request.user)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Added the option “{option.name}”: set its figures, scores and risks below.")
            url = option_url(option)
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return answer(
        request, appraisal=appraisal, option=None, key="add", form=form, saved="", stale="", fragment="section-add"
    )


@require_POST
@login_required
def criteria_update(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Rename and reweight the criteria at once."""
    appraisal = _editable_appraisal(request, slug)
    criteria = criteria_list(appraisal=appraisal)
    form = CriteriaForm(request.POST, auto_id="id_criteria-%s", criteria=criteria)
    posted = request.POST
    was = {c.pk: (posted.get(f"was-name-{c.pk}", ""), posted.get(f"was-weight-{c.pk}", "")) for c in criteria}

    def write() -> str:
        services.criteria_update(appraisal=appraisal, values=form.chosen(), was=was, user=request.user)
        total = sum(weight for _, weight in form.chosen().values())
        if total != 100:
            return f"Saved the criteria: their weights add up to {total}, not 100."
        return "Saved the criteria."

    saved, stale = save(form, write, lambda current: f"{current.name} ({current.weight})" if current.pk else None)
    return answer(
        request, appraisal=appraisal, option=None, key="criteria", form=form, saved=saved, stale=stale,
        fragment="section-criteria",
    )  # fmt: skip


@require_POST
@login_required
def criterion_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    appraisal = _editable_appraisal(request, slug)
    form = CriterionAddForm(request.POST, auto_id="id_criterion-%s")

    def write() -> str:
        c = services.criterion_add(appraisal=appraisal, **form.cleaned_data, user=request.user)
        return f"Added the criterion “{c.name}”, weight {c.weight}."

    saved, stale = save(form, write, None)
    return answer(
        request, appraisal=appraisal, option=None, key="criterion", form=form, saved=saved, stale=stale,
        fragment="section-criteria", anchor="section-criteria",
    )  # fmt: skip


@require_POST
@login_required
def criterion_remove(request: HtmxHttpRequest, slug: str, criterion_pk: int) -> HttpResponse:
    appraisal = _editable_appraisal(request, slug)
    criterion = next((c for c in criteria_list(appraisal=appraisal) if c.pk == criterion_pk), None)

    def write() -> str:
        removed = services.criterion_remove(criterion_id=criterion.pk, user=request.user) if criterion else None
        return f"Removed the criterion “{removed.name}”." if removed else "That criterion had already been removed."

    saved, stale = save(None, write, None)
    return answer(
        request, appraisal=appraisal, option=None, key="criteria", form=None, saved=saved, stale=stale,
        fragment="section-criteria",
    )  # fmt: skip


@require_POST
@login_required
def preferred_update(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Choose the preferred option (blank: the option ranked first), with the reason where it does not rank first."""
    appraisal = _editable_appraisal(request, slug)
    form = PreferredForm(request.POST, auto_id="id_preferred-%s", options=options_list(appraisal=appraisal))

    def write() -> str:
        chosen = services.option_preferred_set(
            appraisal=appraisal,
            option_id=form.cleaned_data["option"],
            reason=form.cleaned_data["reason"],
            was=request.POST.get("was-option", ""),
            user=request.user,
        )
        return f"“{chosen.name}” is the preferred option." if chosen else "The option ranked first is preferred."

    def shown(current) -> str:
        return f"“{current.name}”" if current.preferred else "the option ranked first"

    saved, stale = save(form, write, shown)
    return answer(
        request, appraisal=appraisal, option=None, key="preferred", form=form, saved=saved, stale=stale,
        fragment="section-preferred",
    )  # fmt: skip


@require_GET
@login_required
def option_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One option: its details, model per cluster, scores, cost lines and risks, beside the ranked table."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    option = option_get(appraisal=appraisal, option_id=pk)
    page = option_page_build(option=option, editable=can_edit_assumptions(request.user, appraisal))
    return render(request, OPTION_PAGE, {"appraisal": appraisal, "page": page, "ranking": page.ranking})


@require_http_methods(["GET", "POST"])
@login_required
def option_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask, then delete the option with its figures, scores and risks; business as usual never (the page says why)."""
    appraisal = _editable_appraisal(request, slug)
    option = option_get(appraisal=appraisal, option_id=pk)
    if request.method == "GET":
        return render(request, DELETE_PAGE, {"appraisal": appraisal, "option": option})
    try:
        services.option_delete(option_id=option.pk, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(options_url(appraisal))
    messages.success(request, f"Deleted the option “{option.name}”.")
    return redirect(options_url(appraisal))
