from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from appraise import health

admin.site.site_header = "Appraise administration"
admin.site.site_title = "Appraise"
admin.site.index_title = "Councils, services and appraisals"

# 500 uses Django's own view with our template; 403 adds the reason the view gave, and 400, 403 and 404 answer an
# HTMX request with a banner it can show (appraise/errors.py).
handler400 = "appraise.errors.bad_request"
handler403 = "appraise.errors.permission_denied"
handler404 = "appraise.errors.page_not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # Lazy: the hashed name is only in the manifest collectstatic writes, which `check --deploy` may run before.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)),
    path("", include("appraisal.urls")),
]
