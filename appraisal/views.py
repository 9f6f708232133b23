from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from appraisal.calculations import CalculationError
from appraisal.models import Appraisal
from appraisal.selectors import appraisal_figures, appraisal_get, appraisal_list


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "appraisal/home.html", {"appraisals": appraisal_list()})


@require_GET
@login_required
def appraisal_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        appraisal = appraisal_get(slug=slug)
    except Appraisal.DoesNotExist:
        raise Http404("No appraisal with that address.") from None
    try:
        figures = appraisal_figures(appraisal=appraisal)
    except CalculationError as exc:
        return render(request, "appraisal/detail_error.html", {"appraisal": appraisal, "error": str(exc)}, status=200)
    return render(request, "appraisal/detail.html", {"appraisal": appraisal, "figures": figures, "s": figures.summary})
