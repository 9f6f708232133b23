"""Editing an appraisal's savings ranges and its councils' funding deficits, and reading its change history.

Each editing page is one plain form: every row is checked before anything is saved, then all rows are saved
in one transaction or none is. Each row carries the version it was loaded at (and the values it showed, so
rows the editor left alone are not checked), and a row someone else saved meanwhile is refused with their
values shown. A successful save redirects back to the page (post/redirect/get) with what changed.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from appraisal.history import selectors as change_history
from appraisal.permissions import appraisal_for_user_or_404

HISTORY_PAGE_SIZE = 100


@require_GET
@login_required
def appraisal_history(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    rows = change_history.appraisal_history(appraisal=appraisal)
    history = Paginator(rows, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "appraisal/history/history.html", {"appraisal": appraisal, "history": history})
