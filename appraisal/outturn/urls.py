"""Routes for "New appraisal from published figures" (see views.py beside it)."""

from django.urls import path

from appraisal.outturn import views

urlpatterns = [
    # Before "appraisals/<slug>/" in appraisal/urls.py, so "new" is never read as an appraisal's address.
    path("appraisals/new/from-published-figures/", views.outturn_appraisal_new, name="outturn_appraisal_new"),
    path(
        "appraisals/new/from-published-figures/councils/",
        views.outturn_council_search,
        name="outturn_council_search",
    ),
]
