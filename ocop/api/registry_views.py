"""Producers, products and certificates in the API: reads through the scoped selectors, writes
through the same services as the officials' pages.

An object outside what the caller may see is a 404; one they may see but not change is a 403; a
write the service refuses is a 400 with its messages by field (`ocop.api.errors`).
"""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import has_capability
from ocop.api.permissions import DeclaredCapability
from ocop.api.registry_serializers import (
    CertificateSerializer,
    ErrorSerializer,
    IssueSerializer,
    ProducerSerializer,
    ProductSerializer,
    RevokeSerializer,
)
from ocop.certification import services as certification_services
from ocop.certification.models import Certificate
from ocop.certification.selectors import status_q, visible_certificates
from ocop.core import vntext
from ocop.geo.models import AdminUnit, Level, Scheme
from ocop.registry import services as registry_services
from ocop.registry.selectors import filter_by_unit, search, visible_producers, visible_products

REFUSED = {
    400: OpenApiResponse(ErrorSerializer, description="Dữ liệu bị từ chối: thông báo theo từng trường"),
    403: OpenApiResponse(ErrorSerializer, description="Không có quyền trên tỉnh/thành phố của đối tượng"),
}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="Không có, hoặc ngoài phạm vi được xem")}
Q_PARAM = OpenApiParameter("q", str, description="Tìm theo tên, không phân biệt hoa thường và dấu")
PROVINCE_PARAM = OpenApiParameter("province", str, description="Mã tỉnh/thành phố (từ 01/07/2025), ví dụ 92")


def _require(user, capability, province) -> None:
    if not has_capability(user, capability, unit=province):
        raise PermissionDenied(_("Đối tượng thuộc tỉnh/thành phố ngoài phạm vi được thao tác của bạn."))


def _filter_province(queryset, request, prefix=""):
    code = request.query_params.get("province", "").strip()
    if code.isdigit():
        province = AdminUnit.objects.filter(
            scheme=Scheme.CURRENT, level=Level.PROVINCE, code=int(code)
        ).first()
        queryset = filter_by_unit(queryset, province, prefix) if province else queryset.none()
    return queryset


def _fields(validated: dict) -> dict:
    validated = dict(validated)
    validated.pop("allow_duplicate", None)
    return validated


# --- Producers -----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="Danh sách chủ thể trong phạm vi", parameters=[Q_PARAM, PROVINCE_PARAM]),
    post=extend_schema(
        summary="Tạo chủ thể (cùng quy tắc với trang tạo chủ thể)",
        responses={201: ProducerSerializer, **REFUSED},
    ),
)
@access(capability=caps.VIEW_REGISTRY)
class ProducerList(generics.ListCreateAPIView):
    """Chủ thể OCOP mà bạn được xem; tạo mới cần quyền sửa danh mục trên tỉnh/thành phố của chủ thể."""

    serializer_class = ProducerSerializer
    permission_classes = [DeclaredCapability]
    write_capability = caps.EDIT_REGISTRY

    def get_queryset(self):
        producers = visible_producers(self.request.user)
        producers = search(producers, self.request.query_params.get("q", ""))
        return _filter_province(producers, self.request).order_by("sort_key", "id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        province = data.get("province") or (data["commune"].province if data.get("commune") else None)
        if province is not None:
            _require(self.request.user, caps.EDIT_REGISTRY, province)
        serializer.instance = registry_services.producer_create(
            actor=self.request.user, allow_duplicate=data.get("allow_duplicate", False), **_fields(data)
        )


@extend_schema_view(
    get=extend_schema(summary="Một chủ thể", responses={200: ProducerSerializer, **NOT_FOUND}),
    put=extend_schema(summary="Sửa chủ thể", responses={200: ProducerSerializer, **REFUSED, **NOT_FOUND}),
    patch=extend_schema(
        summary="Sửa một phần chủ thể", responses={200: ProducerSerializer, **REFUSED, **NOT_FOUND}
    ),
)
@access(capability=caps.VIEW_REGISTRY, object="producer")
class ProducerDetail(generics.RetrieveUpdateAPIView):
    """Một chủ thể trong phạm vi; sửa cần quyền sửa danh mục trên tỉnh/thành phố của chủ thể."""

    serializer_class = ProducerSerializer
    permission_classes = [DeclaredCapability]
    write_capability = caps.EDIT_REGISTRY

    def get_queryset(self):
        return visible_producers(self.request.user)

    def perform_update(self, serializer):
        producer = serializer.instance
        _require(self.request.user, caps.EDIT_REGISTRY, producer.province)
        if serializer.validated_data.get("province"):
            _require(self.request.user, caps.EDIT_REGISTRY, serializer.validated_data["province"])
        registry_services.producer_update(
            actor=self.request.user, producer=producer, **_fields(serializer.validated_data)
        )


# --- Products ------------------------------------------------------------------------------------


def _with_stars(products):
    today = timezone.localdate()
    valid = Certificate.objects.filter(status_q("valid", today), product=OuterRef("pk")).order_by(
        "-decision_date"
    )
    return products.annotate(current_stars=Subquery(valid.values("stars")[:1]))


@extend_schema_view(
    get=extend_schema(
        summary="Danh sách sản phẩm trong phạm vi",
        parameters=[
            Q_PARAM,
            PROVINCE_PARAM,
            OpenApiParameter("producer", int, description="Mã (id) chủ thể"),
        ],
    ),
    post=extend_schema(summary="Tạo sản phẩm", responses={201: ProductSerializer, **REFUSED}),
)
@access(capability=caps.VIEW_REGISTRY)
class ProductList(generics.ListCreateAPIView):
    """Sản phẩm mà bạn được xem, kèm số sao còn hiệu lực; tạo mới cần quyền sửa danh mục trên
    tỉnh/thành phố của chủ thể."""

    serializer_class = ProductSerializer
    permission_classes = [DeclaredCapability]
    write_capability = caps.EDIT_REGISTRY

    def get_queryset(self):
        products = search(visible_products(self.request.user), self.request.query_params.get("q", ""))
        producer = self.request.query_params.get("producer", "")
        if producer.isdigit():
            products = products.filter(producer_id=int(producer))
        products = _filter_province(products, self.request, "producer__")
        return _with_stars(products).order_by("sort_key", "id")

    def perform_create(self, serializer):
        _require(self.request.user, caps.EDIT_REGISTRY, serializer.validated_data["producer"].province)
        serializer.instance = registry_services.product_create(
            actor=self.request.user, **serializer.validated_data
        )


@extend_schema_view(
    get=extend_schema(summary="Một sản phẩm", responses={200: ProductSerializer, **NOT_FOUND}),
    put=extend_schema(summary="Sửa sản phẩm", responses={200: ProductSerializer, **REFUSED, **NOT_FOUND}),
    patch=extend_schema(
        summary="Sửa một phần sản phẩm", responses={200: ProductSerializer, **REFUSED, **NOT_FOUND}
    ),
)
@access(capability=caps.VIEW_REGISTRY, object="product")
class ProductDetail(generics.RetrieveUpdateAPIView):
    """Một sản phẩm trong phạm vi; sửa cần quyền sửa danh mục trên tỉnh/thành phố của chủ thể."""

    serializer_class = ProductSerializer
    permission_classes = [DeclaredCapability]
    write_capability = caps.EDIT_REGISTRY

    def get_queryset(self):
        return _with_stars(visible_products(self.request.user))

    def perform_update(self, serializer):
        product = serializer.instance
        _require(self.request.user, caps.EDIT_REGISTRY, product.producer.province)
        if "producer" in serializer.validated_data:
            _require(self.request.user, caps.EDIT_REGISTRY, serializer.validated_data["producer"].province)
        registry_services.product_update(
            actor=self.request.user, product=product, **serializer.validated_data
        )


# --- Certificates --------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Danh sách giấy chứng nhận trong phạm vi",
        parameters=[
            Q_PARAM,
            PROVINCE_PARAM,
            OpenApiParameter("product", int, description="Mã (id) sản phẩm"),
            OpenApiParameter(
                "status",
                str,
                description="active, expiring, expired, revoked, superseded hoặc valid (hôm nay)",
            ),
        ],
    )
)
@access(capability=caps.VIEW_REGISTRY)
class CertificateList(generics.ListAPIView):
    """Giấy chứng nhận (quyết định công nhận) của các sản phẩm mà bạn được xem."""

    serializer_class = CertificateSerializer
    permission_classes = [DeclaredCapability]

    def get_queryset(self):
        params = self.request.query_params
        certificates = visible_certificates(self.request.user).select_related("product__producer")
        if folded := vntext.fold(params.get("q", "")):
            certificates = certificates.filter(product__search_name__contains=folded)
        if params.get("product", "").isdigit():
            certificates = certificates.filter(product_id=int(params["product"]))
        if status_name := params.get("status", "").strip():
            try:
                certificates = certificates.filter(status_q(status_name, timezone.localdate()))
            except (KeyError, ValueError):
                certificates = certificates.none()
        certificates = _filter_province(certificates, self.request, "product__producer__")
        return certificates.order_by("product__sort_key", "product_id", "-decision_date", "-id")


@extend_schema_view(
    get=extend_schema(summary="Một giấy chứng nhận", responses={200: CertificateSerializer, **NOT_FOUND})
)
@access(capability=caps.VIEW_REGISTRY, object="certificate")
class CertificateDetail(generics.RetrieveAPIView):
    """Một giấy chứng nhận trong phạm vi, với trạng thái hôm nay."""

    serializer_class = CertificateSerializer
    permission_classes = [DeclaredCapability]

    def get_queryset(self):
        return visible_certificates(self.request.user).select_related("product__producer")


@access(capability=caps.ISSUE_CERTIFICATE, object="product")
class CertificateIssue(APIView):
    """Ghi nhận quyết định công nhận cho một sản phẩm (mới, công nhận lại, nâng hạng, hạ hạng)."""

    permission_classes = [DeclaredCapability]

    @extend_schema(
        summary="Ghi nhận quyết định công nhận",
        request=IssueSerializer,
        responses={201: CertificateSerializer, **REFUSED, **NOT_FOUND},
    )
    def post(self, request, pk: int):
        product = get_object_or_404(visible_products(request.user), pk=pk)
        _require(request.user, caps.ISSUE_CERTIFICATE, product.producer.province)
        serializer = IssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        certificate = certification_services.certificate_issue(
            actor=request.user, product=product, **serializer.validated_data
        )
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)


@access(capability=caps.REVOKE_CERTIFICATE, object="certificate")
class CertificateRevoke(APIView):
    """Thu hồi giấy chứng nhận theo quyết định của cấp đã công nhận."""

    permission_classes = [DeclaredCapability]

    @extend_schema(
        summary="Thu hồi giấy chứng nhận",
        request=RevokeSerializer,
        responses={200: CertificateSerializer, **REFUSED, **NOT_FOUND},
    )
    def post(self, request, pk: int):
        certificate = get_object_or_404(visible_certificates(request.user), pk=pk)
        _require(request.user, caps.REVOKE_CERTIFICATE, certificate.product.producer.province)
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        certificate = certification_services.certificate_revoke(
            actor=request.user, certificate=certificate, **serializer.validated_data
        )
        return Response(CertificateSerializer(certificate).data)
