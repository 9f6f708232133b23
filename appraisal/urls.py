from django.urls import include, path

# One route module per feature, so each feature's URLs sit beside its views.
urlpatterns = [
    # Workbook routes first: appraisals/import/ must not be taken for an appraisal called "import".
    path("", include("appraisal.workbook.urls")),
    # Likewise appraisals/new/from-published-figures/.
    path("", include("appraisal.outturn.urls")),
    path("", include("appraisal.summary.urls")),
    path("", include("appraisal.baselines.urls")),
    path("", include("appraisal.history.urls")),
    path("", include("appraisal.scenarios.urls")),
    path("", include("appraisal.options.urls")),
    path("", include("appraisal.staffing.urls")),
    path("", include("appraisal.realisation.urls")),
    path("", include("appraisal.realisation.benefit_urls")),
    path("", include("appraisal.realisation.decision_urls")),
    path("", include("appraisal.report.urls")),
    path("", include("appraisal.simulation.urls")),
    path("", include("appraisal.simulation.settings_urls")),
]
