"""The route of the simulation settings page (settings_views.py)."""

from django.urls import path

from appraisal.simulation import settings_views

urlpatterns = [
    path("appraisals/<slug:slug>/simulation-settings/", settings_views.simulation_settings, name="simulation_settings"),
]
