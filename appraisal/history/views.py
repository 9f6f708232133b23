"""An appraisal's change history: who changed which figure, when, from what to what (selectors.py beside it)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from appraisal.history import selectors as change_history
from appraisal.permissions import appraisal_for_user_or_404

HISTORY_PAGE_SIZE = 100
FRAGMENTS = ()  # a page of its own: HTMX asks for no part of it


@require_GET
@login_required
def appraisal_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every recorded change to the appraisal's figures, newest first, HISTORY_PAGE_SIZE to a page."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    rows = change_history.appraisal_history(appraisal=appraisal)
    history = Paginator(rows, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "appraisal/history/history.html", {"appraisal": appraisal, "history": history})
