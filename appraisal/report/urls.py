"""Routes for the cabinet report (see views.py beside it)."""

from django.urls import path

from appraisal.report import monitoring, views

# A PDF is named by its fingerprint (the SHA-256 of what it shows, 64 hex digits): see CabinetReportPdf.
PDF = "appraisals/<slug:slug>/cabinet-report/pdf/<slug:fingerprint>/"

urlpatterns = [
    path("appraisals/<slug:slug>/cabinet-report/", views.cabinet_report, name="cabinet_report"),
    path("appraisals/<slug:slug>/cabinet-report.pdf", views.cabinet_report_pdf, name="cabinet_report_pdf"),
    path(PDF, views.cabinet_report_pdf_status, name="cabinet_report_pdf_status"),
    path(f"{PDF}download/", views.cabinet_report_pdf_download, name="cabinet_report_pdf_download"),
    path("appraisals/<slug:slug>/cabinet-report/edit/", views.cabinet_report_edit, name="cabinet_report_edit"),
    path("appraisals/<slug:slug>/monitoring-report.pdf", monitoring.monitoring_report, name="monitoring_report"),
]
