"""Routes for the options pages (views.py) and the option page's small forms (option_views.py)."""

from django.urls import path

from appraisal.options import option_views, views

OPTIONS = "appraisals/<slug:slug>/options/"
OPTION = OPTIONS + "<int:pk>/"

urlpatterns = [
    path(OPTIONS, views.appraisal_options, name="appraisal_options"),
    path(OPTIONS + "add/", views.option_create, name="option_create"),
    path(OPTIONS + "criteria/", views.criteria_update, name="criteria_update"),
    path(OPTIONS + "criteria/add/", views.criterion_add, name="criterion_add"),
    path(OPTIONS + "criteria/<int:criterion_pk>/remove/", views.criterion_remove, name="criterion_remove"),
    path(OPTIONS + "preferred/", views.preferred_update, name="preferred_update"),
    path(OPTION, views.option_detail, name="option_detail"),
    path(OPTION + "delete/", views.option_delete, name="option_delete"),
    path(OPTION + "details/", option_views.option_details_update, name="option_details_update"),
    path(OPTION + "models/", option_views.option_models_update, name="option_models_update"),
    path(OPTION + "scores/", option_views.option_scores_update, name="option_scores_update"),
    path(OPTION + "costs/", option_views.option_cost_add, name="option_cost_add"),
    path(OPTION + "costs/<int:item_pk>/", option_views.option_cost_update, name="option_cost_update"),
    path(OPTION + "costs/<int:item_pk>/remove/", option_views.option_cost_remove, name="option_cost_remove"),
    path(OPTION + "risks/", option_views.option_risk_add, name="option_risk_add"),
    path(OPTION + "risks/<int:risk_pk>/", option_views.option_risk_update, name="option_risk_update"),
    path(OPTION + "risks/<int:risk_pk>/remove/", option_views.option_risk_remove, name="option_risk_remove"),
    path(OPTION + "cases/", option_views.option_case_add, name="option_case_add"),
]
