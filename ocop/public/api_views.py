"""Public API (/api/v1/public/): no login, rate-limited (throttle scope "public"), read only.
The same selectors as the public pages; the open-data files of `opendata`."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from ocop.accounts.access import access
from ocop.certification.selectors import status_q
from ocop.core import vntext
from ocop.geo.models import AdminUnit
from ocop.public import opendata, selectors, stamps
from ocop.registry.models import Producer


class PublicAPIView:
    authentication_classes = []  # anonymous by design: no session, no CSRF
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public"


class VerdictSerializer(serializers.Serializer):
    colour = serializers.CharField()
    status = serializers.CharField()
    headline = serializers.CharField()
    detail = serializers.CharField()


class PublicCertificateSerializer(serializers.Serializer):
    code = serializers.CharField(source="public_code")
    number = serializers.CharField()
    stars = serializers.IntegerField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    issuer = serializers.CharField(source="issuer_name")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    revoked_on = serializers.DateField()
    verify_url = serializers.SerializerMethodField()
    product = serializers.SerializerMethodField()
    producer = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()

    def get_verify_url(self, certificate) -> str:
        return stamps.verification_url(certificate)

    def get_product(self, certificate) -> dict:
        product = certificate.product
        return {"id": product.pk, "name": product.name, "gtin": product.gtin}

    def get_producer(self, certificate) -> dict:
        producer = certificate.product.producer
        return {"id": producer.pk, "name": producer.name, "province": producer.province.name}

    def get_verdict(self, certificate) -> dict:
        return VerdictSerializer(selectors.verdict(certificate)).data


class PublicProductSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="product_id")
    name = serializers.CharField(source="product.name")
    gtin = serializers.CharField(source="product.gtin")
    producer_id = serializers.IntegerField(source="product.producer_id")
    producer_name = serializers.CharField(source="product.producer.name")
    province_code = serializers.IntegerField(source="product.producer.province.code")
    province_name = serializers.CharField(source="product.producer.province.name")
    stars = serializers.SerializerMethodField(
        help_text="Hạng sao khi giấy chứng nhận còn hiệu lực, nếu không thì null"
    )
    status = serializers.SerializerMethodField()
    certificate_code = serializers.CharField(source="certificate.public_code")
    valid_until = serializers.DateField(source="certificate.valid_until")

    def get_stars(self, entry) -> int | None:
        return entry.certificate.stars if selectors.verdict(entry.certificate).shows_stars else None

    def get_status(self, entry) -> str:
        return selectors.verdict(entry.certificate).status


class PublicProducerSerializer(serializers.ModelSerializer):
    province_code = serializers.IntegerField(source="province.code")
    province_name = serializers.CharField(source="province.name")

    class Meta:
        model = Producer
        fields = ["id", "name", "producer_type", "province_code", "province_name"]


@extend_schema(
    tags=["public"],
    parameters=[
        OpenApiParameter("q", str, description="Tìm không dấu: tên sản phẩm, chủ thể, địa phương"),
        OpenApiParameter("province", int, description="Mã tỉnh (hệ thống hiện hành)"),
        OpenApiParameter("stars", int, enum=[3, 4, 5]),
        OpenApiParameter("group", str, description="Mã nhóm: food, drink, herbal, …"),
        OpenApiParameter("product_set", str),
        OpenApiParameter("producer_type", str),
        OpenApiParameter("include_ended", bool, description="Gồm cả sản phẩm hết hạn/bị thu hồi"),
    ],
)
@access(public=True)
class PublicProductList(PublicAPIView, generics.ListAPIView):
    """Products of the public catalogue, best match first."""

    serializer_class = PublicProductSerializer
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        province = None
        if params.get("province", "").isdigit():
            province = AdminUnit.objects.filter(
                scheme="current", level="province", code=int(params["province"])
            ).first()
        query = selectors.CatalogueQuery(
            q=params.get("q", ""),
            province=province,
            stars=int(params["stars"]) if params.get("stars", "").isdigit() else None,
            group=params.get("group", ""),
            product_set=params.get("product_set", ""),
            producer_type=params.get("producer_type", ""),
            include_ended=params.get("include_ended", "").lower() in ("1", "true"),
        )
        return selectors.catalogue_entries(query)


@extend_schema(
    tags=["public"],
    parameters=[
        OpenApiParameter("q", str, description="Tên chủ thể, không dấu"),
        OpenApiParameter("province", int, description="Mã tỉnh (hệ thống hiện hành)"),
    ],
)
@access(public=True)
class PublicProducerList(PublicAPIView, generics.ListAPIView):
    """Producers with at least one product holding a valid certificate today."""

    serializer_class = PublicProducerSerializer
    filter_backends = []

    def get_queryset(self):
        today = timezone.localdate()
        producers = Producer.objects.filter(
            pk__in=selectors.CatalogueEntry.objects.filter(status_q("valid", today)).values(
                "product__producer_id"
            )
        ).select_related("province")
        params = self.request.query_params
        for word in vntext.fold(params.get("q", "")).split()[:6]:
            producers = producers.filter(search_name__contains=word)
        if params.get("province", "").isdigit():
            producers = producers.filter(province__code=int(params["province"]), province__scheme="current")
        return producers.order_by("sort_key", "id")


@extend_schema(tags=["public"], responses=PublicCertificateSerializer)
@access(public=True, kwargs={"code": "certificate_code"})
class PublicCertificateDetail(PublicAPIView, APIView):
    """One certificate by its public code (printed on the certificate and its QR stamps), with
    the verdict of the verification page."""

    def get(self, request, code: str):
        certificate = selectors.certificate_by_code(code)
        if certificate is None:
            raise NotFound("Không tìm thấy mã tra cứu này.")
        return Response(PublicCertificateSerializer(certificate).data)


@extend_schema(
    tags=["public"],
    responses={(200, "text/csv"): OpenApiTypes.STR},
    description=(
        "Danh sách sản phẩm có giấy chứng nhận còn hiệu lực (CSV). Hai dòng đầu: giấy phép, ngày trích xuất."
    ),
)
@access(public=True)
class CertifiedCSV(PublicAPIView, APIView):
    def get(self, request):
        today = timezone.localdate()
        response = StreamingHttpResponse(opendata.csv_lines(today), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ocop-certified-{today.isoformat()}.csv"'
        return response


@extend_schema(
    tags=["public"],
    responses={200: OpenApiTypes.OBJECT},
    description=(
        "Danh sách sản phẩm có giấy chứng nhận còn hiệu lực (JSON), kèm giấy phép và ngày trích xuất."
    ),
)
@access(public=True)
class CertifiedJSON(PublicAPIView, APIView):
    def get(self, request):
        return Response(opendata.json_document())
