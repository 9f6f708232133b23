"""The route recording Cabinet's decision from the dashboard (decision_views.py)."""

from django.urls import path

from appraisal.realisation import decision_views

urlpatterns = [
    path("appraisals/<slug:slug>/decision/", decision_views.appraisal_approve, name="appraisal_approve"),
]
