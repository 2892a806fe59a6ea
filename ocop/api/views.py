"""API v1: thin views over the same selectors and services as the pages."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.accounts import capabilities as caps
from ocop.accounts.access import access
from ocop.accounts.permissions import units_in_scope
from ocop.api.registry_serializers import ErrorSerializer
from ocop.api.serializers import RegionSerializer, UnitDetailSerializer, UnitSerializer
from ocop.core import vntext
from ocop.geo.models import AdminUnit, Level, Region, Scheme


class UnitFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_q", label="Tên (không phân biệt dấu, hoa/thường)")
    scheme = filters.ChoiceFilter(choices=Scheme.choices)
    level = filters.ChoiceFilter(choices=Level.choices)
    province = filters.NumberFilter(field_name="province__code", label="Mã tỉnh (trong cùng hệ thống)")
    region = filters.CharFilter(field_name="region__code")
    in_scope = filters.BooleanFilter(method="filter_in_scope", label="Chỉ các đơn vị thuộc phạm vi của tôi")

    class Meta:
        model = AdminUnit
        fields = ["q", "scheme", "level", "province", "region", "in_scope"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_name__contains=vntext.fold(value))

    def filter_in_scope(self, queryset, name, value):
        if not value:
            return queryset
        return units_in_scope(self.request.user, caps.VIEW_UNIT_WORKSPACE, queryset)


@extend_schema_view(
    get=extend_schema(
        responses={
            200: UnitSerializer(many=True),
            400: OpenApiResponse(ErrorSerializer, description="Tham số lọc không hợp lệ"),
        }
    )
)
@access(public=True)
class UnitList(generics.ListAPIView):
    """Administrative units of both schemes, in Vietnamese alphabetical order.

    Reference data, readable by anyone. `in_scope=true` keeps the units of the caller's workspace.
    """

    serializer_class = UnitSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = UnitFilter

    def get_queryset(self):
        return AdminUnit.objects.select_related("parent", "province", "region").order_by(
            "sort_key", "scheme", "code"
        )


@extend_schema_view(
    get=extend_schema(
        responses={
            200: UnitDetailSerializer,
            404: OpenApiResponse(ErrorSerializer, description="Không có đơn vị với địa giới, cấp và mã này"),
        }
    )
)
@access(public=True, example={"scheme": "legacy", "level": "province", "code": 94})
class UnitDetail(generics.RetrieveAPIView):
    """One unit with its parent, region and its mapping to the other scheme."""

    serializer_class = UnitDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self):
        return get_object_or_404(
            AdminUnit.objects.select_related("parent", "province", "region"),
            scheme=self.kwargs["scheme"],
            level=self.kwargs["level"],
            code=self.kwargs["code"],
        )


@access(public=True)
class RegionList(generics.ListAPIView):
    """The six socio-economic regions."""

    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    queryset = Region.objects.order_by("sort_order")


@access(public=True)
class ResolveView(APIView):
    """Free text → administrative unit(s) in both schemes, or an ambiguous / unknown answer."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description="Tên hoặc địa chỉ, có hoặc không dấu"),
            OpenApiParameter("province", str, description="Tên tỉnh (cũ hoặc mới) để thu hẹp"),
            OpenApiParameter("date", OpenApiTypes.DATE, description="Ngày của địa chỉ (YYYY-MM-DD)"),
        ],
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(ErrorSerializer, description="Thiếu `q` hoặc ngày sai dạng"),
        },
    )
    def get(self, request):
        from ocop.geo.resolver import resolve

        text = request.query_params.get("q", "").strip()
        if not text:
            raise ValidationError({"q": _("Cần nhập tên đơn vị hành chính.")})
        date = None
        if raw_date := request.query_params.get("date"):
            try:
                date = datetime.date.fromisoformat(raw_date)
            except ValueError:
                raise ValidationError({"date": _("Ngày không hợp lệ, cần dạng YYYY-MM-DD.")}) from None
        result = resolve(text, province=request.query_params.get("province") or None, date=date)
        return Response(result.to_dict())


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.DictField())


@access(login=True)
class MeView(APIView):
    """The signed-in user and their roles with scopes."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        assignments = user.role_assignments.select_related("unit").order_by("role")
        roles = [
            {
                "role": a.role,
                "label": a.get_role_display(),
                "unit": UnitSerializer(a.unit, context={"request": request}).data if a.unit else None,
            }
            for a in assignments
        ]
        if user.is_superuser and "system_admin" not in {r["role"] for r in roles}:
            roles.append({"role": "system_admin", "label": "Quản trị hệ thống", "unit": None})
        return Response(
            {
                "username": user.get_username(),
                "full_name": user.full_name,
                "roles": roles,
            }
        )
