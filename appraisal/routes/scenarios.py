"""Routes for the scenario editor (see appraisal/views/scenarios.py)."""

from django.urls import path

from appraisal.views import scenarios

SCENARIO = "appraisals/<slug:slug>/scenarios/<int:pk>/"

urlpatterns = [
    path("appraisals/<slug:slug>/scenarios/", scenarios.appraisal_scenarios, name="appraisal_scenarios"),
    path("appraisals/<slug:slug>/scenarios/add/", scenarios.scenario_create, name="scenario_create"),
    path(SCENARIO, scenarios.scenario_editor, name="scenario_editor"),
    path(SCENARIO + "details/", scenarios.scenario_details_update, name="scenario_details_update"),
    path(SCENARIO + "period/", scenarios.scenario_period_update, name="scenario_period_update"),
    path(SCENARIO + "rates/<slug:rate>/", scenarios.scenario_rate_update, name="scenario_rate_update"),
    path(SCENARIO + "sharing/", scenarios.scenario_sharing_update, name="scenario_sharing_update"),
    path(SCENARIO + "clusters/<int:cluster_pk>/", scenarios.scenario_cluster_update, name="scenario_cluster_update"),
    path(SCENARIO + "phasing/<int:year>/", scenarios.scenario_phase_update, name="scenario_phase_update"),
    path(
        SCENARIO + "phasing/<int:year>/clusters/<int:cluster_pk>/",
        scenarios.scenario_cluster_phase_update,
        name="scenario_cluster_phase_update",
    ),
    path(SCENARIO + "phasing/add-year/", scenarios.scenario_year_add, name="scenario_year_add"),
    path(SCENARIO + "phasing/remove-year/", scenarios.scenario_year_remove, name="scenario_year_remove"),
    path(SCENARIO + "costs/", scenarios.cost_item_add, name="cost_item_add"),
    path(SCENARIO + "costs/<int:item_pk>/", scenarios.cost_item_update, name="cost_item_update"),
    path(SCENARIO + "costs/<int:item_pk>/remove/", scenarios.cost_item_remove, name="cost_item_remove"),
    path(SCENARIO + "copy/", scenarios.scenario_clone, name="scenario_clone"),
    path(SCENARIO + "delete/", scenarios.scenario_delete, name="scenario_delete"),
]
