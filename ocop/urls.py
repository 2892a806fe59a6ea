from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from ocop.accounts.access import access

urlpatterns = [
    # Django's language switch, declared here as it has no view module of ours.
    path("i18n/setlang/", access(public=True)(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("ocop.accounts.urls")),
    path("geo/", include("ocop.office.geo_urls")),
    path("registry/", include("ocop.office.registry_urls")),
    path("certification/", include("ocop.office.certificate_urls")),
    path("imports/", include("ocop.imports.urls")),
    path("activities/", include("ocop.office.activity_urls")),
    path("stats/", include("ocop.reporting.urls")),
    path("reports/", include("ocop.reporting.report_urls")),
    path("targets/", include("ocop.reporting.target_urls")),
    path("api/v1/public/", include("ocop.public.api_urls")),
    path("evaluation/", include("ocop.evaluation.urls")),
    path("api/", include("ocop.api.urls")),
    path("", include("ocop.public.urls")),
    path("", include("ocop.portal.urls")),
]
# Uploaded files (staged imports: producers' tax codes and addresses) are never served as static
# files, not even with DEBUG on: a view that serves one must declare its access like any other.
