"""Routes for the workbook views (see appraisal/views/workbook.py)."""

from django.urls import path

from appraisal.views import workbook

urlpatterns = [
    # Before "appraisals/<slug>/" in appraisal/urls.py, or "import" would be read as an appraisal's slug.
    path("appraisals/import/", workbook.workbook_import_new, name="workbook_import_new"),
    path("appraisals/<slug:slug>/workbook/template.xlsx", workbook.workbook_template, name="workbook_template"),
    path("appraisals/<slug:slug>/workbook/export.xlsx", workbook.workbook_export, name="workbook_export"),
    path("appraisals/<slug:slug>/workbook/upload/", workbook.workbook_upload, name="workbook_upload"),
    path("workbook-uploads/<uuid:pk>/", workbook.workbook_preview, name="workbook_preview"),
    path("workbook-uploads/<uuid:pk>/confirm/", workbook.workbook_confirm, name="workbook_confirm"),
]
