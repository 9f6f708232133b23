from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from appraisal.calculations import CalculationError
from appraisal.permissions import appraisal_for_user_or_404, appraisals_visible_to
from appraisal.selectors import appraisal_figures, appraisal_list


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    appraisals = appraisal_list().filter(pk__in=appraisals_visible_to(request.user).values("pk"))
    return render(request, "appraisal/home.html", {"appraisals": appraisals})


@require_GET
@login_required
def appraisal_detail(request: HttpRequest, slug: str) -> HttpResponse:
    appraisal = appraisal_for_user_or_404(request.user, slug)
    try:
        figures = appraisal_figures(appraisal=appraisal)
    except CalculationError as exc:
        return render(request, "appraisal/detail_error.html", {"appraisal": appraisal, "error": str(exc)}, status=200)
    return render(request, "appraisal/detail.html", {"appraisal": appraisal, "figures": figures, "s": figures.summary})
