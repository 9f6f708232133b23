"""Routes for the editing views (see appraisal/views/editing.py)."""

from django.urls import path

from appraisal.views import editing

urlpatterns = [
    path("appraisals/<slug:slug>/savings/", editing.savings_ranges, name="savings_ranges"),
    path("appraisals/<slug:slug>/deficits/", editing.funding_deficits, name="funding_deficits"),
    path("appraisals/<slug:slug>/history/", editing.appraisal_history, name="appraisal_history"),
]
