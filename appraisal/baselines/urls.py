"""Routes for the baselines grid, the savings ranges and the funding deficits."""

from django.urls import path

from appraisal.baselines import views

urlpatterns = [
    path("appraisals/<slug:slug>/baselines/", views.baseline_grid, name="baseline_grid"),
    path("appraisals/<slug:slug>/baselines/cell/", views.baseline_cell, name="baseline_cell"),
    path("appraisals/<slug:slug>/baselines/scope/", views.service_scope_update, name="service_scope_update"),
    path("appraisals/<slug:slug>/savings/", views.savings_ranges, name="savings_ranges"),
    path("appraisals/<slug:slug>/deficits/", views.funding_deficits, name="funding_deficits"),
]
