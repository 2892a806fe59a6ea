from django.urls import path

from ocop.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.batch_new, name="new"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/progress/", views.batch_progress, name="progress"),
    path("<int:pk>/confirm/", views.batch_confirm, name="confirm"),
    path("<int:pk>/errors.xlsx", views.batch_errors, name="errors"),
    path("<int:pk>/file/", views.batch_file, name="file"),
    path("template/<slug:kind>.xlsx", views.template_download, name="template"),
    path("export/products.xlsx", views.export_products, {"fmt": "xlsx"}, name="export_xlsx"),
    path("export/products.csv", views.export_products, {"fmt": "csv"}, name="export_csv"),
]
