"""Routes for the realisation page (views.py): the page, recording an actual and changing a recorded one."""

from django.urls import path

from appraisal.realisation import views

REALISATION = "appraisals/<slug:slug>/realisation/"

urlpatterns = [
    path(REALISATION, views.appraisal_realisation, name="appraisal_realisation"),
    path(REALISATION + "actuals/", views.realisation_actual_record, name="realisation_actual_record"),
    path(REALISATION + "actuals/<int:actual_pk>/", views.realisation_actual_update, name="realisation_actual_update"),
]
