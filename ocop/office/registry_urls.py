from django.urls import path

from ocop.office import registry_views as views

app_name = "registry"
urlpatterns = [
    path("producers/", views.producer_list, name="producer_list"),
    path("producers/new/", views.producer_create, name="producer_create"),
    path("producers/<int:pk>/", views.producer_detail, name="producer_detail"),
    path("producers/<int:pk>/edit/", views.producer_update, name="producer_update"),
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", views.product_update, name="product_update"),
]
