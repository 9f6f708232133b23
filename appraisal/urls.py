from django.urls import include, path

# One route module per topic, so each topic's URLs sit beside its views.
urlpatterns = [
    # Workbook routes first: appraisals/import/ must not be taken for an appraisal called "import".
    path("", include("appraisal.routes.workbook")),
    path("", include("appraisal.routes.pages")),
    path("", include("appraisal.routes.grid")),
    path("", include("appraisal.routes.editing")),
    path("", include("appraisal.routes.scenarios")),
    path("", include("appraisal.routes.report")),
]
