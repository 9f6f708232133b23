"""Routes for the scenario editor (see views.py beside it)."""

from django.urls import path

from appraisal.scenarios import views

SCENARIO = "appraisals/<slug:slug>/scenarios/<int:pk>/"

urlpatterns = [
    path("appraisals/<slug:slug>/scenarios/", views.appraisal_scenarios, name="appraisal_scenarios"),
    path("appraisals/<slug:slug>/scenarios/add/", views.scenario_create, name="scenario_create"),
    path(SCENARIO, views.scenario_editor, name="scenario_editor"),
    path(SCENARIO + "details/", views.scenario_details_update, name="scenario_details_update"),
    path(SCENARIO + "period/", views.scenario_period_update, name="scenario_period_update"),
    path(SCENARIO + "rates/<slug:rate>/", views.scenario_rate_update, name="scenario_rate_update"),
    path(SCENARIO + "sharing/", views.scenario_sharing_update, name="scenario_sharing_update"),
    path(SCENARIO + "clusters/<int:cluster_pk>/", views.scenario_cluster_update, name="scenario_cluster_update"),
    path(SCENARIO + "phasing/<int:year>/", views.scenario_phase_update, name="scenario_phase_update"),
    path(
        SCENARIO + "phasing/<int:year>/clusters/<int:cluster_pk>/",
        views.scenario_cluster_phase_update,
        name="scenario_cluster_phase_update",
    ),
    path(SCENARIO + "phasing/add-year/", views.scenario_year_add, name="scenario_year_add"),
    path(SCENARIO + "phasing/remove-year/", views.scenario_year_remove, name="scenario_year_remove"),
    path(SCENARIO + "costs/", views.cost_item_add, name="cost_item_add"),
    path(SCENARIO + "costs/<int:item_pk>/", views.cost_item_update, name="cost_item_update"),
    path(SCENARIO + "costs/<int:item_pk>/remove/", views.cost_item_remove, name="cost_item_remove"),
    path(SCENARIO + "copy/", views.scenario_clone, name="scenario_clone"),
    path(SCENARIO + "delete/", views.scenario_delete, name="scenario_delete"),
]
