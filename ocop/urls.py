from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("ocop.accounts.urls")),
    path("geo/", include("ocop.office.geo_urls")),
    path("registry/", include("ocop.office.registry_urls")),
    path("certification/", include("ocop.office.certificate_urls")),
    path("imports/", include("ocop.imports.urls")),
    path("stats/", include("ocop.reporting.urls")),
    path("reports/", include("ocop.reporting.report_urls")),
    path("targets/", include("ocop.reporting.target_urls")),
    path("api/", include("ocop.api.urls")),
    path("", include("ocop.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
