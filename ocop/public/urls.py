from django.urls import path, re_path

from ocop.public import views

app_name = "public"
# Codes are Crockford base32; lower case and hyphens are accepted and redirected to the stored form.
CODE = "<str:code>"
urlpatterns = [
    path("tra-cuu/", views.home, name="home"),
    path("san-pham/", views.catalogue, name="catalogue"),
    path("san-pham/goi-y/", views.suggest, name="suggest"),
    path("san-pham/<int:pk>/", views.product, name="product"),
    path("chu-the/<int:pk>/", views.producer, name="producer"),
    path("tinh/<int:code>/", views.province, name="province"),
    path("diem-ban/", views.points, name="points"),
    path("diem-ban/<int:pk>/", views.point, name="point"),
    path("v/", views.lookup, name="lookup"),
    path(f"v/{CODE}/", views.verify, name="verify"),
    path(f"v/{CODE}/noi-quet/", views.verify_place, name="verify_place"),
    path(f"v/{CODE}/qr.png", views.qr_png, name="qr_png"),
    path(f"v/{CODE}/qr.svg", views.qr_svg, name="qr_svg"),
    path(f"v/{CODE}/giay-chung-nhan.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(f"v/{CODE}/tem-qr.pdf", views.stamps_pdf, name="stamps_pdf"),
    re_path(r"^01/(?P<gtin>[0-9]{8,14})/?$", views.digital_link, name="digital_link"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
]
