"""The staffing page (issue 18): grades, today's structure, each option's proposed structure with what it saves and
costs, the option's staff arrangements and the councils' on-costs and redundancy policy. Everyone who may see the
appraisal reads it; officers of a partner council and programme admins edit it. Its small forms post to
post_views.py and settings_views.py, which answer through `answer` below: without JavaScript a redirect back (or
the page with the errors), with HTMX the form's section and, out of band, the figures, error summary and status."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from appraisal.models import Appraisal
from appraisal.permissions import appraisal_editable_or_403, appraisal_for_user_or_404, can_edit_assumptions
from appraisal.staffing.forms import LABELS
from appraisal.staffing.pages import staffing_page_build
from appraise import form_saves
from appraise.htmx import HtmxHttpRequest, int_or_none

PAGE = "appraisal/staffing/page.html"
EDIT_RESPONSE = "appraisal/staffing/_edit_response.html"
NOT_SAVED = "Not saved: see the message beside the field."
SECTIONS = ("grades", "baseline", "proposed", "figures", "arrangements", "councils")
OPTION_SECTIONS = ("proposed", "figures", "arrangements")  # shown only when the appraisal has an option to choose


def editable_appraisal(request, slug: str) -> Appraisal:
    """The appraisal, if this user may change it here: outsiders get 404, members 403."""
    return appraisal_editable_or_403(
        request.user, slug, "Only an officer of a partner council can change the staffing structures."
    )


def page_url(appraisal: Appraisal, option_id: int | None = None, anchor: str = "") -> str:
    url = reverse("appraisal_staffing", args=[appraisal.slug])
    if option_id:
        url += f"?option={option_id}"
    return f"{url}#{anchor}" if anchor else url


@require_GET
@login_required
def appraisal_staffing(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The page; with HTMX one of its sections (?section=baseline), as a row opened for editing (?edit=<post>)."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    editable = can_edit_assumptions(request.user, appraisal)
    page = staffing_page_build(
        appraisal=appraisal,
        user=request.user,
        editable=editable,
        option_id=int_or_none(request.GET.get("option")),
        edit=int_or_none(request.GET.get("edit")) if editable else None,
    )
    template = PAGE
    section = request.GET.get("section", "")
    if request.htmx and section in SECTIONS and (page.option or section not in OPTION_SECTIONS):
        template += f"#section-{section}"
    return render(request, template, {"appraisal": appraisal, "page": page})


def save(form, write: Callable[[], str], shown: Callable[[object], str | None], **removed) -> tuple[str, str]:
    """appraise/form_saves.py's save, with this page's field names."""
    return form_saves.save(form, write, shown, labels=LABELS, **removed)


def answer(
    request: HtmxHttpRequest,
    *,
    appraisal: Appraisal,
    option_id: int | None,
    key: str,
    form,
    saved: str,
    stale: str,
    section: str,
    also: tuple[str, ...] = (),
    anchor: str = "",
) -> HttpResponse:
    """The outcome of one edit: redirect (plain, saved), the page with the errors (plain, refused), or the form's
    section with the figures, the error summary and the status line out of band (and the `also` sections)."""
    ok = (form is None or form.is_valid()) and not stale
    if ok and not request.htmx:
        messages.success(request, saved)
        return redirect(page_url(appraisal, option_id, anchor or f"section-{section}"))
    bound = {} if ok or stale or form is None else {key: form}
    page = staffing_page_build(
        appraisal=appraisal,
        user=request.user,
        editable=True,
        option_id=option_id,
        bound=bound,
        stale={key: stale} if stale else {},
    )
    context = {"appraisal": appraisal, "page": page}
    if not request.htmx:
        return render(request, PAGE, context)
    context |= {
        "fragment": f"{PAGE}#section-{section}",
        "also": [
            f"{PAGE}#section-{name}"
            for name in also
            if name != section and (page.option or name not in OPTION_SECTIONS)
        ],
        "page_template": PAGE,
        "status": saved if ok else NOT_SAVED,
    }
    return render(request, EDIT_RESPONSE, context)
