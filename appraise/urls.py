from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Appraise administration"
admin.site.site_title = "Appraise"
admin.site.index_title = "Councils, services and appraisals"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("appraisal.urls")),
]
