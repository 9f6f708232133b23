"""Routes for the grid views (see appraisal/views/grid.py)."""

urlpatterns: list = []
