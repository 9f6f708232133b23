"""The staffing page's other forms: grades (added, changed, removed), an option's staff arrangements (the host
employer, whether the partners share leaving costs) and consultation checklist, and a council's on-costs and
redundancy policy, which only a programme admin or an officer of that council may change (as its baselines)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from appraisal.models import Grade
from appraisal.options.selectors import option_get
from appraisal.permissions import can_edit_council_figures
from appraisal.staffing import services
from appraisal.staffing.forms import ConsultationForm, CouncilStaffingForm, GradeForm, OptionStaffingForm
from appraisal.staffing.views import answer, editable_appraisal, save
from appraisal.summary.selectors import appraisal_councils
from appraise.htmx import HtmxHttpRequest, int_or_none

GRADE_ALSO = ("baseline", "proposed", "figures")  # a grade's averages are a deleted post's unnamed holder


def _option_id(request) -> int | None:
    return int_or_none(request.POST.get("option")) or int_or_none(request.GET.get("option"))


def _grade_text(grade: Grade) -> str:
    return f"“{grade.name}” (average age {grade.average_age}, {grade.average_years_service} years of service)"


@require_POST
@login_required
def staffing_grade_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    appraisal = editable_appraisal(request, slug)
    form = GradeForm(request.POST, auto_id="id_grade-new-%s")

    def write() -> str:
        grade = services.grade_save(appraisal=appraisal, values=form.cleaned_data, user=request.user)
        return f"Added the grade {_grade_text(grade)}."

    saved, stale = save(form, write, lambda g: None)
    return answer(
        request, appraisal=appraisal, option_id=_option_id(request), key="grade-new", form=form, saved=saved,
        stale=stale, section="grades", also=GRADE_ALSO,
    )  # fmt: skip


@require_POST
@login_required
def staffing_grade_update(request: HtmxHttpRequest, slug: str, grade_pk: int) -> HttpResponse:
    appraisal = editable_appraisal(request, slug)
    get_object_or_404(Grade, appraisal=appraisal, pk=grade_pk)
    key = f"grade-{grade_pk}"
    form = GradeForm(request.POST, auto_id=f"id_{key}-%s")

    def write() -> str:
        grade = services.grade_save(appraisal=appraisal, values=form.cleaned_data, grade_id=grade_pk, user=request.user)
        return f"Saved the grade {_grade_text(grade)}."

    saved, stale = save(form, write, lambda g: None)
    return answer(
        request, appraisal=appraisal, option_id=_option_id(request), key=key, form=form, saved=saved, stale=stale,
        section="grades", also=GRADE_ALSO,
    )  # fmt: skip


@require_POST
@login_required
def staffing_grade_delete(request: HtmxHttpRequest, slug: str, grade_pk: int) -> HttpResponse:
    """Remove a grade no post is on (one in use is refused with the reason)."""
    appraisal = editable_appraisal(request, slug)
    grade = Grade.objects.filter(appraisal=appraisal, pk=grade_pk).first()

    def write() -> str:
        services.grade_delete(appraisal=appraisal, grade_id=grade_pk, user=request.user)
        return f"Removed the grade “{grade.name}”." if grade else "That grade had already been removed."

    saved, stale = save(None, write, lambda g: None)
    return answer(
        request, appraisal=appraisal, option_id=_option_id(request), key=f"grade-{grade_pk}", form=None,
        saved=saved, stale=stale, section="grades", also=GRADE_ALSO,
    )  # fmt: skip


@require_POST
@login_required
def staffing_option_update(request: HtmxHttpRequest, slug: str, option_pk: int) -> HttpResponse:
    """The option's host employer (TUPE) and whether the partners share its leaving costs."""
    appraisal = editable_appraisal(request, slug)
    option = option_get(appraisal=appraisal, option_id=option_pk)
    form = OptionStaffingForm(
        request.POST, auto_id="id_arrangements-%s", councils=appraisal_councils(appraisal=appraisal)
    )

    def write() -> str:
        services.option_staffing_update(option_id=option.pk, values=form.values(), user=request.user)
        return "Saved the option's staff arrangements."

    saved, stale = save(form, write, lambda o: None)
    return answer(
        request, appraisal=appraisal, option_id=option.pk, key="arrangements", form=form, saved=saved, stale=stale,
        section="arrangements", also=("figures",),
    )  # fmt: skip


@require_POST
@login_required
def staffing_consultation_update(request: HtmxHttpRequest, slug: str, option_pk: int) -> HttpResponse:
    """The option's staff consultation checklist: each step's date done (blank: not yet) and note."""
    appraisal = editable_appraisal(request, slug)
    option = option_get(appraisal=appraisal, option_id=option_pk)
    form = ConsultationForm(request.POST, auto_id="id_consultation-%s")

    def write() -> str:
        held = {s.step: s for s in option.consultation_steps.all()}
        for step, (done_on, note) in form.steps().items():
            row = held.get(step)
            if row is None and done_on is None and not note.strip():
                continue  # a step never touched stays unrecorded
            if row is None or row.done_on != done_on or row.note != note.strip():
                services.consultation_step_set(
                    option_id=option.pk, step=step, done_on=done_on, note=note, user=request.user
                )
        return "Saved the staff consultation checklist."

    saved, stale = save(form, write, lambda s: None)
    return answer(
        request, appraisal=appraisal, option_id=option.pk, key="consultation", form=form, saved=saved, stale=stale,
        section="arrangements",
    )  # fmt: skip


@require_POST
@login_required
def staffing_council_update(request: HtmxHttpRequest, slug: str, council_pk: int) -> HttpResponse:
    """A council's employer's National Insurance and pension contribution %, redundancy multiplier and whether it
    pays redundancy on actual pay: a programme admin or an officer of that council."""
    appraisal = editable_appraisal(request, slug)
    council = next((c for c in appraisal_councils(appraisal=appraisal) if c.pk == council_pk), None)
    if council is None or not can_edit_council_figures(request.user, council, appraisal):
        raise PermissionDenied("Only an officer of that council can change its on-costs and redundancy policy.")
    key = f"council-{council_pk}"
    form = CouncilStaffingForm(request.POST, auto_id=f"id_{key}-%s")

    def write() -> str:
        services.council_staffing_update(council_id=council.pk, values=form.cleaned_data, user=request.user)
        return f"Saved {council.name}'s on-costs and redundancy policy."

    saved, stale = save(form, write, lambda c: None)
    return answer(
        request, appraisal=appraisal, option_id=_option_id(request), key=key, form=form, saved=saved, stale=stale,
        section="councils", also=("baseline", "proposed", "figures"),
    )  # fmt: skip
