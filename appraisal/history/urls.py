"""Routes for an appraisal's change history."""

from django.urls import path

from appraisal.history import views

urlpatterns = [
    path("appraisals/<slug:slug>/history/", views.appraisal_history, name="appraisal_history"),
]
