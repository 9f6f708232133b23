"""The partners' years on the scenarios page (issue 19): an officer sets when a council joins or leaves; every
scenario re-bases its shares from those years. Without JavaScript, like the page's other small forms: a redirect
back to the section, or the page with the errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from appraisal.scenarios.partners import PartnerYearsForm, parse_was
from appraisal.scenarios.views import list_page
from appraisal.summary.services import partner_years_set
from appraise.concurrency import WriteConflict, conflicts_refused
from appraise.writes import StaleEdit
from councils import financial_years

STALE = (
    "A colleague changed this council's years while you were editing: they now show {now}. Check them and save again."
)


def _years_text(join_year, leave_year) -> str:
    start = financial_years.label(join_year) if join_year else "the start"
    end = financial_years.label(leave_year) if leave_year else "the end"
    return f"from {start} to {end}"


@require_POST
@login_required
def partner_years_update(request: HttpRequest, slug: str, council_pk: int) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied("Only an officer of a partner council can change when a partner joins or leaves.")
    membership = appraisal.memberships.select_related("council").filter(council_id=council_pk).first()
    if membership is None:
        raise Http404("No such partner in this appraisal.")
    form = PartnerYearsForm(request.POST, auto_id=f"id_partner-{council_pk}-%s")
    if form.is_valid():
        first, last = form.cleaned_data["join_year"], form.cleaned_data["leave_year"]
        try:
            with conflicts_refused():
                partner_years_set(
                    appraisal=appraisal,
                    council=membership.council,
                    join_year=first,
                    leave_year=last,
                    was=parse_was(request.POST.get("was", "")),
                    user=request.user,
                )
        except ValidationError as exc:
            for name, errors in getattr(exc, "message_dict", {"leave_year": exc.messages}).items():
                form.add_error(name if name in form.fields else "leave_year", errors)
        except StaleEdit as exc:
            now = _years_text(exc.current.join_year, exc.current.leave_year)
            form.add_error("join_year", STALE.format(now=now))
        except WriteConflict as exc:
            form.add_error("join_year", str(exc))
        else:
            said = _years_text(first, last)
            messages.success(request, f"{membership.council.name} is now a partner {said}: every scenario is re-based.")
            return redirect(reverse("appraisal_scenarios", args=[appraisal.slug]) + "#partners")
    return list_page(request, appraisal, partner_forms={council_pk: form})
