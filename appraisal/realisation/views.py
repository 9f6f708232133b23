"""The realisation page (issue 19): the plan monitored against the savings delivered, by year, council and cluster,
with the RAG rule stated. Everyone who may see the appraisal reads it; officers of a partner council and programme
admins record savings delivered and costs incurred, and change what was recorded. Each form answers without
JavaScript with a redirect back (or the page with the errors); with HTMX, with its own section and, out of band,
the figures (the plan against actual by year, council and cluster), the recorded actuals, the error summary and a
status line, as the staffing page's `answer`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from appraisal import formatting as fmt
from appraisal.models import Appraisal, SavingActual
from appraisal.permissions import appraisal_editable_or_403, appraisal_for_user_or_404, can_edit_assumptions
from appraisal.realisation import services
from appraisal.realisation.forms import LABELS, ActualForm
from appraisal.realisation.pages import realisation_page_build
from appraise import form_saves
from appraise.htmx import HtmxHttpRequest, int_or_none
from appraise.writes import changed_by, last_change, stale_message
from councils.financial_years import label

PAGE = "appraisal/realisation/page.html"
EDIT_RESPONSE = "appraisal/realisation/_edit_response.html"
NOT_SAVED = "Not saved: see the message beside the field."
SECTIONS = ("figures", "record", "actuals")


def editable_appraisal(request, slug: str) -> Appraisal:
    """The appraisal, if this user may change it here: outsiders get 404, members 403."""
    return appraisal_editable_or_403(
        request.user, slug, "Only an officer of a partner council can record savings delivered."
    )


@require_GET
@login_required
def appraisal_realisation(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The page; with HTMX one of its sections (?section=actuals), with a recorded actual open (?edit=<actual>)."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    editable = can_edit_assumptions(request.user, appraisal)
    edit = int_or_none(request.GET.get("edit")) if editable else None
    page = realisation_page_build(appraisal=appraisal, editable=editable, edit=edit)
    template = PAGE
    section = request.GET.get("section", "")
    if request.htmx and section in SECTIONS and page.overview is not None:
        template += f"#section-{section}"
    return render(request, template, {"appraisal": appraisal, "page": page})


def _actual_text(row: SavingActual) -> str:
    when = label(row.year) + (", delivered before the appraisal" if row.before_appraisal else "")
    return f"{fmt.money(row.savings)} delivered by {row.council.name} in {row.cluster.name}, {when}"


def _save(form: ActualForm, write) -> tuple[str, str]:
    return form_saves.save(form, write, lambda now: fmt.money(now.savings) + " delivered", labels=LABELS)


def _answer(request, *, appraisal, key: str, form, saved: str, stale: str, section: str) -> HttpResponse:
    """The outcome of one edit: a redirect (plain, saved), the page with the errors (plain, refused), or the form's
    section with the figures, the recorded actuals, the error summary and the status line out of band."""
    ok = form.is_valid() and not stale
    if ok and not request.htmx:
        messages.success(request, saved)
        return redirect(reverse("appraisal_realisation", args=[appraisal.slug]) + f"#section-{section}")
    bound = {} if ok or stale else {key: form}
    page = realisation_page_build(appraisal=appraisal, editable=True, bound=bound, stale={key: stale} if stale else {})
    context = {"appraisal": appraisal, "page": page}
    if not request.htmx:
        return render(request, PAGE, context)
    context |= {
        "fragment": f"{PAGE}#section-{section}",
        "also": [f"{PAGE}#section-{name}" for name in ("figures", "actuals") if name != section],
        "page_template": PAGE,
        "status": saved if ok else NOT_SAVED,
    }
    return render(request, EDIT_RESPONSE, context)


@require_POST
@login_required
def realisation_actual_record(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Savings delivered and costs incurred by a partner in a cluster and year not recorded before."""
    appraisal = editable_appraisal(request, slug)
    page = realisation_page_build(appraisal=appraisal, editable=True)
    form = ActualForm(request.POST, auto_id="id_actual-new-%s", **page.form_kwargs())

    def write() -> str:
        code, cluster, year = form.target()
        council = appraisal.councils.get(code=code)
        there = appraisal.actuals.filter(council=council, cluster=cluster, year=year).first()
        if there is not None:
            recorded = f"{fmt.money(there.savings)} is already recorded for {council.name} in {cluster.name}"
            raise ValidationError({"year": f"{recorded}, {label(year)}: change it in the list of savings recorded"})
        row = services.saving_actual_set(
            appraisal=appraisal,
            council=council,
            cluster=cluster,
            year=year,
            values=form.values(),
            version=0,
            user=request.user,
        )
        return f"Recorded {_actual_text(row)}."

    saved, stale = _save(form, write) if page.overview is not None else ("", page.problem)
    return _answer(
        request, appraisal=appraisal, key="actual-new", form=form, saved=saved, stale=stale, section="record"
    )


@require_POST
@login_required
def realisation_actual_update(request: HtmxHttpRequest, slug: str, actual_pk: int) -> HttpResponse:
    """Change a recorded actual, refused if a colleague changed it since the form showed it (its version)."""
    appraisal = editable_appraisal(request, slug)
    page = realisation_page_build(appraisal=appraisal, editable=True)
    key = f"actual-{actual_pk}"
    row = appraisal.actuals.select_related("council", "cluster").filter(pk=actual_pk).first()
    form = ActualForm(request.POST, auto_id=f"id_{key}-%s", row=row, **page.form_kwargs())
    if row is None:
        form.is_valid()
        removed = stale_message(*changed_by(last_change(SavingActual(), id=actual_pk)), removed=True)
        return _answer(
            request, appraisal=appraisal, key="actual", form=form, saved="", stale=removed, section="actuals"
        )

    def write() -> str:
        changed = services.saving_actual_set(
            appraisal=appraisal,
            council=row.council,
            cluster=row.cluster,
            year=row.year,
            values=form.values(),
            version=form.cleaned_data.get("version") or 0,
            user=request.user,
        )
        return f"Saved {_actual_text(changed)}."

    saved, stale = _save(form, write) if page.overview is not None else ("", page.problem)
    return _answer(request, appraisal=appraisal, key=key, form=form, saved=saved, stale=stale, section="actuals")
