"""Routes for the staffing page (views.py) and its small forms (post_views.py, settings_views.py)."""

from django.urls import path

from appraisal.staffing import post_views, settings_views, views

STAFFING = "appraisals/<slug:slug>/staffing/"
POST = STAFFING + "posts/<int:post_pk>/"
GRADE = STAFFING + "grades/<int:grade_pk>/"
OPTION = STAFFING + "options/<int:option_pk>/"

urlpatterns = [
    path(STAFFING, views.appraisal_staffing, name="appraisal_staffing"),
    path(STAFFING + "posts/", post_views.staffing_post_create, name="staffing_post_create"),
    path(POST, post_views.staffing_post_update, name="staffing_post_update"),
    path(POST + "remove/", post_views.staffing_post_delete, name="staffing_post_delete"),
    path(STAFFING + "grades/", settings_views.staffing_grade_create, name="staffing_grade_create"),
    path(GRADE, settings_views.staffing_grade_update, name="staffing_grade_update"),
    path(GRADE + "remove/", settings_views.staffing_grade_delete, name="staffing_grade_delete"),
    path(OPTION + "from-today/", post_views.staffing_from_baseline, name="staffing_from_baseline"),
    path(OPTION, settings_views.staffing_option_update, name="staffing_option_update"),
    path(OPTION + "consultation/", settings_views.staffing_consultation_update, name="staffing_consultation_update"),
    path(
        STAFFING + "councils/<int:council_pk>/", settings_views.staffing_council_update, name="staffing_council_update"
    ),
]
