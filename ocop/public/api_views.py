"""Public API (/api/v1/public/): no login, rate-limited (throttle scope "public"), read only.
The same selectors as the public pages; the open-data files of `opendata`."""

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from ocop.accounts.access import access
from ocop.activities.models import PointKind
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


# --- Points of sale: the same selectors as the directory /diem-ban/ and the page /diem-ban/<pk>/ ----


class PublicUnitSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    name = serializers.CharField()


class PublicOperatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Mã chủ thể khi chủ thể có trang công khai")
    name = serializers.CharField()
    url = serializers.CharField(allow_null=True, help_text="Trang công khai của chủ thể, nếu có")


class PublicCarriedProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    stars = serializers.IntegerField(
        source="catalogue_entry.stars", help_text="Hạng sao của giấy chứng nhận còn hiệu lực hôm nay"
    )
    url = serializers.SerializerMethodField()

    def get_url(self, product) -> str:
        return reverse("public:product", kwargs={"pk": product.pk})


class PublicPointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PointKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    address = serializers.CharField(help_text="Số nhà, đường (không gồm xã, tỉnh)")
    commune = PublicUnitSerializer(allow_null=True, help_text="Xã/phường hiện hành")
    province = PublicUnitSerializer(help_text="Tỉnh/thành phố hiện hành")
    former_commune = PublicUnitSerializer(source="legacy_commune", allow_null=True)
    former_district = PublicUnitSerializer(source="legacy_district", allow_null=True)
    former_province = PublicUnitSerializer(
        source="legacy_province", allow_null=True, help_text="Tỉnh trước 01/07/2025"
    )
    operator = serializers.CharField(help_text="Đơn vị vận hành (ghi bằng chữ)")
    operator_producer = serializers.SerializerMethodField(help_text="Chủ thể OCOP vận hành điểm, nếu có")
    phone = serializers.CharField()
    opened_on = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()
    products = PublicCarriedProductSerializer(
        source="carried", many=True, help_text="Sản phẩm bày bán có giấy chứng nhận còn hiệu lực hôm nay"
    )

    @extend_schema_field(PublicOperatorSerializer(allow_null=True))
    def get_operator_producer(self, point) -> dict | None:
        producer = point.operator_producer
        if producer is None:
            return None
        if not point.operator_is_public:
            return {"id": None, "name": producer.name, "url": None}
        return {
            "id": producer.pk,
            "name": producer.name,
            "url": reverse("public:producer", kwargs={"pk": producer.pk}),
        }

    def get_url(self, point) -> str:
        return reverse("public:point", kwargs={"pk": point.pk})


class PointGone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = gettext_lazy("Điểm bán này đã ngừng hoạt động.")
    default_code = "closed"


@extend_schema(
    tags=["public"],
    parameters=[
        OpenApiParameter("province", int, description="Mã tỉnh (hệ thống hiện hành)"),
        OpenApiParameter("kind", str, enum=PointKind.values, description="Loại điểm"),
    ],
)
@access(public=True)
class PublicPointList(PublicAPIView, generics.ListAPIView):
    """Points of sale and showrooms open today (the directory /diem-ban/), with their address in both
    schemes, operator and the OCOP products they carry whose certificate is valid today. An unknown
    province code or kind is refused (400)."""

    serializer_class = PublicPointSerializer
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        province, kind = None, params.get("kind", "")
        if "province" in params:
            code = params["province"]
            if code.isdigit():
                province = selectors.current_provinces().filter(code=int(code)).first()
            if province is None:
                message = _("Không có tỉnh/thành phố mã %(code)s (hệ thống hiện hành).") % {"code": code}
                raise ValidationError({"province": [message]})
        if kind and kind not in PointKind.values:
            message = _("Loại điểm phải là một trong: %(kinds)s.") % {"kinds": ", ".join(PointKind.values)}
            raise ValidationError({"kind": [message]})
        return selectors.points_of_sale(province=province, kind=kind)

    def paginate_queryset(self, queryset):
        return selectors.with_public_operators(super().paginate_queryset(queryset))


@extend_schema(
    tags=["public"],
    responses={200: PublicPointSerializer, 404: OpenApiTypes.OBJECT, 410: OpenApiTypes.OBJECT},
)
@access(public=True, kwargs={"pk": "point_of_sale"})
class PublicPointDetail(PublicAPIView, APIView):
    """One open point of sale (the page /diem-ban/<pk>/). A closed point answers 410 with its closing
    date; a planned one, or no such point, 404."""

    def get(self, request, pk: int):
        point = selectors.point_of_sale(pk)
        if point is None:
            raise NotFound(_("Không tìm thấy điểm bán này."))
        if point.is_closed:
            raise PointGone(
                {
                    "detail": str(PointGone.default_detail),
                    "closed_on": point.closed_on.isoformat() if point.closed_on else None,
                }
            )
        (point,) = selectors.with_public_operators([point])
        return Response(PublicPointSerializer(point).data)


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
