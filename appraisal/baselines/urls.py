"""Routes for the baselines grid, the services in an appraisal (its scope), the savings ranges and the deficits."""

from django.urls import path

from appraisal.baselines import scope_views, views

urlpatterns = [
    path("appraisals/<slug:slug>/baselines/", views.baseline_grid, name="baseline_grid"),
    path("appraisals/<slug:slug>/baselines/cell/", views.baseline_cell, name="baseline_cell"),
    path("appraisals/<slug:slug>/baselines/scope/", views.service_scope_update, name="service_scope_update"),
    path("appraisals/<slug:slug>/scope/", scope_views.appraisal_scope, name="appraisal_scope"),
    path("appraisals/<slug:slug>/scope/add/", scope_views.appraisal_scope_add, name="appraisal_scope_add"),
    path("appraisals/<slug:slug>/scope/remove/", scope_views.appraisal_scope_remove, name="appraisal_scope_remove"),
    path("appraisals/<slug:slug>/savings/", views.savings_ranges, name="savings_ranges"),
    path("appraisals/<slug:slug>/deficits/", views.funding_deficits, name="funding_deficits"),
]
