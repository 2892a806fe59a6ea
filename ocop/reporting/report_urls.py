"""Report page and downloads; included by the project at /reports/ (namespace "reports")."""

from django.urls import path

from ocop.reporting import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.report_page, name="report"),
    path("download/", report_views.report_download, name="download"),
]
