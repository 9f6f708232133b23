"""Routes for the benefits page (benefit_views.py): the register, a new benefit, a change and a reading."""

from django.urls import path

from appraisal.realisation import benefit_views as views

BENEFITS = "appraisals/<slug:slug>/benefits/"
BENEFIT = BENEFITS + "<int:benefit_pk>/"

urlpatterns = [
    path(BENEFITS, views.appraisal_benefits, name="appraisal_benefits"),
    path(BENEFITS + "add/", views.benefit_create, name="benefit_create"),
    path(BENEFIT, views.benefit_update, name="benefit_update"),
    path(BENEFIT + "readings/", views.benefit_reading_record, name="benefit_reading_record"),
]
