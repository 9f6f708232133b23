"""Routes for an appraisal's simulation (issue 20): how sure its figures are."""

from django.urls import path

from appraisal.simulation import views

urlpatterns = [
    path("appraisals/<slug:slug>/simulation/", views.appraisal_simulation, name="appraisal_simulation"),
]
