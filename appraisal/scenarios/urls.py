"""Routes for the scenarios pages (views.py) and the editor's small forms (edit_views.py, part_views.py)."""

from django.urls import path

from appraisal.scenarios import edit_views, part_views, partner_views, views

SCENARIO = "appraisals/<slug:slug>/scenarios/<int:pk>/"

urlpatterns = [
    path("appraisals/<slug:slug>/scenarios/", views.appraisal_scenarios, name="appraisal_scenarios"),
    path("appraisals/<slug:slug>/scenarios/add/", views.scenario_create, name="scenario_create"),
    path(
        "appraisals/<slug:slug>/scenarios/discount-base-year/",
        views.discount_base_year_update,
        name="discount_base_year_update",
    ),
    path(
        "appraisals/<slug:slug>/scenarios/partners/<int:council_pk>/",
        partner_views.partner_years_update,
        name="partner_years_update",
    ),
    path(SCENARIO, views.scenario_editor, name="scenario_editor"),
    path(SCENARIO + "status/", edit_views.scenario_status_update, name="scenario_status_update"),
    path(SCENARIO + "details/", edit_views.scenario_details_update, name="scenario_details_update"),
    path(SCENARIO + "period/", edit_views.scenario_period_update, name="scenario_period_update"),
    path(SCENARIO + "rates/<slug:rate>/", edit_views.scenario_rate_update, name="scenario_rate_update"),
    path(SCENARIO + "sharing/", part_views.scenario_sharing_update, name="scenario_sharing_update"),
    path(SCENARIO + "clusters/<int:cluster_pk>/", part_views.scenario_cluster_update, name="scenario_cluster_update"),
    path(SCENARIO + "phasing/<int:year>/", part_views.scenario_phase_update, name="scenario_phase_update"),
    path(
        SCENARIO + "phasing/<int:year>/clusters/<int:cluster_pk>/",
        part_views.scenario_cluster_phase_update,
        name="scenario_cluster_phase_update",
    ),
    path(SCENARIO + "phasing/add-year/", edit_views.scenario_year_add, name="scenario_year_add"),
    path(SCENARIO + "phasing/remove-year/", edit_views.scenario_year_remove, name="scenario_year_remove"),
    path(SCENARIO + "costs/", part_views.cost_item_add, name="cost_item_add"),
    path(SCENARIO + "costs/<int:item_pk>/", part_views.cost_item_update, name="cost_item_update"),
    path(SCENARIO + "costs/<int:item_pk>/remove/", part_views.cost_item_remove, name="cost_item_remove"),
    path(SCENARIO + "copy/", edit_views.scenario_clone, name="scenario_clone"),
    path(SCENARIO + "delete/", views.scenario_delete, name="scenario_delete"),
]
