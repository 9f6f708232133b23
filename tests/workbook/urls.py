"""The project's URLs with the workbook routes first, as appraisal/urls.py should order them (see test_views)."""

from django.urls import include, path

urlpatterns = [
    path("", include("appraisal.routes.workbook")),
    path("", include("appraise.urls")),
]
