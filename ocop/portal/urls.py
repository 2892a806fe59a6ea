from django.urls import path

from ocop.portal import producer_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/producer/", producer_views.my_producer, name="my_producer"),
    path("my/producer/<int:pk>/", producer_views.my_producer_detail, name="my_producer_detail"),
    path("my/products/<int:pk>/", producer_views.my_product, name="my_product"),
]
