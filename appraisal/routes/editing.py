"""Routes for the editing views (see appraisal/views/editing.py)."""

urlpatterns: list = []
