from django.urls import path

from ocop.office import certificate_views as views

app_name = "certification"
urlpatterns = [
    path("", views.certificate_list, name="certificate_list"),
    path("<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("issue/<int:product_pk>/", views.certificate_issue, name="certificate_issue"),
]
