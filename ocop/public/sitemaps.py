"""sitemap.xml: the public home, the catalogue, the directory of points of sale (whole and per
province that has open points), every open point of sale, every province and every product and
producer with a valid certificate (expired and revoked ones, and closed points, stay reachable but
are not advertised)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from ocop.certification.selectors import status_q
from ocop.public.models import CatalogueEntry
from ocop.public.selectors import current_provinces, points_of_sale


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["public:home", "public:catalogue", "public:points"]

    def location(self, item):
        return reverse(item)


class ProvinceSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return list(current_provinces().values_list("code", flat=True))

    def location(self, code):
        return reverse("public:province", kwargs={"code": code})


class PointsSitemap(Sitemap):
    """The directory filtered to each current province that has an open point of sale."""

    changefreq = "weekly"

    def items(self):
        codes = points_of_sale().order_by().values_list("province__code", flat=True).distinct()
        return sorted(codes)

    def location(self, code):
        return f"{reverse('public:points')}?tinh={code}"


class PointSitemap(Sitemap):
    """Each open point of sale's page."""

    changefreq = "weekly"

    def items(self):
        return list(points_of_sale().order_by("pk").values_list("pk", flat=True))

    def location(self, pk):
        return reverse("public:point", kwargs={"pk": pk})


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self):
        return (
            CatalogueEntry.objects.filter(status_q("valid", timezone.localdate()))
            .order_by("product_id")
            .values_list("product_id", flat=True)
        )

    def location(self, pk):
        return reverse("public:product", kwargs={"pk": pk})


class ProducerSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self):
        return (
            CatalogueEntry.objects.filter(status_q("valid", timezone.localdate()))
            .order_by("product__producer_id")
            .values_list("product__producer_id", flat=True)
            .distinct()
        )

    def location(self, pk):
        return reverse("public:producer", kwargs={"pk": pk})


SITEMAPS = {
    "pages": StaticSitemap,
    "provinces": ProvinceSitemap,
    "points": PointsSitemap,
    "point": PointSitemap,
    "products": ProductSitemap,
    "producers": ProducerSitemap,
}
