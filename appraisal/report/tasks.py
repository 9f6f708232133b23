"""The cabinet report's background task: WeasyPrint makes the PDF here, not in a web request.

django-tasks (the backport of Django 6's tasks framework) runs it: in the request that asks for it with the
immediate backend (development: `runserver` alone), or in `python manage.py db_worker` with the database backend
(production: APPRAISE_TASK_BACKEND=database), so a 20-page report never holds a web worker for seconds.
"""

from django_tasks import task

from appraisal.report.services import cabinet_report_pdf_render


@task()
def render_cabinet_report_pdf(pdf_id: int) -> int:
    """Render the CabinetReportPdf row's HTML to PDF and store it; returns the PDF's size in bytes (0 if the row
    has gone meanwhile)."""
    pdf = cabinet_report_pdf_render(pdf_id=pdf_id)
    return pdf.size if pdf else 0
