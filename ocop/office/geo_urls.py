from django.urls import path, re_path

from ocop.office import geo_views as views

app_name = "geo"
urlpatterns = [
    path("", views.province_list, name="province_list"),
    path("resolve/", views.resolve, name="resolve"),
    # A current province has a 2-digit code, a current commune a 5-digit one.
    re_path(r"^workspace/(?P<code>\d{1,5})/$", views.workspace, name="workspace"),
    re_path(
        r"^(?P<scheme>legacy|current)/(?P<level>province|district|commune)/(?P<code>\d{1,5})/$",
        views.unit_detail,
        name="unit_detail",
    ),
]
