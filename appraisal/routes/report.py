"""Routes for the cabinet report (see appraisal/views/report.py)."""

from django.urls import path

from appraisal.views import report

# A PDF is named by its fingerprint (the SHA-256 of what it shows, 64 hex digits): see CabinetReportPdf.
PDF = "appraisals/<slug:slug>/cabinet-report/pdf/<slug:fingerprint>/"

urlpatterns = [
    path("appraisals/<slug:slug>/cabinet-report/", report.cabinet_report, name="cabinet_report"),
    path("appraisals/<slug:slug>/cabinet-report.pdf", report.cabinet_report_pdf, name="cabinet_report_pdf"),
    path(PDF, report.cabinet_report_pdf_status, name="cabinet_report_pdf_status"),
    path(f"{PDF}download/", report.cabinet_report_pdf_download, name="cabinet_report_pdf_download"),
    path("appraisals/<slug:slug>/cabinet-report/edit/", report.cabinet_report_edit, name="cabinet_report_edit"),
]
