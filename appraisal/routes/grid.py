"""Routes for the grid views (see appraisal/views/grid.py)."""

from django.urls import path

from appraisal.views import grid

urlpatterns = [
    path("appraisals/<slug:slug>/baselines/", grid.baseline_grid, name="baseline_grid"),
    path("appraisals/<slug:slug>/baselines/cell/", grid.baseline_cell, name="baseline_cell"),
    path("appraisals/<slug:slug>/baselines/scope/", grid.service_scope_update, name="service_scope_update"),
]
