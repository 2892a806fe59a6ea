from django.urls import path

from ocop.public import api_views as views

app_name = "public_api"
urlpatterns = [
    path("products/", views.PublicProductList.as_view(), name="products"),
    path("producers/", views.PublicProducerList.as_view(), name="producers"),
    path("points-of-sale/", views.PublicPointList.as_view(), name="points"),
    path("points-of-sale/<int:pk>/", views.PublicPointDetail.as_view(), name="point"),
    path("certificates/<str:code>/", views.PublicCertificateDetail.as_view(), name="certificate"),
    path("certified.csv", views.CertifiedCSV.as_view(), name="certified_csv"),
    path("certified.json", views.CertifiedJSON.as_view(), name="certified_json"),
]
