"""The scope page's views: the services an appraisal covers (a page), one added, one removed.

Plain forms that redirect back to the page (post/redirect/get) with what changed; a refused form comes back with
its errors beside the inputs and in the error summary. Programme admins and officers of partner councils change
the scope; members and the partners' other users read it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from appraisal.baselines.forms import ServiceRemoveForm
from appraisal.baselines.scope import ScopePage, scope_page
from appraisal.baselines.selectors import appraisal_services
from appraisal.baselines.services import service_scope_add, service_scope_remove
from appraisal.models import Appraisal
from appraisal.permissions import appraisal_for_user_or_404, can_edit_assumptions
from services.models import Scope

SCOPE_PAGE = "appraisal/baselines/scope.html"
NOT_ALLOWED = "Only a programme admin or an officer of a partner council can change the services in an appraisal."


def _page(request: HttpRequest, page: ScopePage) -> HttpResponse:
    return render(request, SCOPE_PAGE, {"appraisal": page.appraisal, "page": page})


def _editable_appraisal(request: HttpRequest, slug: str) -> Appraisal:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    if not can_edit_assumptions(request.user, appraisal):
        raise PermissionDenied(NOT_ALLOWED)
    return appraisal


def _scope_url(appraisal: Appraisal, anchor: str) -> str:
    return f"{reverse('appraisal_scope', args=[appraisal.slug])}#{anchor}"


@require_GET
@login_required
def appraisal_scope(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    return _page(request, scope_page(appraisal=appraisal, user=request.user))


@require_POST
@login_required
def appraisal_scope_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a service, with its scope and reason (blank: the service's own); its baselines enter the figures."""
    appraisal = _editable_appraisal(request, slug)
    page = scope_page(appraisal=appraisal, user=request.user, data=request.POST)
    if not page.form.is_valid():
        return _page(request, page)
    service, scope, reason = (page.form.cleaned_data[name] for name in ("service", "scope", "reason"))
    try:
        added = service_scope_add(
            appraisal=appraisal, service=service, scope=scope or None, reason=reason or None, user=request.user
        )
    except ValidationError as exc:  # added by someone else since the page was loaded
        page.form.add_error("service", exc.message_dict.get("service", exc.messages))
        return _page(request, page)
    label = Scope(added.scope).label
    messages.success(request, f"Added {service.name} ({service.cluster.name}) to this appraisal: {label}.")
    return redirect(_scope_url(appraisal, f"service-{service.pk}"))


@require_POST
@login_required
def appraisal_scope_remove(request: HttpRequest, slug: str) -> HttpResponse:
    """Take a service out of the appraisal: its baselines stay stored but leave the figures."""
    appraisal = _editable_appraisal(request, slug)
    covered = {s.service_id: s for s in appraisal_services(appraisal_id=appraisal.pk)}
    form = ServiceRemoveForm(request.POST, covered=covered)
    if not form.is_valid():
        if not str(request.POST.get("service", "")).isdigit():
            return HttpResponseBadRequest("That is not a service of this appraisal.")
        # Removed by someone else since the page was loaded: say so on the page as it now is.
        messages.info(request, "That service is no longer in this appraisal.")
        return redirect(_scope_url(appraisal, "services"))
    scoped = form.cleaned_data["service"]
    try:
        service_scope_remove(appraisal=appraisal, service_id=scoped.service_id, user=request.user)
    except ValidationError:  # removed by someone else a moment ago
        messages.info(request, f"{scoped.service} is no longer in this appraisal.")
        return redirect(_scope_url(appraisal, "services"))
    messages.success(
        request,
        f"Removed {scoped.service} ({scoped.cluster}) from this appraisal. Its budgets stay stored; add it again to "
        "count them in the figures.",
    )
    return redirect(_scope_url(appraisal, f"cluster-{scoped.cluster_id}"))
