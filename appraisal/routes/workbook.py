"""Routes for the workbook views (see appraisal/views/workbook.py)."""

urlpatterns: list = []
