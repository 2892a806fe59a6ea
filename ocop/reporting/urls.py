from django.urls import path

from ocop.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ranking/", views.ranking_page, name="ranking"),
]
