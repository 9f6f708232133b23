"""An appraisal's change history: who changed which figure, when, from what to what (selectors.py beside it)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from appraisal.history import selectors as change_history
from appraisal.history.forms import HistoryFilterForm
from appraisal.permissions import appraisal_for_user_or_404
from appraisal.summary.selectors import appraisal_councils

HISTORY_PAGE_SIZE = 50
FRAGMENTS = ()  # a page of its own: HTMX asks for no part of it
FILTERS = ("council", "kind", "person", "since", "until")


@require_GET
@login_required
def appraisal_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every recorded change to the appraisal's figures, newest first, filtered by the GET form and paged: the
    database counts and slices the changes, and only the page's are read and diffed."""
    appraisal = appraisal_for_user_or_404(request.user, slug)
    councils = [(c.code, c.name) for c in appraisal_councils(appraisal=appraisal)]
    bound = any(request.GET.get(name) for name in FILTERS)
    people = change_history.history_people(appraisal=appraisal)
    form = HistoryFilterForm(request.GET if bound else None, councils=councils, people=people)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = change_history.history_entries(appraisal=appraisal, **filters)
    history = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    history.object_list = change_history.history_rows(appraisal=appraisal, entries=history.object_list)
    context = {"appraisal": appraisal, "history": history, "form": form, "filtered": bound and form.is_valid()}
    return render(request, "appraisal/history/history.html", context)
