"""Routes for the cabinet report (see appraisal/views/report.py)."""

from django.urls import path

from appraisal.views import report

urlpatterns = [
    path("appraisals/<slug:slug>/cabinet-report/", report.cabinet_report, name="cabinet_report"),
    path("appraisals/<slug:slug>/cabinet-report.pdf", report.cabinet_report_pdf, name="cabinet_report_pdf"),
    path("appraisals/<slug:slug>/cabinet-report/edit/", report.cabinet_report_edit, name="cabinet_report_edit"),
]
