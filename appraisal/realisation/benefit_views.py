"""The benefits page (issue 19): the register of the appraisal's benefits, each with its measure, latest reading and
RAG status. Everyone who may see the appraisal reads it; officers of a partner council and programme admins add and
change benefits and record readings. Each form answers without JavaScript with a redirect back (or the page with
the errors); with HTMX, with the benefit's row (or, for a new benefit, the register) and, out of band, the error
summary and a status line."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from appraisal.formatting import measured
from appraisal.models import Appraisal, Benefit
from appraisal.permissions import appraisal_editable_or_403, appraisal_for_user_or_404, can_edit_assumptions
from appraisal.realisation import services
from appraisal.realisation.benefit_forms import ERR_DUPLICATE, LABELS, BenefitForm, ReadingForm
from appraisal.realisation.benefit_pages import benefits_page_build
from appraise import form_saves
from appraise.htmx import HtmxHttpRequest, int_or_none
from appraise.writes import changed_by, last_change, stale_message

PAGE = "appraisal/realisation/benefits.html"
ROW = "appraisal/realisation/_benefit_row.html"
EDIT_RESPONSE = "appraisal/realisation/_benefit_response.html"
NOT_SAVED = "Not saved: see the message beside the field."


def editable_appraisal(request, slug: str) -> Appraisal:
    """The appraisal, if this user may change it here: outsiders get 404, members 403."""
    return appraisal_editable_or_403(
        request.user, slug, "Only an officer of a partner council can change the benefits register."
    )


@require_GET
@login_required
def appraisal_benefits(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The page; with HTMX and ?row=<benefit> (or ?edit=<benefit>, its form open) that benefit's row alone."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    editable = can_edit_assumptions(request.user, appraisal)
    edit = int_or_none(request.GET.get("edit")) if editable else None
    page = benefits_page_build(appraisal=appraisal, editable=editable, edit=edit)
    context = {"appraisal": appraisal, "page": page}
    row = page.row(edit or int_or_none(request.GET.get("row")) or 0) if request.htmx else None
    if row is not None:
        return render(request, ROW, context | {"row": row})
    return render(request, PAGE, context)


def _benefit_text(benefit: Benefit) -> str:
    return f"“{benefit.name}”"


def _save(form, write) -> tuple[str, str]:
    return form_saves.save(form, write, labels=LABELS, to_field={ERR_DUPLICATE: "name"})


def _removed(benefit_pk: int) -> str:
    return stale_message(*changed_by(last_change(Benefit(), id=benefit_pk)), removed=True)


def _answer(request, *, appraisal, key: str, form, saved: str, stale: str, benefit_pk: int | None) -> HttpResponse:
    """The outcome of one edit: a redirect (plain, saved), the page with the errors (plain, refused), or the
    benefit's row (the register, for a new benefit) with the error summary and status line out of band."""
    ok = form.is_valid() and not stale
    anchor = f"benefit-{benefit_pk}" if benefit_pk else "register"
    if ok and not request.htmx:
        messages.success(request, saved)
        return redirect(reverse("appraisal_benefits", args=[appraisal.slug]) + f"#{anchor}")
    bound = {} if ok or stale else {key: form}
    page = benefits_page_build(
        appraisal=appraisal, editable=True, bound=bound, stale={anchor: stale} if stale and benefit_pk else {}
    )
    if stale and not benefit_pk:
        page.errors.append(("register", stale))
    context = {"appraisal": appraisal, "page": page, "status": saved if ok else NOT_SAVED}
    if not request.htmx:
        return render(request, PAGE, context)
    row = page.row(benefit_pk) if benefit_pk else None
    fragment = ROW if row is not None else f"{PAGE}#register"
    response = render(request, EDIT_RESPONSE, context | {"row": row, "fragment": fragment, "page_template": PAGE})
    return response if row is not None else retarget(reswap(response, "outerHTML"), "#register")


@require_POST
@login_required
def benefit_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A new benefit at the end of the register."""
    appraisal = editable_appraisal(request, slug)
    page = benefits_page_build(appraisal=appraisal, editable=True)
    form = BenefitForm(
        request.POST, auto_id="id_benefit-new-%s", options=page.options, clusters=page.clusters, councils=page.councils
    )

    def write() -> str:
        benefit = services.benefit_save(appraisal=appraisal, values=form.values(), user=request.user)
        return f"Added the benefit {_benefit_text(benefit)}."

    saved, stale = _save(form, write)
    return _answer(
        request, appraisal=appraisal, key="benefit-new", form=form, saved=saved, stale=stale, benefit_pk=None
    )


@require_POST
@login_required
def benefit_update(request: HtmxHttpRequest, slug: str, benefit_pk: int) -> HttpResponse:
    """Change a benefit, refused if a colleague changed (or removed) it since the form was shown."""
    appraisal = editable_appraisal(request, slug)
    page = benefits_page_build(appraisal=appraisal, editable=True)
    key = f"benefit-{benefit_pk}"
    form = BenefitForm(
        request.POST, auto_id=f"id_{key}-%s", options=page.options, clusters=page.clusters, councils=page.councils
    )
    benefit = appraisal.benefits.filter(pk=benefit_pk).first()
    if benefit is None:
        form.is_valid()
        return _answer(
            request, appraisal=appraisal, key=key, form=form, saved="", stale=_removed(benefit_pk), benefit_pk=None
        )
    record = last_change(benefit)
    seen = form.cleaned_data.get("seen") if form.is_valid() else None
    if seen is not None and record is not None and record.history_id != seen:
        shown = f"{_benefit_text(benefit)}, measured by {benefit.measure}"
        stale = stale_message(*changed_by(record), shown=shown)
        return _answer(request, appraisal=appraisal, key=key, form=form, saved="", stale=stale, benefit_pk=benefit_pk)

    def write() -> str:
        changed = services.benefit_save(
            appraisal=appraisal, values=form.values(), benefit_id=benefit_pk, user=request.user
        )
        return f"Saved the benefit {_benefit_text(changed)}."

    saved, stale = _save(form, write)
    return _answer(request, appraisal=appraisal, key=key, form=form, saved=saved, stale=stale, benefit_pk=benefit_pk)


@require_POST
@login_required
def benefit_reading_record(request: HtmxHttpRequest, slug: str, benefit_pk: int) -> HttpResponse:
    """A reading of the benefit's measure (a second reading the same day replaces the first)."""
    appraisal = editable_appraisal(request, slug)
    key = f"reading-{benefit_pk}"
    form = ReadingForm(request.POST, auto_id=f"id_{key}-%s")
    benefit = appraisal.benefits.filter(pk=benefit_pk).first()
    if benefit is None:
        form.is_valid()
        return _answer(
            request, appraisal=appraisal, key=key, form=form, saved="", stale=_removed(benefit_pk), benefit_pk=None
        )

    def write() -> str:
        data = form.cleaned_data
        reading = services.benefit_reading_set(
            benefit=benefit, taken_on=data["taken_on"], value=data["value"], note=data["note"], user=request.user
        )
        value = measured(reading.value, benefit.unit)
        return f"Recorded {value} for {_benefit_text(benefit)} on {reading.taken_on:%-d %B %Y}."

    saved, stale = _save(form, write)
    return _answer(request, appraisal=appraisal, key=key, form=form, saved=saved, stale=stale, benefit_pk=benefit_pk)
