"""Routes for the workbook views (see views.py beside it)."""

from django.urls import path

from appraisal.workbook import views

urlpatterns = [
    # Before "appraisals/<slug>/" in appraisal/urls.py, or "import" would be read as an appraisal's slug.
    path("appraisals/import/", views.workbook_import_new, name="workbook_import_new"),
    path("appraisals/<slug:slug>/workbook/template.xlsx", views.workbook_template, name="workbook_template"),
    path("appraisals/<slug:slug>/workbook/export.xlsx", views.workbook_export, name="workbook_export"),
    path("appraisals/<slug:slug>/workbook/upload/", views.workbook_upload, name="workbook_upload"),
    path("workbook-uploads/<uuid:pk>/", views.workbook_preview, name="workbook_preview"),
    path("workbook-uploads/<uuid:pk>/confirm/", views.workbook_confirm, name="workbook_confirm"),
]
